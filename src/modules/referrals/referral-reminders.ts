import { NotificationKind } from '../notifications/notification.enums';
import { SlaDuration, WorkingCalendar, dueAfter } from './working-calendar';
import { SlaUnit } from './referral.enums';

/** The parts of an SLA policy that set deadlines and reminders. */
export interface ReminderPolicy {
  acknowledge: SlaDuration;
  complete: SlaDuration;
  /** Zero amount: no reminder before the due date. */
  remindBeforeDue: { unit: Exclude<SlaUnit, SlaUnit.WorkingDays>; amount: number };
  overdueEvery: SlaDuration;
  escalateAfterReminders: number;
}

export interface ReferralDeadlines {
  acknowledgeDueAt: Date;
  dueAt: Date;
}

export interface PlannedReminder {
  kind: NotificationKind;
  sequence: number;
  dueAt: Date;
}

const MS_PER_UNIT = { hours: 3_600_000, minutes: 60_000, seconds: 1000 } as const;

/**
 * The deadlines of a referral sent at `sentAt`. A due date chosen by hand replaces the policy's;
 * the acknowledgement deadline never falls after the due date.
 */
export function deadlinesFor(
  sentAt: Date,
  policy: ReminderPolicy,
  calendar: WorkingCalendar,
  requestedDueAt: Date | null,
): ReferralDeadlines {
  const dueAt = requestedDueAt ?? dueAfter(sentAt, policy.complete, calendar);
  const acknowledgeBy = dueAfter(sentAt, policy.acknowledge, calendar);
  return {
    acknowledgeDueAt: acknowledgeBy.getTime() > dueAt.getTime() ? dueAt : acknowledgeBy,
    dueAt,
  };
}

/**
 * What the receiving agency is sent when a referral goes out: the referral itself now, then a
 * reminder if it is not acknowledged by the deadline, one before the due date, and the first
 * overdue reminder at the due date (each overdue reminder schedules the next when delivered).
 */
export function initialReminders(
  sentAt: Date,
  deadlines: ReferralDeadlines,
  policy: ReminderPolicy,
): PlannedReminder[] {
  const plan: PlannedReminder[] = [
    { kind: NotificationKind.ReferralSent, sequence: 1, dueAt: sentAt },
  ];
  // When acknowledging is due with the work itself, the overdue reminder says both, once.
  if (deadlines.acknowledgeDueAt.getTime() < deadlines.dueAt.getTime())
    plan.push({
      kind: NotificationKind.AcknowledgeReminder,
      sequence: 1,
      dueAt: deadlines.acknowledgeDueAt,
    });
  plan.push(...dueDateReminders(sentAt, deadlines.dueAt, policy));
  return plan;
}

/** The reminders tied to the due date, also used again when the due date changes. */
export function dueDateReminders(
  now: Date,
  dueAt: Date,
  policy: ReminderPolicy,
): PlannedReminder[] {
  const plan: PlannedReminder[] = [];
  const before = policy.remindBeforeDue;
  if (before.amount > 0) {
    const remindAt = new Date(dueAt.getTime() - before.amount * MS_PER_UNIT[before.unit]);
    if (remindAt.getTime() > now.getTime())
      plan.push({ kind: NotificationKind.DueSoonReminder, sequence: 1, dueAt: remindAt });
  }
  plan.push({ kind: NotificationKind.OverdueReminder, sequence: 1, dueAt });
  return plan;
}

/**
 * When the next overdue reminder is due: every `overdueEvery` counted from the previous
 * reminder's due date in the agency's calendar, so a reminder that lands just after a deadline at
 * 23:59:59.999 does not push the next one a day further. A reminder settled late (the mail server
 * was down) skips the slots already past rather than sending them in a bunch.
 */
export function nextOverdueReminder(
  previousDueAt: Date,
  settledAt: Date,
  previousSequence: number,
  policy: ReminderPolicy,
  calendar: WorkingCalendar,
): PlannedReminder {
  const every = policy.overdueEvery;
  let dueAt = dueAfter(previousDueAt, every, calendar);
  if (dueAt.getTime() <= previousDueAt.getTime())
    throw new RangeError('An overdue reminder must repeat after a positive interval');
  if (every.unit === 'working_days') {
    // At most one step per calendar day missed: bounded by how late the reminder was settled.
    while (dueAt.getTime() <= settledAt.getTime()) dueAt = dueAfter(dueAt, every, calendar);
  } else if (dueAt.getTime() <= settledAt.getTime()) {
    const stepMs = dueAt.getTime() - previousDueAt.getTime();
    const missed = Math.floor((settledAt.getTime() - dueAt.getTime()) / stepMs) + 1;
    dueAt = new Date(dueAt.getTime() + missed * stepMs);
  }
  return { kind: NotificationKind.OverdueReminder, sequence: previousSequence + 1, dueAt };
}

/**
 * Whether a reminder still has a reason to go out: the referral is still open, and the reminder
 * belongs to its current deadlines (a due date that moved leaves the old date's reminders behind,
 * and one of those may come back through a retry or be mid-delivery when the date changes).
 */
export function reminderStillApplies(
  kind: NotificationKind,
  referral: { status: string; acknowledgedAt: Date | null; dueAt: Date | null },
  reminderDueAt: Date,
): boolean {
  const open = ['sent', 'acknowledged', 'in_progress'].includes(referral.status);
  const dueAt = referral.dueAt?.getTime();
  switch (kind) {
    case NotificationKind.ReferralSent:
    case NotificationKind.Escalation:
      return open;
    case NotificationKind.AcknowledgeReminder:
      return referral.status === 'sent' && referral.acknowledgedAt === null;
    case NotificationKind.ReferralAnswered:
      return ['declined', 'completed'].includes(referral.status);
    case NotificationKind.ReferralAssigned:
      return open;
    case NotificationKind.DueSoonReminder:
      return open && dueAt !== undefined && reminderDueAt.getTime() < dueAt;
    case NotificationKind.OverdueReminder:
      return open && dueAt !== undefined && reminderDueAt.getTime() >= dueAt;
    default:
      return false;
  }
}
