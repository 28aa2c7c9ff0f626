import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ValidationFailedError, VersionConflictError } from '../../common/errors/app-error';
import { AuditService, describeChanges, FieldDisclosure } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Case } from '../cases/case.entity';
import { CaseAccess } from '../cases/case-access';
import { CaseNotFoundError, CaseReadOnlyError } from '../cases/cases.errors';
import { CasesRepository } from '../cases/cases.repository';
import { ReadableRecords } from '../cases/readable-records';
import { NotificationWriter } from '../notifications/notification-writer';
import {
  NotificationChannel,
  NotificationKind,
  RecipientKind,
} from '../notifications/notification.enums';
import {
  NotificationDraft,
  ScheduledNotification,
} from '../notifications/notifications.repository';
import { UsersRepository } from '../users/users.repository';
import { CaseTask } from './case-task.entity';
import { CreateTaskDto, ListTasksQueryDto, UpdateTaskDto } from './dto/task-requests.dto';
import { TaskResponseDto } from './dto/task-response.dto';
import { FOLLOW_UP_ROLES, TasksRepository } from './tasks.repository';
import { TaskNotFoundError } from './tasks.errors';

/** Titles are free text about people: the audit log shows only that they changed. */
const TASK_AUDIT_FIELDS: Record<string, FieldDisclosure> = {
  title: 'redacted',
  dueAt: 'value',
  assigneeId: 'value',
  doneAt: 'value',
  doneBy: 'value',
};

/**
 * Follow-up tasks on a case. They follow the case's access rules: whoever may read the case
 * reads its tasks, whoever may change it changes them. Each open task has one pending reminder
 * to its assignee at its due time, kept in step with the task in the same transaction.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly cases: CasesRepository,
    private readonly readableRecords: ReadableRecords,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationWriter,
  ) {}

  async create(
    actor: AuthenticatedUser,
    caseId: string,
    dto: CreateTaskDto,
  ): Promise<TaskResponseDto> {
    const record = await this.readableRecords.caseFor(actor, caseId);
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();
    const assigneeId = dto.assigneeId ?? actor.id;

    const { task, scheduled } = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lockWritableCase(actor, caseId, manager);
      await this.checkAssignee(assigneeId, locked.owningAgencyId, dto.assigneeId === undefined);
      const created = await this.tasks.insert(
        { caseId, title: dto.title, dueAt: new Date(dto.dueAt), assigneeId, createdBy: actor.id },
        manager,
      );
      await this.audit.record(manager, actor, {
        action: 'task.created',
        entityType: 'task',
        entityId: created.id,
        caseId,
        changes: describeChanges(
          null,
          created as unknown as Record<string, unknown>,
          TASK_AUDIT_FIELDS,
        ),
      });
      return {
        task: created,
        scheduled: await this.notifications.schedule(manager, [reminderFor(created)]),
      };
    });
    await this.notifications.dispatchDue(scheduled);
    return TaskResponseDto.from(task);
  }

  async list(
    actor: AuthenticatedUser,
    caseId: string,
    query: ListTasksQueryDto,
  ): Promise<TaskResponseDto[]> {
    await this.readableRecords.caseFor(actor, caseId);
    const rows = await this.tasks.listForCase(caseId, query);
    return rows.map((task) => TaskResponseDto.from(task));
  }

  async get(actor: AuthenticatedUser, caseId: string, taskId: string): Promise<TaskResponseDto> {
    await this.readableRecords.caseFor(actor, caseId);
    const task = await this.tasks.findInCase(caseId, taskId);
    if (!task) throw new TaskNotFoundError();
    return TaskResponseDto.from(task);
  }

  /** Edits, completes (`done: true`) or reopens (`done: false`) a task, moving its reminder along. */
  async update(
    actor: AuthenticatedUser,
    caseId: string,
    taskId: string,
    dto: UpdateTaskDto,
  ): Promise<TaskResponseDto> {
    const record = await this.readableRecords.caseFor(actor, caseId);
    const existing = await this.tasks.findInCase(caseId, taskId);
    if (!existing) throw new TaskNotFoundError();
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();

    const { task, scheduled } = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lockWritableCase(actor, caseId, manager);
      const current = await this.tasks.lockForUpdate(caseId, taskId, manager);
      if (!current) throw new TaskNotFoundError();
      if (current.version !== dto.version) throw new VersionConflictError('task', current.version);
      if (dto.assigneeId !== undefined && dto.assigneeId !== current.assigneeId)
        await this.checkAssignee(dto.assigneeId, locked.owningAgencyId, false);

      const changes = changesFrom(current, dto, actor);
      const updated = await this.tasks.update(taskId, dto.version, changes, manager);
      const diff = describeChanges(
        current as unknown as Record<string, unknown>,
        updated as unknown as Record<string, unknown>,
        TASK_AUDIT_FIELDS,
      );
      const wasOpen = current.doneAt === null;
      const isOpen = updated.doneAt === null;
      if (Object.keys(diff).length > 0) {
        await this.audit.record(manager, actor, {
          action: wasOpen === isOpen ? 'task.updated' : isOpen ? 'task.reopened' : 'task.done',
          entityType: 'task',
          entityId: taskId,
          caseId,
          changes: diff,
        });
      }

      const remindLater = wasOpen && isOpen && ('dueAt' in diff || 'assigneeId' in diff);
      if (wasOpen && (!isOpen || remindLater)) {
        await this.notifications.cancel(
          manager,
          actor,
          { taskId, kinds: [NotificationKind.TaskReminder] },
          !isOpen ? 'task done' : 'dueAt' in diff ? 'task rescheduled' : 'task reassigned',
        );
      }
      const reminders: ScheduledNotification[] =
        isOpen && (!wasOpen || remindLater)
          ? await this.notifications.schedule(manager, [reminderFor(updated)])
          : [];
      return { task: updated, scheduled: reminders };
    });
    await this.notifications.dispatchDue(scheduled);
    return TaskResponseDto.from(task);
  }

  /**
   * Holds the case until the task change commits, so it cannot move to another agency in
   * between. NO KEY UPDATE, because the task rows inserted here reference the case.
   */
  private async lockWritableCase(
    actor: AuthenticatedUser,
    caseId: string,
    manager: EntityManager,
  ): Promise<Case> {
    const record = await this.cases.lockForUpdate(caseId, manager, 'for_no_key_update');
    if (!record || !CaseAccess.canRead(actor, record)) throw new CaseNotFoundError();
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();
    return record;
  }

  /** Tasks go to people who work the case: active caseworkers and supervisors of its agency. */
  private async checkAssignee(
    assigneeId: string,
    owningAgencyId: string,
    defaulted: boolean,
  ): Promise<void> {
    const user = await this.users.findById(assigneeId);
    const eligible =
      user !== null &&
      user.disabledAt === null &&
      user.agencyId === owningAgencyId &&
      (FOLLOW_UP_ROLES as readonly string[]).includes(user.role);
    if (eligible) return;
    throw ValidationFailedError.forField(
      'assigneeId',
      defaulted
        ? "assigneeId is required: you are not a caseworker or supervisor of the case's agency"
        : "assigneeId must be an active caseworker or supervisor of the case's agency",
    );
  }
}

