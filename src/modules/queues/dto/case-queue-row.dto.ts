import { CaseSummaryDto } from '../../cases/dto/case-response.dto';

/** A row of a case queue: what a supervisor scans, read in the same statement as the page. */
export class CaseQueueRowDto extends CaseSummaryDto {
  /** The assigned caseworker's name, for the queue's assignee column. */
  assignedCaseworkerName!: string | null;
  victimCount!: number;
  /** The earliest deadline of the case's open referrals. */
  nextDueAt!: Date | null;
  /** Open referrals past their deadline (acknowledgement, then completion). */
  overdueReferralCount!: number;
  /** When a person last changed the case or its records (reads and system messages do not count). */
  lastActivityAt!: Date;
}
