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
  reminderStillApplies,
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

  /**
   * After a change of status: what still applies stays, the rest is cancelled, and a final
   * answer from the agency is passed on to the case's caseworker.
   */
  async onStatusChanged(
    manager: EntityManager,
    actor: AuthenticatedUser | null,
    referral: Referral,
  ): Promise<ScheduledNotification[]> {
    if (isOpen(referral.status)) {
      if (referral.status !== ReferralStatus.Sent)
        await this.writer.cancel(
          manager,
          actor,
          { referralId: referral.id, kinds: [NotificationKind.AcknowledgeReminder] },
          'referral acknowledged',
        );
      return [];
    }
    await this.writer.cancel(
      manager,
      actor,
      { referralId: referral.id, kinds: REFERRAL_KINDS },
      `referral ${referral.status}`,
    );
    if (referral.status === ReferralStatus.Cancelled) return [];
    // Declined or completed: the caseworker must know, a declined referral most of all.
    const referringCase = await manager
      .getRepository(Case)
      .findOneByOrFail({ id: referral.caseId });
    const recipient = await answerRecipient(manager, referringCase, referral);
    if (!recipient) return [];
    const now = new Date();
    return this.writer.schedule(manager, [
      this.draft(
        referral,
        { kind: NotificationKind.ReferralAnswered, sequence: 1, dueAt: now },
        NotificationChannel.Email,
        RecipientKind.User,
        { recipientUserId: recipient },
      ),
    ]);
  }

  /**
   * Tells the receiving agency's caseworker a referral is now theirs, by email to their own
   * address. The row names only ids; the message is written when it goes, and not at all if the
   * referral was reassigned or closed meanwhile.
   */
  onAssigned(
    manager: EntityManager,
    referral: Referral,
    assigneeId: string,
  ): Promise<ScheduledNotification[]> {
    return this.writer.schedule(manager, [
      this.draft(
        referral,
        { kind: NotificationKind.ReferralAssigned, sequence: 1, dueAt: new Date() },
        NotificationChannel.Email,
        RecipientKind.User,
        { recipientUserId: assigneeId },
      ),
    ]);
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
    if (remindToAcknowledge && referral.acknowledgeDueAt!.getTime() < referral.dueAt!.getTime())
      plan.unshift({
        kind: NotificationKind.AcknowledgeReminder,
        sequence: 1,
        dueAt: referral.acknowledgeDueAt!,
      });
    return this.writer.schedule(manager, this.agencyDrafts(referral, agency, plan));
  }

  /**
   * Runs in the transaction that first settles a reminder to the agency (delivered, or failed for
   * good; never again when an admin retries it), at the database's `settledAt`.
   * Either way the agency did not answer it, so it counts towards escalation; and an overdue
   * reminder schedules the next one, so that an agency that cannot be reached is still chased
   * and its escalation still happens.
   */
  async afterAgencyReminderSettled(
    manager: EntityManager,
    notification: Notification,
    settledAt: Date,
  ): Promise<ScheduledNotification[]> {
    return this.afterAgencyRemindersSettled(manager, [{ row: notification, settledAt }]);
  }

  /**
   * `afterAgencyReminderSettled` for the reminders of one batch of deliveries, with the same
   * rules: their referrals are locked in one statement (in id order, as every batch locks them)
   * and the next overdue reminders written in one insert. A reminder sent on two channels in the
   * batch counts once, and escalates its referral once.
   */
  async afterAgencyRemindersSettled(
    manager: EntityManager,
    settled: ReadonlyArray<{ row: Notification; settledAt: Date }>,
  ): Promise<ScheduledNotification[]> {
    const reminders = settled.filter(
      ({ row }) =>
        row.recipientKind === RecipientKind.Agency &&
        (AGENCY_REMINDER_KINDS as readonly NotificationKind[]).includes(row.kind),
    );
    if (reminders.length === 0) return [];
    const referrals = await this.referrals.lockManyForUpdate(
      [...new Set(reminders.map(({ row }) => row.referralId!))],
      manager,
    );
    const applying = reminders.filter(({ row }) => {
      const referral = referrals.get(row.referralId!);
      return referral !== undefined && reminderStillApplies(row.kind, referral, row.dueAt);
    });
    const counted = await this.referrals.countIgnoredReminders(
      manager,
      applying.map(({ row }) => ({
        referralId: row.referralId!,
        notificationId: row.id,
        kind: row.kind,
        sequence: row.sequence,
      })),
    );
    const scheduled: ScheduledNotification[] = [];
    const nextReminders: NotificationDraft[] = [];
    for (const { row, settledAt } of applying) {
      const referral = referrals.get(row.referralId!)!;
      const policy = reminderPolicyOf(
        await this.policies.recentFor(referral.service, referral.priority, manager),
      );
      if (row.kind === NotificationKind.OverdueReminder) {
        const calendar = await this.holidays.recentCalendarFor(referral.timeZone, manager);
        const next = nextOverdueReminder(row.dueAt, settledAt, row.sequence, policy, calendar);
        nextReminders.push(
          this.draft(referral, next, row.channel, RecipientKind.Agency, {
            recipientAgencyId: referral.agencyId,
          }),
        );
      }
      if (!counted.has(row.id)) continue;
      referral.remindersIgnored += 1;
      if (
        referral.escalatedAt === null &&
        referral.remindersIgnored >= policy.escalateAfterReminders
      ) {
        scheduled.push(...(await this.escalate(manager, referral)));
        referral.escalatedAt = new Date();
      }
    }
    scheduled.push(...(await this.writer.schedule(manager, nextReminders)));
    return scheduled;
  }

  /**
   * Tells the agency's escalation contact and the case's supervisor, or if the case has no active
   * supervisor the agency's supervisors, or failing them the assigned caseworker. Once per spell
   * of silence: an answer from the agency starts a new one.
   */
  private async escalate(
    manager: EntityManager,
    referral: Referral,
  ): Promise<ScheduledNotification[]> {
    await this.referrals.markEscalated(manager, referral.id);
    const agency = await manager.getRepository(Agency).findOneByOrFail({ id: referral.agencyId });
    const referringCase = await manager
      .getRepository(Case)
      .findOneByOrFail({ id: referral.caseId });
    const staff = await escalationRecipients(manager, referringCase);
    const now = new Date();
    const step: PlannedReminder = { kind: NotificationKind.Escalation, sequence: 1, dueAt: now };
    const drafts: NotificationDraft[] = staff.map((userId) =>
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
      dedupeKey: dedupeKeyOf(referral, step, channel, recipientKind, recipientId),
    };
  }
}

