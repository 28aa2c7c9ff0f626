import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { CaseAccess } from '../cases/case-access';
import { CasesRepository } from '../cases/cases.repository';
import {
  NotificationKindHandler,
  NotificationKinds,
  PreparedNotification,
} from '../notifications/notification-kinds';
import { Notification } from '../notifications/notification.entity';
import { NotificationKind } from '../notifications/notification.enums';
import { UserRole } from '../users/user-role';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { renderAssignment, renderTransfer, STAFF_LANGUAGE } from './case-moves-message-copy';
import { CaseMovesRepository } from './case-moves.repository';
import { TransferStatus } from './case-transfer';

/**
 * The messages of cases that move: a bulk assignment to its assignee, a transfer to the
 * supervisors of the agencies on either side. Each row names what it is about only through its
 * dedupe key (`case_assignment:<notice>`, `case_transfer:<transfer>:<event>:<user>`); what it
 * says is read at delivery, so a case reassigned since, or a transfer decided since, is left out
 * or the message cancelled.
 */
@Injectable()
export class CaseMovesNotificationKinds implements NotificationKindHandler, OnModuleInit {
  readonly kinds = [
    NotificationKind.CaseAssignment,
    NotificationKind.CaseTransferRequested,
    NotificationKind.CaseTransferDecided,
  ] as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: NotificationKinds,
    private readonly moves: CaseMovesRepository,
    private readonly cases: CasesRepository,
    private readonly agencies: AgenciesRepository,
    private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async prepare(row: Notification): Promise<PreparedNotification> {
    const user = row.recipientUserId ? await this.users.findById(row.recipientUserId) : null;
    if (!user || user.disabledAt !== null) return { send: false, reason: 'recipient gone' };
    const [kind, subjectId] = (row.dedupeKey ?? '').split(':');
    if (row.kind === NotificationKind.CaseAssignment && kind === 'case_assignment')
      return this.assignment(user, subjectId);
    if (kind === 'case_transfer') return this.transfer(row, user, subjectId);
    throw new Error('A case move message without its subject');
  }

  private async assignment(user: User, noticeId: string): Promise<PreparedNotification> {
    const notice = await this.moves.findAssignmentNotice(noticeId);
    if (!notice || notice.assigneeId !== user.id) return { send: false, reason: 'no notice' };
    const facts = await this.cases.caseFacts(notice.caseIds);
    // Only the cases still theirs: one reassigned since is no longer news to them.
    const numbers = notice.caseIds
      .map((id) => facts.get(id))
      .filter((c) => c && c.assignedCaseworkerId === user.id && CaseAccess.canRead(user, c))
      .map((c) => c!.caseNumber);
    if (numbers.length === 0) return { send: false, reason: 'cases reassigned since' };
    return {
      send: true,
      message: renderAssignment({
        language: STAFF_LANGUAGE,
        recipientName: user.fullName,
        caseNumbers: numbers,
        queueUrl: `${this.config.publicBaseUrl}/api/v1/queues/mine`,
      }),
      emailTo: [user.email],
      webhook: null,
    };
  }

  private async transfer(
    row: Notification,
    user: User,
    transferId: string,
  ): Promise<PreparedNotification> {
    const transfer = await this.moves.findTransfer(transferId);
    if (!transfer) return { send: false, reason: 'no transfer' };
    const requested = row.kind === NotificationKind.CaseTransferRequested;
    if (requested && transfer.status !== TransferStatus.Requested)
      return { send: false, reason: 'transfer decided since' };
    if (
      user.role !== UserRole.Supervisor ||
      (user.agencyId !== transfer.fromAgencyId && user.agencyId !== transfer.toAgencyId)
    )
      return { send: false, reason: 'recipient no longer a supervisor of either agency' };
    const [facts, from, to] = await Promise.all([
      this.cases.caseFacts([transfer.caseId]),
      this.agencies.findById(transfer.fromAgencyId),
      this.agencies.findById(transfer.toAgencyId),
    ]);
    const record = facts.get(transfer.caseId);
    if (!record || !from || !to) return { send: false, reason: 'case or agency gone' };
    return {
      send: true,
      message: renderTransfer({
        language: STAFF_LANGUAGE,
        recipientName: user.fullName,
        caseNumber: record.caseNumber,
        fromAgency: from.shortName,
        toAgency: to.shortName,
        event: requested ? 'requested' : transfer.status,
        transferUrl: `${this.config.publicBaseUrl}/api/v1/transfers/${transfer.id}`,
      }),
      emailTo: [user.email],
      webhook: null,
    };
  }
}
