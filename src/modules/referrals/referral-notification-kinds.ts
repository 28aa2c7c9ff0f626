import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  NotificationKindHandler,
  NotificationKinds,
  PreparedNotification,
} from '../notifications/notification-kinds';
import { Notification } from '../notifications/notification.entity';
import { NotificationKind } from '../notifications/notification.enums';
import type { ScheduledNotification } from '../notifications/notifications.repository';
import { renderReferralMessage } from './referral-message-copy';
import { type PreparedReferralMessage, ReferralMessages } from './referral-messages';
import { ReferralNotifications } from './referral-notifications';

/** The messages of a referral's life: to the receiving agency, its escalation contact and staff. */
@Injectable()
export class ReferralNotificationKinds implements NotificationKindHandler, OnModuleInit {
  readonly kinds = [
    NotificationKind.ReferralSent,
    NotificationKind.AcknowledgeReminder,
    NotificationKind.DueSoonReminder,
    NotificationKind.OverdueReminder,
    NotificationKind.Escalation,
    NotificationKind.ReferralAnswered,
    NotificationKind.ReferralAssigned,
  ] as const;

  constructor(
    private readonly registry: NotificationKinds,
    private readonly messages: ReferralMessages,
    private readonly plan: ReferralNotifications,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async prepare(row: Notification): Promise<PreparedNotification> {
    const [prepared] = await this.prepareMany([row]);
    return prepared;
  }

  async prepareMany(rows: readonly Notification[]): Promise<PreparedNotification[]> {
    const prepared = await this.messages.prepareMany(rows);
    return rows.map((row, index) => toPrepared(row, prepared[index]));
  }

  /** The reminders of a batch of deliveries: their referrals locked together, one insert. */
  afterSettledMany(
    manager: EntityManager,
    settled: ReadonlyArray<{ row: Notification; settledAt: Date }>,
  ): Promise<ScheduledNotification[]> {
    return this.plan.afterAgencyRemindersSettled(manager, settled);
  }

  /** An agency's reminder, delivered or not, went unanswered: it counts, and the next is planned. */
  afterSettled(
    manager: EntityManager,
    row: Notification,
    settledAt: Date,
  ): Promise<ScheduledNotification[]> {
    return this.plan.afterAgencyReminderSettled(manager, row, settledAt);
  }
}

/** What goes out for one row, from what its referral says now. */
function toPrepared(row: Notification, prepared: PreparedReferralMessage): PreparedNotification {
  if (!prepared.applies) return { send: false, reason: prepared.reason };
  const { context } = prepared;
  const message = renderReferralMessage(context);
  return {
    send: true,
    message,
    emailTo: prepared.emailTo,
    webhook: prepared.webhook && {
      url: prepared.webhook.url,
      secret: prepared.webhook.secret,
      body: {
        id: row.id,
        type: row.kind,
        createdAt: row.createdAt.toISOString(),
        language: context.language,
        reminderNumber: row.sequence,
        referral: {
          id: row.referralId,
          caseNumber: context.caseNumber,
          service: context.service,
          priority: context.priority,
          status: context.status,
          sentAt: context.sentAt.toISOString(),
          acknowledgeDueAt: context.acknowledgeDueAt.toISOString(),
          dueAt: context.dueAt.toISOString(),
          timeZone: context.timeZone,
        },
        actionUrl: context.actionUrl,
        actionApiUrl: prepared.actionApi?.url ?? null,
        actionToken: prepared.actionApi?.token ?? null,
        actionUrlExpiresAt: context.actionUrlExpiresAt?.toISOString() ?? null,
        subject: message.subject,
        text: message.text,
      },
    },
  };
}