/**
 * A message exists once per key, however often it is planned. A reminder's identity is its
 * referral, kind, number, channel and recipient within the due date it chases: the nth overdue
 * reminder is one row whatever time it was computed for, so planning it twice cannot start a second
 * chain, while a changed due date starts a chain of its own.
 */
function dedupeKeyOf(
  referral: Referral,
  step: PlannedReminder,
  channel: NotificationChannel,
  recipientKind: RecipientKind,
  recipientId: string | undefined,
): string {
  const prefix = `referral:${referral.id}`;
  switch (step.kind) {
    case NotificationKind.Escalation:
      return `${prefix}:escalation:${recipientKind}:${recipientId}:${referral.lastResponseAt?.getTime() ?? 0}`;
    case NotificationKind.OverdueReminder:
      return `${prefix}:${step.kind}:${step.sequence}:${channel}:${recipientId}:${referral.dueAt!.getTime()}`;
    default:
      return `${prefix}:${step.kind}:${step.sequence}:${channel}:${recipientId}:${step.dueAt.getTime()}`;
  }
}

/** Active users to escalate to, in order of preference; see `escalate`. */
async function escalationRecipients(manager: EntityManager, record: Case): Promise<string[]> {
  const rows = await manager.query<Array<{ id: string; choice: number }>>(
    `SELECT id, CASE WHEN id = $2 THEN 1 WHEN role = 'supervisor' THEN 2 ELSE 3 END AS choice
     FROM users
     WHERE agency_id = $1 AND disabled_at IS NULL
       AND (id = $2 OR role = 'supervisor' OR id = $3)
       AND role IN ('supervisor', 'caseworker', 'admin')`,
    [record.owningAgencyId, record.supervisorId, record.assignedCaseworkerId],
  );
  const best = Math.min(...rows.map((row) => row.choice));
  return rows.filter((row) => row.choice === best).map((row) => row.id);
}

/** The case's assigned caseworker if active, or else whoever made the referral if active. */
async function answerRecipient(
  manager: EntityManager,
  record: Case,
  referral: Referral,
): Promise<string | null> {
  const rows = await manager.query<Array<{ id: string }>>(
    `SELECT id FROM users WHERE id = ANY ($1) AND disabled_at IS NULL
     ORDER BY id = $2 DESC LIMIT 1`,
    [
      [record.assignedCaseworkerId, referral.createdBy].filter((id): id is string => !!id),
      record.assignedCaseworkerId,
    ],
  );
  return rows[0]?.id ?? null;
}
