import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ForbiddenError, ValidationFailedError } from '../../common/errors/app-error';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../common/http/keyset-cursor';
import { keysetPage, type ListPage } from '../../common/http/pagination.dto';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { type AuditEntry, AuditService, REDACTED } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { isClosed } from '../cases/case-workflow';
import { type Case } from '../cases/case.entity';
import { CaseNotFoundError } from '../cases/cases.errors';
import { type CaseFacts, CasesRepository } from '../cases/cases.repository';
import { ReadableRecords } from '../cases/readable-records';
import { NotificationWriter } from '../notifications/notification-writer';
import {
  NotificationChannel,
  NotificationKind,
  RecipientKind,
} from '../notifications/notification.enums';
import type { ScheduledNotification } from '../notifications/notifications.repository';
import { UserRole } from '../users/user-role';
import { UsersRepository } from '../users/users.repository';
import {
  CaseNotTransferableError,
  TransferNotFoundError,
  TransferNotOpenError,
} from './case-moves.errors';
import { CaseMovesRepository } from './case-moves.repository';
import { type CaseTransfer, TransferStatus } from './case-transfer';
import {
  DecideTransferDto,
  ListTransfersQueryDto,
  RefuseTransferDto,
  RequestTransferDto,
  TransferDirection,
  TransferResponseDto,
} from './dto/case-moves.dto';

/** The dedupe key of one transfer message: the transfer, the event and the recipient. */
export const transferMessageKey = (transferId: string, event: TransferStatus, userId: string) =>
  `case_transfer:${transferId}:${event}:${userId}`;

/** Supervisors told about a transfer, at most this many per agency. */
const SUPERVISORS_TOLD = 50;

/** The action each decision leaves on the case's timeline and in each agency's audit trail. */
const EVENT_ACTION: Record<TransferStatus, string> = {
  [TransferStatus.Requested]: 'transfer_requested',
  [TransferStatus.Accepted]: 'transferred',
  [TransferStatus.Refused]: 'transfer_refused',
  [TransferStatus.Withdrawn]: 'transfer_withdrawn',
};

/**
 * A case moving to another agency. The owning agency's supervisor asks, with a reason; a
 * supervisor of the receiving agency accepts or refuses (with a reason); the asking side may
 * withdraw while nobody has decided. Accepting moves the case (same number, new owner, nobody
 * assigned) in one transaction.
 *
 * Who sees a transfer: admins, and supervisors of either agency. While it waits, the receiving
 * supervisors see the facts they decide on (`TransferCaseSummaryDto`: no title, summary, name or
 * address), never the case itself; once it is theirs, they read the case as its owner. After an
 * acceptance the sending agency keeps its transfer record and its own audit entries (entity
 * `case_transfer`) but no longer reads the case.
 */