function changesFrom(
  current: CaseTask,
  dto: UpdateTaskDto,
  actor: AuthenticatedUser,
): QueryDeepPartialEntity<CaseTask> {
  const changes: QueryDeepPartialEntity<CaseTask> = {};
  if (dto.title !== undefined && dto.title !== current.title) changes.title = dto.title;
  if (dto.dueAt !== undefined) {
    const dueAt = new Date(dto.dueAt);
    if (dueAt.getTime() !== current.dueAt.getTime()) changes.dueAt = dueAt;
  }
  if (dto.assigneeId !== undefined && dto.assigneeId !== current.assigneeId)
    changes.assigneeId = dto.assigneeId;
  if (dto.done === true && current.doneAt === null) {
    changes.doneAt = new Date();
    changes.doneBy = actor.id;
  }
  if (dto.done === false && current.doneAt !== null) {
    changes.doneAt = null;
    changes.doneBy = null;
  }
  return changes;
}

/**
 * One reminder per version of an open task: the key makes a retried write harmless, and a new
 * version (rescheduled, reassigned, reopened) gets a reminder of its own.
 */
function reminderFor(task: CaseTask): NotificationDraft {
  return {
    kind: NotificationKind.TaskReminder,
    channel: NotificationChannel.Email,
    recipientKind: RecipientKind.User,
    recipientUserId: task.assigneeId,
    caseId: task.caseId,
    taskId: task.id,
    dueAt: task.dueAt,
    dedupeKey: `task:${task.id}:v${task.version}`,
  };
}
