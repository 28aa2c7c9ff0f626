import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({
    example: 'REQUEST.VALIDATION_FAILED',
    description: 'Stable, machine-readable error code',
  })
  code!: string;

  @ApiProperty({ example: 'The request has invalid fields' })
  message!: string;

  @ApiPropertyOptional({
    description:
      'Error specifics; for validation errors `{ fields: [{ field, messages, rules? }] }`: ' +
      '`rules` names the rule behind each message (`isEmail`, `isNik`, `maxLength`...) for ' +
      'clients that word it themselves',
    example: {
      fields: [{ field: 'email', messages: ['email must be an email'], rules: ['isEmail'] }],
    },
  })
  details?: unknown;

  @ApiProperty({
    example: '5d0f6c1e-3c1b-4f49-9f0e-6f4f3a1e2b7c',
    description: 'Quote it when reporting a problem',
  })
  requestId!: string;
}
