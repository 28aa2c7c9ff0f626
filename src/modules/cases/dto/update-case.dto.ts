import { PartialType } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { CaseFieldsDto } from './create-case.dto';

export class UpdateCaseDto extends PartialType(CaseFieldsDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409 with the current version. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}
