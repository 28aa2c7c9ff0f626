import { Injectable, OnModuleInit } from '@nestjs/common';
import { todayInJakarta } from '../../common/validation/dates';
import {
  NotificationKindHandler,
  NotificationKinds,
  PreparedNotification,
} from '../notifications/notification-kinds';
import { Notification } from '../notifications/notification.entity';
import { NotificationKind } from '../notifications/notification.enums';
import { renderDigest, renderTaskReminder } from './task-message-copy';
import { TaskMessages } from './task-messages';

/** Reminders of a task to its assignee, and each person's daily digest of what is due. */
@Injectable()
export class TaskNotificationKinds implements NotificationKindHandler, OnModuleInit {
  readonly kinds = [NotificationKind.TaskReminder, NotificationKind.DailyDigest] as const;

  constructor(
    private readonly registry: NotificationKinds,
    private readonly messages: TaskMessages,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async prepare(row: Notification): Promise<PreparedNotification> {
    if (row.kind === NotificationKind.TaskReminder) {
      const context = await this.messages.taskReminder(row.taskId!, row.recipientUserId!);
      if (!context) return { send: false, reason: 'task done, moved or reassigned' };
      return this.toUser(row, renderTaskReminder(context));
    }
    // The digest's day is in its dedupe key (digest:<user>:<day>), planned for that day.
    const day = row.dedupeKey?.split(':')[2] ?? todayInJakarta(row.dueAt);
    const context = await this.messages.digest(row.recipientUserId!, day);
    if (!context) return { send: false, reason: 'nothing due' };
    return this.toUser(row, renderDigest(context));
  }

  private async toUser(
    row: Notification,
    message: { subject: string; text: string },
  ): Promise<PreparedNotification> {
    const email = await this.messages.recipientEmail(row.recipientUserId!);
    return { send: true, message, emailTo: email ? [email] : [], webhook: null };
  }
}