@Injectable()
export class CaseTransfersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readable: ReadableRecords,
    private readonly cases: CasesRepository,
    private readonly moves: CaseMovesRepository,
    private readonly agencies: AgenciesRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationWriter,
  ) {}

  async request(
    actor: AuthenticatedUser,
    caseId: string,
    dto: RequestTransferDto,
  ): Promise<TransferResponseDto> {
    const record = await this.readable.caseFor(actor, caseId);
    // CaseAccess.canOfferTransfer (the case's yourActions.transfer), told apart: the wrong
    // person is refused here, a closed case under the lock below.
    if (!CaseAccess.isSupervisor(actor) || !CaseAccess.canWrite(actor, record))
      throw new ForbiddenError(
        'Hanya kepala seksi instansi pemilik kasus yang dapat meminta pemindahan / ' +
          "Only a supervisor of the case's agency may ask for a transfer",
      );
    const target = await this.agencies.findById(dto.toAgencyId);
    if (!target) throw ValidationFailedError.forField('toAgencyId', 'toAgencyId is not an agency');
    if (target.id === record.owningAgencyId)
      throw ValidationFailedError.forField(
        'toAgencyId',
        'Kasus sudah dimiliki instansi ini / The case already belongs to this agency',
      );
    if ((await this.supervisorsOf(target.id)).length === 0)
      throw ValidationFailedError.forField(
        'toAgencyId',
        'Instansi ini tidak punya kepala seksi aktif di Jejak yang dapat menerima kasus / ' +
          'This agency has no active supervisor in Jejak to accept the case',
      );

    const { transfer, scheduled } = await this.dataSource.transaction(async (manager) => {
      const current = await this.cases.lockForUpdate(caseId, manager);
      if (!current || !CaseAccess.canWrite(actor, current)) throw new CaseNotFoundError();
      if (isClosed(current.status)) throw new CaseNotTransferableError(current.status);
      const transfer = await this.moves.insertTransfer(manager, {
        caseId,
        fromAgencyId: current.owningAgencyId,
        toAgencyId: target.id,
        reason: dto.reason,
        requestedBy: actor.id,
      });
      await this.audit.recordMany(manager, actor, this.auditEntries(transfer, current, {}));
      const scheduled = await this.tell(manager, transfer, [transfer.toAgencyId]);
      return { transfer, scheduled };
    });
    await this.notifications.dispatchDue(scheduled);
    return this.present(actor, transfer);
  }

  async get(actor: AuthenticatedUser, id: string): Promise<TransferResponseDto> {
    const transfer = await this.moves.findTransfer(id);
    if (!transfer || !this.mayRead(actor, transfer)) throw new TransferNotFoundError();
    return this.present(actor, transfer);
  }

  async list(
    actor: AuthenticatedUser,
    query: ListTransfersQueryDto,
  ): Promise<ListPage<TransferResponseDto>> {
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    if (!CaseAccess.isSupervisor(actor))
      throw new ForbiddenError(
        'Pemindahan kasus untuk kepala seksi / Transfers are for supervisors',
      );
    const agencyId = query.agencyId ?? actor.agencyId;
    // A filter never widens the scope: another agency's id lists nothing for a supervisor.
    if (actor.role !== UserRole.Admin && agencyId !== actor.agencyId)
      return keysetPage([], query.limit, null);
    const page = await this.moves.page({
      side: query.direction === TransferDirection.Incoming ? 'to_agency_id' : 'from_agency_id',
      agencyId,
      status: query.status,
      caseId: query.caseId,
      limit: query.limit,
      after,
    });
    return keysetPage(
      await this.presentMany(actor, page.items),
      query.limit,
      encodeKeysetCursor(page.next),
    );
  }

  /** The receiving agency's supervisor takes the case over. */
  async accept(
    actor: AuthenticatedUser,
    id: string,
    dto: DecideTransferDto,
  ): Promise<TransferResponseDto> {
    return this.decide(actor, id, TransferStatus.Accepted, dto.reason ?? null);
  }

  async refuse(
    actor: AuthenticatedUser,
    id: string,
    dto: RefuseTransferDto,
  ): Promise<TransferResponseDto> {
    return this.decide(actor, id, TransferStatus.Refused, dto.reason);
  }

  async withdraw(
    actor: AuthenticatedUser,
    id: string,
    dto: DecideTransferDto,
  ): Promise<TransferResponseDto> {
    return this.decide(actor, id, TransferStatus.Withdrawn, dto.reason ?? null);
  }

  private async decide(
    actor: AuthenticatedUser,
    id: string,
    decision: TransferStatus,
    responseReason: string | null,
  ): Promise<TransferResponseDto> {
    const found = await this.moves.findTransfer(id);
    if (!found || !this.mayRead(actor, found)) throw new TransferNotFoundError();
    // Accepting and refusing are the receiving side's; withdrawing is the asking side's.
    const deciding = decision === TransferStatus.Withdrawn ? found.fromAgencyId : found.toAgencyId;
    if (actor.role !== UserRole.Admin && actor.agencyId !== deciding)
      throw new ForbiddenError(
        decision === TransferStatus.Withdrawn
          ? 'Hanya instansi yang meminta yang dapat menarik kembali / Only the asking agency may withdraw'
          : 'Hanya instansi tujuan yang dapat memutuskan / Only the receiving agency may decide',
      );

    const { transfer, scheduled } = await this.dataSource.transaction(async (manager) => {
      // The case first, then the transfer: the order a request takes them in.
      const current = await this.cases.lockForUpdate(found.caseId, manager);
      const locked = await this.moves.lockTransfer(manager, id);
      if (!current || !locked) throw new TransferNotFoundError();
      if (locked.status !== TransferStatus.Requested) throw new TransferNotOpenError(locked.status);
      if (decision === TransferStatus.Accepted && current.owningAgencyId !== locked.fromAgencyId)
        throw new TransferNotOpenError('case_moved');
      if (decision === TransferStatus.Accepted && isClosed(current.status))
        throw new CaseNotTransferableError(current.status);
      const transfer = await this.moves.decideTransfer(manager, id, {
        status: decision,
        decidedBy: actor.id,
        responseReason,
      });
      let moved: Record<string, unknown> = {};
      if (decision === TransferStatus.Accepted) {
        // Same number, new owner; nobody of the old agency keeps the case.
        const updated = await this.cases.update(
          current.id,
          current.version,
          { owningAgencyId: transfer.toAgencyId, assignedCaseworkerId: null, supervisorId: null },
          manager,
        );
        moved = {
          owningAgencyId: { from: current.owningAgencyId, to: updated.owningAgencyId },
          assignedCaseworkerId: { from: current.assignedCaseworkerId, to: null },
          supervisorId: { from: current.supervisorId, to: null },
        };
      }
      await this.audit.recordMany(manager, actor, this.auditEntries(transfer, current, moved));
      const told =
        decision === TransferStatus.Accepted
          ? [transfer.fromAgencyId, transfer.toAgencyId]
          : decision === TransferStatus.Refused
            ? [transfer.fromAgencyId]
            : [transfer.toAgencyId];
      const scheduled = await this.tell(manager, transfer, told);
      return { transfer, scheduled };
    });
    await this.notifications.dispatchDue(scheduled);
    return this.present(actor, transfer);
  }

  /**
   * One entry on the case (entity `case`: its timeline and trail, read by whoever owns the case)
   * and one for each agency (entity `case_transfer`, no case), which each side's supervisors keep
   * reading after the case has left them. Reasons are the case's words: shown on its timeline,
   * "[redacted]" in the log.
   */
  private auditEntries(
    transfer: CaseTransfer,
    record: Case,
    moved: Record<string, unknown>,
  ): AuditEntry[] {
    const event = EVENT_ACTION[transfer.status];
    const changes = {
      transferId: transfer.id,
      caseNumber: record.caseNumber,
      status: transfer.status,
      fromAgencyId: transfer.fromAgencyId,
      toAgencyId: transfer.toAgencyId,
      reason: REDACTED,
      ...(transfer.responseReason !== null ? { responseReason: REDACTED } : {}),
    };
    const restrictedChanges = {
      reason: transfer.reason,
      ...(transfer.responseReason !== null ? { responseReason: transfer.responseReason } : {}),
    };
    return [
      {
        action: `case.${event}`,
        entityType: 'case',
        entityId: record.id,
        caseId: record.id,
        changes: { ...changes, ...moved },
        restrictedChanges,
      },
      ...[transfer.fromAgencyId, transfer.toAgencyId].map((agencyId) => ({
        action: `case_transfer.${transfer.status}`,
        entityType: 'case_transfer',
        entityId: transfer.id,
        caseId: null,
        agencyId,
        changes: { ...changes, caseId: record.id },
      })),
    ];
  }

  /** Messages to the supervisors of these agencies, written in the transaction of the change. */
  private async tell(
    manager: EntityManager,
    transfer: CaseTransfer,
    agencyIds: string[],
  ): Promise<ScheduledNotification[]> {
    const kind =
      transfer.status === TransferStatus.Requested
        ? NotificationKind.CaseTransferRequested
        : NotificationKind.CaseTransferDecided;
    const recipients = (await Promise.all(agencyIds.map((id) => this.supervisorsOf(id)))).flat();
    return this.notifications.schedule(
      manager,
      recipients.map((userId) => ({
        kind,
        channel: NotificationChannel.Email,
        recipientKind: RecipientKind.User,
        recipientUserId: userId,
        caseId: transfer.caseId,
        dedupeKey: transferMessageKey(transfer.id, transfer.status, userId),
        dueAt: new Date(),
      })),
    );
  }

  private async supervisorsOf(agencyId: string): Promise<string[]> {
    const { items } = await this.users.list({
      agencyId,
      role: UserRole.Supervisor,
      includeDisabled: false,
      limit: SUPERVISORS_TOLD,
      offset: 0,
    });
    return items.map((user) => user.id);
  }

  private mayRead(actor: AuthenticatedUser, transfer: CaseTransfer): boolean {
    if (actor.role === UserRole.Admin) return true;
    return (
      actor.role === UserRole.Supervisor &&
      (actor.agencyId === transfer.fromAgencyId || actor.agencyId === transfer.toAgencyId)
    );
  }

  private async present(
    actor: AuthenticatedUser,
    transfer: CaseTransfer,
  ): Promise<TransferResponseDto> {
    const [presented] = await this.presentMany(actor, [transfer]);
    return presented;
  }

  /** A page of transfers with their cases' facts and agencies' names, in two reads. */
  private async presentMany(
    actor: AuthenticatedUser,
    transfers: CaseTransfer[],
  ): Promise<TransferResponseDto[]> {
    const facts = await this.cases.caseFacts([...new Set(transfers.map((t) => t.caseId))]);
    const agencyIds = [...new Set(transfers.flatMap((t) => [t.fromAgencyId, t.toAgencyId]))];
    const agencies = new Map(
      await Promise.all(
        agencyIds.map(
          async (id) => [id, (await this.agencies.findRecent(id))?.shortName ?? ''] as const,
        ),
      ),
    );
    return transfers.map((transfer) => {
      const fact = facts.get(transfer.caseId)!;
      return {
        id: transfer.id,
        caseId: transfer.caseId,
        caseNumber: fact.caseNumber,
        fromAgencyId: transfer.fromAgencyId,
        fromAgencyName: agencies.get(transfer.fromAgencyId) ?? '',
        toAgencyId: transfer.toAgencyId,
        toAgencyName: agencies.get(transfer.toAgencyId) ?? '',
        status: transfer.status,
        reason: transfer.reason,
        requestedById: transfer.requestedBy,
        requestedAt: transfer.requestedAt,
        decidedById: transfer.decidedBy,
        decidedAt: transfer.decidedAt,
        responseReason: transfer.responseReason,
        case: this.seesFacts(actor, transfer, fact) ? summaryOf(fact) : null,
      };
    });
  }

  /** The owner of the case, or the receiving side while its decision is awaited. */
  private seesFacts(actor: AuthenticatedUser, transfer: CaseTransfer, fact: CaseFacts): boolean {
    if (CaseAccess.canRead(actor, fact)) return true;
    return transfer.status === TransferStatus.Requested && actor.agencyId === transfer.toAgencyId;
  }
}

function summaryOf(fact: CaseFacts) {
  return {
    caseNumber: fact.caseNumber,
    status: fact.status,
    priority: fact.priority,
    incidentType: fact.incidentType,
    exploitationTypes: fact.exploitationTypes,
    exploitationCountry: fact.exploitationCountry,
    victimCount: fact.victimCount,
    originRegencyCodes: fact.originRegencyCodes,
    reportedDate: fact.reportedDate,
  };
}
