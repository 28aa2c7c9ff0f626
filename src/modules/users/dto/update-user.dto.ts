import { OmitType, PartialType } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { CreateUserDto } from './create-user.dto';

export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['email'] as const), {
  skipNullProperties: false,
}) {
  /** The version you read; a stale one gets 409 with the current version. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}
