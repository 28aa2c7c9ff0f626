import { PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsPastDate } from '../../../common/validation/dates';
import { COUNTRY_CODE_PATTERN } from '../../agencies/dto/agency-fields';
import { CaseFieldsDto } from './create-case.dto';

/**
 * Omitted fields stay as they are. `null` clears the fields that may be empty (an assignment, a
 * date or place that turned out to be wrong); other fields refuse it.
 */
export class UpdateCaseDto extends PartialType(CaseFieldsDto, { skipNullProperties: false }) {
  /** The version you read; a stale one gets 409 with the current version. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

  /** null unassigns. */
  @IsOptional()
  @IsUUID()
  override assignedCaseworkerId?: string | null;

  @IsOptional()
  @IsUUID()
  override supervisorId?: string | null;

  @IsOptional()
  @Matches(COUNTRY_CODE_PATTERN, {
    message: 'exploitationCountry must be an ISO 3166-1 alpha-2 code, e.g. KH',
  })
  override exploitationCountry?: string | null;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  override exploitationCity?: string | null;

  @IsOptional()
  @IsPastDate()
  override incidentDate?: string | null;
}
