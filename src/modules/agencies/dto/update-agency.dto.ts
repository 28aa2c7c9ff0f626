import { PartialType } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { CreateAgencyDto } from './create-agency.dto';

// Omitted fields stay as they are; null clears a field only where the create DTO allows null.
export class UpdateAgencyDto extends PartialType(CreateAgencyDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409 with the current version. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}
