import { PartialType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsPhoneNumber } from '../../../common/identity/identity-validators';
import { PerpetratorInputDto } from './perpetrator-input.dto';
import { PerpetratorRole, PerpetratorStatus } from '../perpetrator.enums';

export class LinkedCaseDto {
  caseId!: string;
  caseNumber!: string;
  title!: string;
  status!: string;
  linkedAt!: Date;
}

export class PerpetratorResponseDto {
  id!: string;
  fullName!: string;
  aliases!: string[];
  roles!: PerpetratorRole[];
  placementCompany!: string | null;
  /**
   * E.164 numbers for the staff who may change a linked case; the last four digits
   * (`*********1234`) for other readers; only asterisks for viewers.
   */
  phones!: string[];
  socialHandles!: string[];
  homeRegionCode!: string | null;
  status!: PerpetratorStatus;
  /**
   * Its staff change who the perpetrator is; other agencies propose changes. Given only to the
   * recording agency and admins (null for others): another agency learning it would learn that
   * agency has a case on this perpetrator.
   */
  recordedByAgencyId!: string | null;
  /** Whether the caller's agency recorded the perpetrator (and so may change who they are). */
  recordedByYourAgency!: boolean;
  version!: number;
  /** The linked cases this caller may see; others are not listed. */
  cases!: LinkedCaseDto[];
  /** How many linked cases exist in all, including those the caller may not see. */
  linkedCaseCount!: number;
}

export class UpdatePerpetratorDto extends PartialType(PerpetratorInputDto, {
  skipNullProperties: false,
}) {
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}

/** The most perpetrators one search returns. */
export const PERPETRATOR_SEARCH_LIMIT = 50;

export class SearchPerpetratorsQueryDto {
  /** Exact phone number, in any common writing (0812..., +62...). */
  @IsOptional()
  @IsString()
  @IsPhoneNumber()
  phone?: string;

  /** Part of a name or alias. */
  @IsOptional()
  @IsString()
  @Length(2, 100)
  q?: string;
}
