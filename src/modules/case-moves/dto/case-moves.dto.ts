import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IntegerQuery } from '../../../common/http/integer-query';
import { Trim } from '../../../common/validation/normalise';
import { CasePriority, CaseStatus, ExploitationType, IncidentType } from '../../cases/case.enums';
import { TransferStatus } from '../case-transfer';

/** A case id, or its number as people quote it (`LPG-2024-000123`, prefix in any case). */
export const CASE_REF =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z]{2,8}-\d{4}-\d{6,9})$/;

/** The most cases one bulk request may name. */
export const BULK_CASE_LIMIT = 500;

export class AssignCasesDto {
  /** Up to 500 case ids or case numbers; all are assigned, or none. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(BULK_CASE_LIMIT)
  @IsString({ each: true })
  @Matches(CASE_REF, {
    each: true,
    message: 'each of caseIds must be a case id (UUID) or a case number such as LPG-2026-000001',
  })
  caseIds!: string[];

  /**
   * An active caseworker or supervisor of every case's agency, or null to take the cases off
   * whoever has them. A caseworker may only name themselves, for unassigned cases.
   */
  @ValidateIf((_object, value) => value !== null)
  @IsUUID()
  assigneeId!: string | null;
}

export enum ClosureDecision {
  Approve = 'approve',
  SendBack = 'send_back',
}

export class ClosureDecisionsDto {
  /** Up to 500 cases awaiting closure approval, by id or number; all are decided, or none. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(BULK_CASE_LIMIT)
  @IsString({ each: true })
  @Matches(CASE_REF, {
    each: true,
    message: 'each of caseIds must be a case id (UUID) or a case number such as LPG-2026-000001',
  })
  caseIds!: string[];

  /** `approve` closes the cases; `send_back` returns them to `in_assistance`. */
  @IsEnum(ClosureDecision)
  decision!: ClosureDecision;

  /** Why; required to send cases back, kept on each case's timeline. */
  @ValidateIf(
    (object: ClosureDecisionsDto) =>
      object.decision === ClosureDecision.SendBack || object.comment !== undefined,
  )
  @Trim()
  @IsString({ message: 'comment is required to send cases back (3 to 2000 characters)' })
  @Length(3, 2000)
  comment?: string;
}

/** One case of a bulk answer, as it is now. */
export class BulkCaseResultDto {
  caseId!: string;
  caseNumber!: string;
  status!: CaseStatus;
  assignedCaseworkerId!: string | null;
  version!: number;
  /** false when the case already was as asked (assigned to that person): it was left alone. */
  changed!: boolean;
}

export class RequestTransferDto {
  /** The agency that is to take the case over. */
  @IsUUID()
  toAgencyId!: string;

  /** Why the case should move; shown to the receiving agency's supervisors and on the timeline. */
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason!: string;
}

export class DecideTransferDto {
  /** Why; required to refuse, optional to accept or withdraw. */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason?: string;
}

export class RefuseTransferDto {
  /** Why the receiving agency does not take the case; shown to the sending agency. */
  @Trim()
  @IsString()
  @Length(3, 2000)
  reason!: string;
}

export enum TransferDirection {
  Incoming = 'incoming',
  Outgoing = 'outgoing',
}

export class ListTransfersQueryDto {
  /** `incoming`: cases offered to the caller's agency; `outgoing`: cases it offered. */
  @IsIn(Object.values(TransferDirection))
  direction!: TransferDirection;

  @IsOptional()
  @IsEnum(TransferStatus)
  status?: TransferStatus;

  /** One case's transfers (its page shows the offer that waits), on the caller's side only. */
  @IsOptional()
  @IsUUID()
  caseId?: string;

  /** Admins: another agency's transfers (others may only name their own). */
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

/**
 * What the receiving agency's supervisors see of a case while deciding whether to take it: the
 * kind of case, how urgent, how many victims and from which regencies, never a name, an
 * identity, an address, the title or the summary (which staff may write names into).
 */
export class TransferCaseSummaryDto {
  caseNumber!: string;
  status!: CaseStatus;
  priority!: CasePriority;
  incidentType!: IncidentType;
  exploitationTypes!: ExploitationType[];
  /** ISO 3166-1 alpha-2. */
  exploitationCountry!: string | null;
  victimCount!: number;
  /** Kemendagri codes of the victims' regencies of origin (no district or village). */
  originRegencyCodes!: string[];
  /** yyyy-mm-dd */
  reportedDate!: string;
}

export class TransferResponseDto {
  id!: string;
  caseId!: string;
  caseNumber!: string;
  fromAgencyId!: string;
  fromAgencyName!: string;
  toAgencyId!: string;
  toAgencyName!: string;
  status!: TransferStatus;
  reason!: string;
  requestedById!: string;
  requestedAt!: Date;
  decidedById!: string | null;
  decidedAt!: Date | null;
  /** The receiving agency's reason to refuse, or a note on accepting or withdrawing. */
  responseReason!: string | null;
  /**
   * The case as the receiving side decides on it: given to the receiving agency while the transfer
   * awaits its decision, and to the side that owns the case; null for anyone else.
   */
  case!: TransferCaseSummaryDto | null;
}
