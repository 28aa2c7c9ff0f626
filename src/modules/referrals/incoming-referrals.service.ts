import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ForbiddenError,
  ValidationFailedError,
  VersionConflictError,
} from '../../common/errors/app-error';
import { keysetPage, type ListPage } from '../../common/http/pagination.dto';
import { AuditService } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { ReadableRecords } from '../cases/readable-records';
import { NotificationWriter } from '../notifications/notification-writer';
import type { ScheduledNotification } from '../notifications/notifications.repository';
import { UsersRepository } from '../users/users.repository';
import {
  AssignReferralDto,
  IncomingReferralRowDto,
  ListIncomingReferralsQueryDto,
} from './dto/incoming-referral.dto';
import {
  decodeIncomingCursor,
  encodeIncomingCursor,
  type IncomingScope,
} from './incoming-referral-query';
import { ReceivingAccess, RECEIVING_STAFF_ROLES } from './receiving-access';
import { ReferralNotifications } from './referral-notifications';
import { allowedResponses, isOpen } from './referral-workflow';
import {
  ReferralAssignmentNotAllowedError,
  ReferralClosedError,
  ReferralNotFoundError,
} from './referrals.errors';
import type { Referral } from './referral.entity';
import { type IncomingRow, ReferralsRepository } from './referrals.repository';

/**
 * Referrals as the receiving agency's own staff work them, when it has staff in Jejak: the
 * incoming list, and assignment by a supervisor to one of its caseworkers. The answers go through
 * ReferralResponsesService, as a liaison's do.
 */
@Injectable()
export class IncomingReferralsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsRepository,
    private readonly readableRecords: ReadableRecords,
    private readonly users: UsersRepository,
    private readonly plan: ReferralNotifications,
    private readonly writer: NotificationWriter,
    private readonly audit: AuditService,
  ) {}

  /** The referrals sent to the caller's agency, filtered and ordered as asked. */
  async list(
    actor: AuthenticatedUser,
    query: ListIncomingReferralsQueryDto,
  ): Promise<ListPage<IncomingReferralRowDto>> {
    // The cursor is read before the role: a forged one is a 400 for every caller.
    const after = query.cursor ? decodeIncomingCursor(query.cursor, query.sort) : undefined;
    const scope = this.scopeOf(actor);
    const { items, next } = await this.referrals.incomingPage(query, scope, after);
    return keysetPage(items.map(rowDto), query.limit, encodeIncomingCursor(next));
  }

  /** How many referrals a query finds for the caller, counted up to `limit` + 1 and no further. */
  count(
    actor: AuthenticatedUser,
    query: ListIncomingReferralsQueryDto,
    limit: number,
  ): Promise<number> {
    return this.referrals.incomingCount(query, this.scopeOf(actor), limit);
  }

  /**
   * Gives the referral to a caseworker or supervisor of the receiving agency (or to nobody), who
   * is told by email. Only the receiving agency's supervisors assign; the referral must still be
   * open, and the version the caller read current.
   */
  async assign(
    actor: AuthenticatedUser,
    id: string,
    dto: AssignReferralDto,
  ): Promise<IncomingReferralRowDto> {
    const referral = await this.assignable(actor, id);
    if (dto.assigneeId !== null) await this.checkAssignee(dto.assigneeId, referral.agencyId);
    const scheduled = await this.dataSource.transaction(async (manager) => {
      const current = await this.referrals.lockForUpdate(id, manager);
      if (!current) throw new ReferralNotFoundError();
      if (current.version !== dto.version)
        throw new VersionConflictError('referral', current.version);
      if (!isOpen(current.status)) throw new ReferralClosedError(current.status);
      if (current.assigneeId === dto.assigneeId) return [] as ScheduledNotification[];
      const updated = await this.referrals.update(id, { assigneeId: dto.assigneeId }, manager);
      await this.audit.record(manager, actor, {
        action: 'referral.assigned',
        entityType: 'referral',
        entityId: id,
        caseId: current.caseId,
        changes: { assigneeId: { from: current.assigneeId, to: dto.assigneeId } },
      });
      // Whoever assigns a referral to themselves needs no message about it.
      if (dto.assigneeId === null || dto.assigneeId === actor.id) return [];
      return this.plan.onAssigned(manager, updated, dto.assigneeId);
    });
    await this.writer.dispatchDue(scheduled);
    const row = await this.referrals.findIncomingRow(id);
    return rowDto(row!);
  }

  /** The referral, if the caller may assign it. */
  private async assignable(actor: AuthenticatedUser, id: string): Promise<Referral> {
    const referral = await this.referrals.findById(id);
    if (!referral) throw new ReferralNotFoundError();
    if (!ReceivingAccess.canAssign(actor, referral)) {
      // Whoever may read the referral learns why they may not; anyone else finds nothing.
      const readsIt =
        ReceivingAccess.knowsOf(actor, referral) ||
        (await this.readableRecords.caseFor(actor, referral.caseId).then(
          () => true,
          () => false,
        ));
      throw readsIt ? new ReferralAssignmentNotAllowedError() : new ReferralNotFoundError();
    }
    return referral;
  }

  private async checkAssignee(assigneeId: string, agencyId: string): Promise<void> {
    const user = await this.users.findById(assigneeId);
    if (
      !user ||
      user.disabledAt ||
      user.agencyId !== agencyId ||
      !RECEIVING_STAFF_ROLES.includes(user.role)
    )
      throw ValidationFailedError.forField(
        'assigneeId',
        'assigneeId must be an active caseworker or supervisor of the receiving agency',
      );
  }

  /** Supervisors and caseworkers list what was sent to their own agency; liaisons use `?mine`. */
  private scopeOf(actor: AuthenticatedUser): IncomingScope {
    if (!RECEIVING_STAFF_ROLES.includes(actor.role))
      throw new ForbiddenError(
        'The incoming list is for supervisors and caseworkers; liaisons list theirs with GET /referrals?mine',
      );
    return { agencyId: actor.agencyId, callerId: actor.id };
  }
}

function rowDto(row: IncomingRow): IncomingReferralRowDto {
  return {
    id: row.id,
    version: row.version,
    caseNumber: row.case_number,
    referringAgency: {
      id: row.referring_agency_id,
      name: row.referring_agency_name,
      shortName: row.referring_agency_short_name,
    },
    service: row.service,
    priority: row.priority,
    status: row.status,
    reason: row.reason,
    request: row.request,
    sharedFields: row.shared_fields,
    timeZone: row.time_zone,
    sentAt: row.sent_at,
    acknowledgeDueAt: row.acknowledge_due_at,
    dueAt: row.due_at,
    nextDueAt: row.next_due_at,
    overdue: row.overdue,
    acknowledgedAt: row.acknowledged_at,
    completedAt: row.completed_at,
    declinedAt: row.declined_at,
    cancelledAt: row.cancelled_at,
    assignee:
      row.assignee_id === null ? null : { id: row.assignee_id, fullName: row.assignee_name! },
    allowedResponses: allowedResponses(row.status),
  };
}
