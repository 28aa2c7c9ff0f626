import { Inject, Injectable } from '@nestjs/common';
import { isCalendarDate } from '../../common/validation/dates';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MessageLanguage } from '../agencies/agency.enums';
import { CaseAccess } from '../cases/case-access';
import { CasesRepository } from '../cases/cases.repository';
import type { DigestContext, TaskReminderContext } from './task-message-copy';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { FOLLOW_UP_ROLES, STAFF_TIME_ZONE, TasksRepository } from './tasks.repository';

/**
 * What the delivery engine needs to write task reminders and daily digests, read from the rows
 * at delivery time. Null means the message no longer applies (the task is done or reassigned,
 * the person left or was disabled, nothing is due any more) and should be cancelled, not sent.
 */
@Injectable()
export class TaskMessages {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: TasksRepository,
    private readonly cases: CasesRepository,
    private readonly users: UsersRepository,
  ) {}

  async taskReminder(taskId: string, recipientUserId: string): Promise<TaskReminderContext | null> {
    const task = await this.tasks.findById(taskId);
    if (!task || task.doneAt !== null || task.assigneeId !== recipientUserId) return null;
    const [user, record] = await Promise.all([
      this.users.findById(recipientUserId),
      this.cases.findById(task.caseId),
    ]);
    // The title is case detail: it goes only to someone who may still read the case.
    if (!user || !record || !receivesFollowUps(user) || !CaseAccess.canRead(user, record))
      return null;
    return {
      language: MessageLanguage.Indonesian,
      timeZone: STAFF_TIME_ZONE,
      recipientName: user.fullName,
      caseNumber: record.caseNumber,
      taskTitle: task.title,
      dueAt: task.dueAt,
      taskApiUrl: `${this.config.publicBaseUrl}/api/v1/cases/${record.id}/tasks/${task.id}`,
    };
  }

  /** `day` is the Jakarta day (yyyy-mm-dd) the digest was planned for. */
  async digest(userId: string, day: string): Promise<DigestContext | null> {
    if (!isCalendarDate(day)) throw new Error('digest day must be a date (yyyy-mm-dd)');
    const user = await this.users.findById(userId);
    if (!user || !receivesFollowUps(user)) return null;
    const [tasks, referrals] = await Promise.all([
      this.tasks.dueTasksOf(userId, day),
      this.tasks.dueReferralsOf(userId, day),
    ]);
    if (tasks.length === 0 && referrals.length === 0) return null;
    const now = Date.now();
    return {
      language: MessageLanguage.Indonesian,
      timeZone: STAFF_TIME_ZONE,
      recipientName: user.fullName,
      day,
      tasks: tasks.map((row) => ({
        caseNumber: row.case_number,
        title: row.title,
        dueAt: row.due_at,
        overdue: row.due_at.getTime() < now,
      })),
      referrals: referrals.map((row) => ({
        caseNumber: row.case_number,
        agencyName: row.agency_name,
        service: row.service,
        status: row.status,
        dueAt: row.due_at,
        overdue: row.due_at.getTime() < now,
      })),
    };
  }

  /** Looked up at delivery, so a corrected address is the one used; null for a disabled account. */
  async recipientEmail(userId: string): Promise<string | null> {
    const user = await this.users.findById(userId);
    return user && user.disabledAt === null ? user.email : null;
  }
}

function receivesFollowUps(user: User): boolean {
  return user.disabledAt === null && (FOLLOW_UP_ROLES as readonly string[]).includes(user.role);
}
