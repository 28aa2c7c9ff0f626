import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { AuditService } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Case } from '../cases/case.entity';
import { NotificationWriter } from '../notifications/notification-writer';
import { Notification } from '../notifications/notification.entity';
import {
  AGENCY_REMINDER_KINDS,
  NotificationChannel,
  NotificationKind,
  RecipientKind,
} from '../notifications/notification.enums';
import {
  NotificationDraft,
  ScheduledNotification,
} from '../notifications/notifications.repository';
import { HolidaysRepository } from './holidays.repository';
import {
  PlannedReminder,
  dueDateReminders,
  initialReminders,
  nextOverdueReminder,
} from './referral-reminders';
import { isOpen } from './referral-workflow';
import { Referral } from './referral.entity';
import { ReferralStatus } from './referral.enums';
import { ReferralsRepository } from './referrals.repository';
import { SlaPoliciesRepository, reminderPolicyOf } from './sla-policies.repository';

const REFERRAL_KINDS = [
  NotificationKind.ReferralSent,
  ...AGENCY_REMINDER_KINDS,
  NotificationKind.Escalation,
];

/** The channels an agency can be reached on; a referral to an unreachable agency is refused. */
export function agencyChannels(
  agency: Pick<Agency, 'contactEmails' | 'webhookUrl'>,
  referral: Pick<Referral, 'contactEmail'>,
): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (agency.contactEmails.length > 0 || referral.contactEmail)
    channels.push(NotificationChannel.Email);
  if (agency.webhookUrl) channels.push(NotificationChannel.Webhook);
  return channels;
}

/**
 * Decides which messages a referral owes and when, and writes them as notification rows inside
 * the transaction of the change. Reminders that a change makes pointless are cancelled in the
 * same transaction, so none goes out after the agency has answered.
 */
@Injectable()
export class ReferralNotifications {
  constructor(
    private readonly writer: NotificationWriter,
    private readonly referrals: ReferralsRepository,
    private readonly policies: SlaPoliciesRepository,
    private readonly holidays: HolidaysRepository,
    private readonly audit: AuditService,
  ) {}

  async onSent(
    manager: EntityManager,
    referral: Referral,
    agency: Agency,
  ): Promise<ScheduledNotification[]> {
    const policy = reminderPolicyOf(
      await this.policies.findFor(referral.service, referral.priority, manager),
    );
    const plan = initialReminders(
      referral.sentAt!,
      { acknowledgeDueAt: referral.acknowledgeDueAt!, dueAt: referral.dueAt! },
      policy,
    );
    return this.writer.schedule(manager, this.agencyDrafts(referral, agency, plan));
  }

  /** After the agency answers: what still applies stays, the rest is cancelled. */
  async onStatusChanged(
    manager: EntityManager,
    actor: AuthenticatedUser | null,
    referral: Referral,
  ): Promise<void> {
    if (isOpen(referral.status)) {
      if (referral.status !== ReferralStatus.Sent)
        await this.writer.cancel(
          manager,
          actor,
          { referralId: referral.id, kinds: [NotificationKind.AcknowledgeReminder] },
          'referral acknowledged',
        );
      return;
    }
    await this.writer.cancel(
      manager,
      actor,
      { referralId: referral.id, kinds: REFERRAL_KINDS },
      `referral ${referral.status}`,
    );
  }

  /**
   * Replaces the reminders tied to the old due date. A due date earlier than the acknowledgement
   * deadline pulls that deadline in too, and its reminder with it.
   */
  async onDueDateChanged(
    manager: EntityManager,
    actor: AuthenticatedUser,
    referral: Referral,
    agency: Agency,
    acknowledgementMoved: boolean,
  ): Promise<ScheduledNotification[]> {
    const replaced: NotificationKind[] = [
      NotificationKind.DueSoonReminder,
      NotificationKind.OverdueReminder,
    ];
    const remindToAcknowledge = acknowledgementMoved && referral.status === ReferralStatus.Sent;
    if (remindToAcknowledge) replaced.push(NotificationKind.AcknowledgeReminder);
    await this.writer.cancel(
      manager,
      actor,
      { referralId: referral.id, kinds: replaced },
      'due date changed',
    );
    const policy = reminderPolicyOf(
      await this.policies.findFor(referral.service, referral.priority, manager),
    );
    const plan = dueDateReminders(new Date(), referral.dueAt!, policy);
    if (remindToAcknowledge)
      plan.unshift({
        kind: NotificationKind.AcknowledgeReminder,
        sequence: 1,
        dueAt: referral.acknowledgeDueAt!,
      });
    return this.writer.schedule(manager, this.agencyDrafts(referral, agency, plan));
  }

