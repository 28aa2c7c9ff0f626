import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ForbiddenError, ValidationFailedError } from '../../common/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { isClosed } from '../cases/case-workflow';
import { CasesRepository } from '../cases/cases.repository';
import { NotificationWriter } from '../notifications/notification-writer';
import {
  NotificationChannel,
  NotificationKind,
  RecipientKind,
} from '../notifications/notification.enums';
import type { ScheduledNotification } from '../notifications/notifications.repository';
import { UserRole } from '../users/user-role';
import { UsersRepository } from '../users/users.repository';
import { lockAndJudge, resolveCaseRefs } from './bulk-case-refs';
import { BulkRefusal } from './case-moves.errors';
import { CaseMovesRepository } from './case-moves.repository';
import { AssignCasesDto, BulkCaseResultDto } from './dto/case-moves.dto';

/** Who may be given a case: the roles that work cases. */
const ASSIGNEE_ROLES: readonly UserRole[] = [UserRole.Caseworker, UserRole.Supervisor];

/** The dedupe key of a bulk assignment's message: the notice it reads at delivery. */
export const assignmentNoticeKey = (noticeId: string) => `case_assignment:${noticeId}`;

@Injectable()
export class CaseAssignmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly moves: CaseMovesRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationWriter,
  ) {}

  /**
   * Gives up to 500 cases to one person (or takes them off whoever has them), all or nothing.
   * Each case is judged on its own (CaseAccess.canAssign, its status, the assignee's agency);
   * one refusal refuses the request and lists every refused case. The cases are locked in the
   * order of their ids, so two bulk calls sharing cases queue instead of deadlocking.
   */
  async assign(actor: AuthenticatedUser, dto: AssignCasesDto): Promise<BulkCaseResultDto[]> {
    if (![UserRole.Admin, UserRole.Supervisor, UserRole.Caseworker].includes(actor.role))
      throw new ForbiddenError();
    if (actor.role === UserRole.Caseworker && dto.assigneeId !== actor.id)
      throw new ForbiddenError(
        'Petugas kasus hanya dapat mengambil kasus yang belum ditugaskan untuk dirinya sendiri / ' +
          'A caseworker may only take unassigned cases for themselves',
      );
    const assignee = dto.assigneeId ? await this.users.findById(dto.assigneeId) : null;
    if (
      dto.assigneeId &&
      (!assignee || assignee.disabledAt !== null || !ASSIGNEE_ROLES.includes(assignee.role))
    )
      throw ValidationFailedError.forField(
        'assigneeId',
        'assigneeId harus petugas kasus atau kepala seksi yang aktif / ' +
          'assigneeId must be an active caseworker or supervisor',
      );

    const refs = await resolveCaseRefs(this.cases, dto.caseIds);
    const { result, scheduled } = await this.dataSource.transaction(async (manager) => {
      const cases = await lockAndJudge(this.cases, refs, dto.caseIds, manager, (record) => {
        if (!record || !CaseAccess.canRead(actor, record)) return BulkRefusal.NotFound;
        if (!CaseAccess.canAssign(actor, record, dto.assigneeId)) return BulkRefusal.NotAllowed;
        if (isClosed(record.status)) return BulkRefusal.Closed;
        if (assignee && assignee.agencyId !== record.owningAgencyId)
          return BulkRefusal.AssigneeNotEligible;
        return null;
      });
      const changing = cases.filter((c) => c.assignedCaseworkerId !== dto.assigneeId);
      const versions = await this.cases.updateLocked(
        changing.map((c) => c.id),
        { assignedCaseworkerId: dto.assigneeId },
        manager,
      );
      // As a single case's update records an assignment: the timeline reads it as one.
      await this.audit.recordMany(
        manager,
        actor,
        changing.map((c) => ({
          action: 'case.assigned',
          entityType: 'case',
          entityId: c.id,
          caseId: c.id,
          changes: {
            assignedCaseworkerId: { from: c.assignedCaseworkerId, to: dto.assigneeId },
            bulk: true,
          },
        })),
      );
      // One message per bulk call, listing the case numbers; nobody is told what they did themselves.
      let scheduled: ScheduledNotification[] = [];
      if (dto.assigneeId && dto.assigneeId !== actor.id && changing.length > 0) {
        const noticeId = await this.moves.insertAssignmentNotice(manager, {
          assigneeId: dto.assigneeId,
          assignedBy: actor.id,
          caseIds: changing.map((c) => c.id),
        });
        scheduled = await this.notifications.schedule(manager, [
          {
            kind: NotificationKind.CaseAssignment,
            channel: NotificationChannel.Email,
            recipientKind: RecipientKind.User,
            recipientUserId: dto.assigneeId,
            dedupeKey: assignmentNoticeKey(noticeId),
            dueAt: new Date(),
          },
        ]);
      }
      const result: BulkCaseResultDto[] = cases.map((c) => ({
        caseId: c.id,
        caseNumber: c.caseNumber,
        status: c.status,
        assignedCaseworkerId: dto.assigneeId,
        version: versions.get(c.id) ?? c.version,
        changed: versions.has(c.id),
      }));
      return { result, scheduled };
    });
    await this.notifications.dispatchDue(scheduled);
    return result;
  }
}
