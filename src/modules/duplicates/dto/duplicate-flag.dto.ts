import { IsOptional, IsString, Length } from 'class-validator';
import { Trim } from '../../../common/validation/normalise';
import { DuplicateReason, FlagStatus } from '../duplicate-flag.enums';

/** The agency that holds the other record. */
export class DuplicateAgencyDto {
  id!: string;
  name!: string;
}

/**
 * The other victim of a possible duplicate. Staff who may read its case see who it is; others
 * (another agency's record) see only that a match exists, at which agency and in which case
 * number, so the two offices can coordinate without either's data reaching the other.
 */
export class DuplicateMatchDto {
  /** Whether you may read the other record: false means everything personal below is null. */
  visible!: boolean;
  victimId!: string | null;
  fullName!: string | null;
  /** `************7890`; absent for viewers. */
  nikMasked?: string | null;
  dateOfBirth!: string | null;
  originRegionCode!: string | null;
  caseId!: string | null;
  /** Always given: the number to quote when calling the other agency. */
  caseNumber!: string;
  agency!: DuplicateAgencyDto;
}

/** A possible duplicate of a victim, and what was decided about it. */
export class DuplicateFlagDto {
  id!: string;
  /** The victim whose duplicates were asked for. */
  victimId!: string;
  reason!: DuplicateReason;
  /** 0 to 1 (1 for the same NIK). */
  score!: number;
  status!: FlagStatus;
  decidedAt!: Date | null;
  /** Whether the decision was made at your agency; null while open. */
  decidedByYourAgency!: boolean | null;
  /** The deciding staff member; only for their own agency and admins. */
  decidedBy!: string | null;
  /** Why it was decided so; only for the deciding agency and admins. */
  comment!: string | null;
  version!: number;
  createdAt!: Date;
  match!: DuplicateMatchDto;
}

export class DecideDuplicateFlagDto {
  /** Why: e.g. "dikonfirmasi dengan BP3MI Lampung, orang yang sama" (kept with the decision). */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}