  /**
   * Runs in the transaction that marks a notification delivered. A reminder the agency has not
   * answered counts towards escalation; an overdue reminder schedules the next one.
   */
  async afterDelivered(
    manager: EntityManager,
    notification: Notification,
    referringCase: Pick<Case, 'id' | 'supervisorId' | 'owningAgencyId'>,
  ): Promise<ScheduledNotification[]> {
    if (
      notification.recipientKind !== RecipientKind.Agency ||
      !(AGENCY_REMINDER_KINDS as readonly NotificationKind[]).includes(notification.kind)
    )
      return [];
    const referral = await this.referrals.lockForUpdate(notification.referralId!, manager);
    if (!referral || !isOpen(referral.status)) return [];
    const policy = reminderPolicyOf(
      await this.policies.findFor(referral.service, referral.priority, manager),
    );
    const scheduled: ScheduledNotification[] = [];

    if (notification.kind === NotificationKind.OverdueReminder) {
      const calendar = await this.holidays.calendarFor(referral.timeZone, manager);
      const next = nextOverdueReminder(
        notification.dueAt,
        new Date(),
        notification.sequence,
        policy,
        calendar,
      );
      scheduled.push(
        ...(await this.writer.schedule(manager, [
          this.draft(referral, next, notification.channel, RecipientKind.Agency, {
            recipientAgencyId: referral.agencyId,
          }),
        ])),
      );
    }

    const counted = await this.referrals.countIgnoredReminder(manager, referral.id, {
      notificationId: notification.id,
      kind: notification.kind,
      sequence: notification.sequence,
    });
    if (
      counted &&
      counted.escalatedAt === null &&
      counted.remindersIgnored >= policy.escalateAfterReminders
    ) {
      scheduled.push(...(await this.escalate(manager, counted, referringCase)));
    }
    return scheduled;
  }

  private async escalate(
    manager: EntityManager,
    referral: Referral,
    referringCase: Pick<Case, 'id' | 'supervisorId' | 'owningAgencyId'>,
  ): Promise<ScheduledNotification[]> {
    await this.referrals.markEscalated(manager, referral.id);
    const agency = await manager.getRepository(Agency).findOneByOrFail({ id: referral.agencyId });
    const supervisors = referringCase.supervisorId
      ? [referringCase.supervisorId]
      : await activeSupervisorsOf(manager, referringCase.owningAgencyId);
    const now = new Date();
    const step: PlannedReminder = { kind: NotificationKind.Escalation, sequence: 1, dueAt: now };
    const drafts: NotificationDraft[] = supervisors.map((userId) =>
      this.draft(referral, step, NotificationChannel.Email, RecipientKind.User, {
        recipientUserId: userId,
      }),
    );
    if (agency.escalationContactEmail)
      drafts.push(
        this.draft(
          referral,
          step,
          NotificationChannel.Email,
          RecipientKind.AgencyEscalationContact,
          { recipientAgencyId: agency.id },
        ),
      );
    await this.audit.record(manager, null, {
      action: 'referral.escalated',
      entityType: 'referral',
      entityId: referral.id,
      caseId: referral.caseId,
      changes: {
        remindersIgnored: referral.remindersIgnored,
        recipients: drafts.map((d) => d.recipientKind),
      },
    });
    return this.writer.schedule(manager, drafts);
  }

  private agencyDrafts(
    referral: Referral,
    agency: Agency,
    plan: PlannedReminder[],
  ): NotificationDraft[] {
    return agencyChannels(agency, referral).flatMap((channel) =>
      plan.map((step) =>
        this.draft(referral, step, channel, RecipientKind.Agency, { recipientAgencyId: agency.id }),
      ),
    );
  }

  private draft(
    referral: Referral,
    step: PlannedReminder,
    channel: NotificationChannel,
    recipientKind: RecipientKind,
    recipient: { recipientAgencyId?: string; recipientUserId?: string },
  ): NotificationDraft {
    const recipientId = recipient.recipientUserId ?? recipient.recipientAgencyId;
    return {
      kind: step.kind,
      channel,
      recipientKind,
      ...recipient,
      caseId: referral.caseId,
      referralId: referral.id,
      sequence: step.sequence,
      dueAt: step.dueAt,
      // A reminder exists once per recipient, channel and due time, however often it is planned;
      // a changed due date plans new ones.
      dedupeKey:
        step.kind === NotificationKind.Escalation
          ? `referral:${referral.id}:escalation:${recipientKind}:${recipientId}`
          : `referral:${referral.id}:${step.kind}:${step.sequence}:${channel}:${recipientId}:${step.dueAt.getTime()}`,
    };
  }
}

async function activeSupervisorsOf(manager: EntityManager, agencyId: string): Promise<string[]> {
  const rows = await manager.query<Array<{ id: string }>>(
    `SELECT id FROM users WHERE agency_id = $1 AND role = 'supervisor' AND disabled_at IS NULL`,
    [agencyId],
  );
  return rows.map((row) => row.id);
}
