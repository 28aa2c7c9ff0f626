import { NotificationKind } from '../notifications/notification.enums';
import {
  deadlinesFor,
  dueDateReminders,
  initialReminders,
  nextOverdueReminder,
  ReminderPolicy,
  reminderStillApplies,
} from './referral-reminders';
import { allowedResponses, canCancel, statusAfterResponse } from './referral-workflow';
import { ReferralResponseAction, ReferralStatus, SlaUnit } from './referral.enums';
import { WorkingCalendar } from './working-calendar';

const jakarta = (holidays: string[] = []): WorkingCalendar => ({
  timeZone: 'Asia/Jakarta',
  holidays: new Set(holidays),
});
const at = (iso: string): Date => new Date(iso);

/** The seeded default for legal aid at normal priority. */
const legalAidNormal: ReminderPolicy = {
  acknowledge: { unit: SlaUnit.WorkingDays, amount: 2 },
  complete: { unit: SlaUnit.WorkingDays, amount: 20 },
  remindBeforeDue: { unit: SlaUnit.Hours, amount: 16 },
  overdueEvery: { unit: SlaUnit.WorkingDays, amount: 1 },
  escalateAfterReminders: 3,
};

describe('referral deadlines', () => {
  // Friday 17 May 2024, 15:00 WIB.
  const fridayAfternoon = at('2024-05-17T08:00:00Z');

  it('counts acknowledgement and completion in working days, skipping weekends and holidays', () => {
    const deadlines = deadlinesFor(fridayAfternoon, legalAidNormal, jakarta(['2024-05-23']), null);
    // Monday 20 and Tuesday 21 May: acknowledge by the end of Tuesday.
    expect(deadlines.acknowledgeDueAt.toISOString()).toBe('2024-05-21T16:59:59.999Z');
    // 20 working days from Monday 20 May with Thursday 23 May off: Monday 17 June.
    expect(deadlines.dueAt.toISOString()).toBe('2024-06-17T16:59:59.999Z');
  });

  it('uses a due date set by hand instead of the policy, and never asks to acknowledge after it', () => {
    const requested = at('2024-05-20T05:00:00Z');
    const deadlines = deadlinesFor(fridayAfternoon, legalAidNormal, jakarta(), requested);
    expect(deadlines.dueAt).toEqual(requested);
    expect(deadlines.acknowledgeDueAt).toEqual(requested);
  });

  it('counts in the agency’s own time zone: an office in Makassar (WITA) ends its day an hour earlier', () => {
    const makassar: WorkingCalendar = { timeZone: 'Asia/Makassar', holidays: new Set() };
    expect(
      deadlinesFor(fridayAfternoon, legalAidNormal, makassar, null).acknowledgeDueAt.toISOString(),
    ).toBe('2024-05-21T15:59:59.999Z');
  });

  it('accepts plain seconds, so a whole chain can be rehearsed in a test', () => {
    const start = at('2024-05-17T08:00:00Z');
    const deadlines = deadlinesFor(
      start,
      {
        ...legalAidNormal,
        acknowledge: { unit: SlaUnit.Seconds, amount: 2 },
        complete: { unit: SlaUnit.Seconds, amount: 6 },
      },
      jakarta(),
      null,
    );
    expect(deadlines.acknowledgeDueAt.getTime() - start.getTime()).toBe(2000);
    expect(deadlines.dueAt.getTime() - start.getTime()).toBe(6000);
  });
});

describe('the reminders a sent referral owes', () => {
  const sentAt = at('2024-05-17T08:00:00Z');
  const deadlines = {
    acknowledgeDueAt: at('2024-05-21T16:59:59.999Z'),
    dueAt: at('2024-06-17T16:59:59.999Z'),
  };

  it('sends the referral now, then reminds at the acknowledgement deadline, before the due date and at it', () => {
    expect(initialReminders(sentAt, deadlines, legalAidNormal)).toEqual([
      { kind: NotificationKind.ReferralSent, sequence: 1, dueAt: sentAt },
      {
        kind: NotificationKind.AcknowledgeReminder,
        sequence: 1,
        dueAt: deadlines.acknowledgeDueAt,
      },
      // 16 hours before the end of the due day: 08:00 WIB that morning.
      {
        kind: NotificationKind.DueSoonReminder,
        sequence: 1,
        dueAt: at('2024-06-17T00:59:59.999Z'),
      },
      { kind: NotificationKind.OverdueReminder, sequence: 1, dueAt: deadlines.dueAt },
    ]);
  });

  it('sends one reminder, not two, when acknowledging is due with the work itself', () => {
    const together = { acknowledgeDueAt: deadlines.dueAt, dueAt: deadlines.dueAt };
    expect(initialReminders(sentAt, together, legalAidNormal).map((r) => r.kind)).toEqual([
      NotificationKind.ReferralSent,
      NotificationKind.DueSoonReminder,
      NotificationKind.OverdueReminder,
    ]);
  });

  it('has no reminder before the due date when the policy turns it off, or when it would be in the past', () => {
    const off = { ...legalAidNormal, remindBeforeDue: { unit: SlaUnit.Hours as const, amount: 0 } };
    expect(dueDateReminders(sentAt, deadlines.dueAt, off).map((r) => r.kind)).toEqual([
      NotificationKind.OverdueReminder,
    ]);
    const soon = at('2024-05-17T10:00:00Z');
    expect(dueDateReminders(sentAt, soon, legalAidNormal).map((r) => r.kind)).toEqual([
      NotificationKind.OverdueReminder,
    ]);
  });

  it('repeats the overdue reminder every working day, counting from the later of due and delivered', () => {
    const calendar = jakarta();
    // Delivered on time at the end of Friday 14 June: the next one is due at the end of Monday.
    const onTime = nextOverdueReminder(
      at('2024-06-14T16:59:59.999Z'),
      at('2024-06-14T17:00:01Z'),
      1,
      legalAidNormal,
      calendar,
    );
    expect(onTime).toEqual({
      kind: NotificationKind.OverdueReminder,
      sequence: 2,
      dueAt: at('2024-06-17T16:59:59.999Z'),
    });
    // Delivered two days late (the mail server was down): the next one is a working day after that.
    const late = nextOverdueReminder(
      at('2024-06-14T16:59:59.999Z'),
      at('2024-06-18T03:00:00Z'),
      2,
      legalAidNormal,
      calendar,
    );
    expect(late.dueAt.toISOString()).toBe('2024-06-19T16:59:59.999Z');
    expect(late.sequence).toBe(3);
  });

  it('drops reminders the referral no longer needs', () => {
    const dueAt = at('2024-06-17T16:59:59.999Z');
    const sent = { status: ReferralStatus.Sent, acknowledgedAt: null, dueAt };
    const acknowledged = { status: ReferralStatus.Acknowledged, acknowledgedAt: new Date(), dueAt };
    const completed = { status: ReferralStatus.Completed, acknowledgedAt: new Date(), dueAt };
    const before = at('2024-06-17T00:59:59.999Z');
    expect(reminderStillApplies(NotificationKind.AcknowledgeReminder, sent, before)).toBe(true);
    expect(reminderStillApplies(NotificationKind.AcknowledgeReminder, acknowledged, before)).toBe(
      false,
    );
    expect(reminderStillApplies(NotificationKind.OverdueReminder, acknowledged, dueAt)).toBe(true);
    for (const kind of [
      NotificationKind.ReferralSent,
      NotificationKind.DueSoonReminder,
      NotificationKind.OverdueReminder,
      NotificationKind.Escalation,
    ])
      expect(reminderStillApplies(kind, completed, dueAt)).toBe(false);
    expect(reminderStillApplies(NotificationKind.TaskReminder, sent, dueAt)).toBe(false);
  });

  it('drops the reminders of a due date that has since moved', () => {
    const movedLater = {
      status: ReferralStatus.Sent,
      acknowledgedAt: null,
      dueAt: at('2024-06-28T16:59:59.999Z'),
    };
    const oldDue = at('2024-06-17T16:59:59.999Z');
    // The old date's overdue chain: the referral is not overdue any more.
    expect(reminderStillApplies(NotificationKind.OverdueReminder, movedLater, oldDue)).toBe(false);
    // The new date's chain, and a due-soon reminder before the new date, still go.
    expect(
      reminderStillApplies(NotificationKind.OverdueReminder, movedLater, movedLater.dueAt),
    ).toBe(true);
    expect(reminderStillApplies(NotificationKind.DueSoonReminder, movedLater, oldDue)).toBe(true);
    const movedEarlier = { ...movedLater, dueAt: at('2024-06-10T16:59:59.999Z') };
    // A due-soon reminder meant for a date that has been brought forward past it.
    expect(
      reminderStillApplies(
        NotificationKind.DueSoonReminder,
        movedEarlier,
        at('2024-06-17T00:59:59.999Z'),
      ),
    ).toBe(false);
  });
});

describe('referral workflow', () => {
  it('lets the receiving agency acknowledge, decline, progress or complete a sent referral', () => {
    expect(allowedResponses(ReferralStatus.Sent)).toEqual([
      ReferralResponseAction.Acknowledge,
      ReferralResponseAction.Decline,
      ReferralResponseAction.Progress,
      ReferralResponseAction.Complete,
    ]);
    expect(allowedResponses(ReferralStatus.InProgress)).toEqual([
      ReferralResponseAction.Progress,
      ReferralResponseAction.Complete,
    ]);
  });

  it('allows nothing on drafts and finished referrals', () => {
    for (const status of [
      ReferralStatus.Draft,
      ReferralStatus.Completed,
      ReferralStatus.Declined,
      ReferralStatus.Cancelled,
    ])
      expect(allowedResponses(status)).toEqual([]);
  });

  it('maps each answer to its status', () => {
    expect(statusAfterResponse(ReferralResponseAction.Acknowledge)).toBe(
      ReferralStatus.Acknowledged,
    );
    expect(statusAfterResponse(ReferralResponseAction.Decline)).toBe(ReferralStatus.Declined);
    expect(statusAfterResponse(ReferralResponseAction.Progress)).toBe(ReferralStatus.InProgress);
    expect(statusAfterResponse(ReferralResponseAction.Complete)).toBe(ReferralStatus.Completed);
  });

  it('lets the referring side cancel until the work is finished', () => {
    expect(canCancel(ReferralStatus.Draft)).toBe(true);
    expect(canCancel(ReferralStatus.InProgress)).toBe(true);
    expect(canCancel(ReferralStatus.Completed)).toBe(false);
    expect(canCancel(ReferralStatus.Declined)).toBe(false);
    expect(canCancel(ReferralStatus.Cancelled)).toBe(false);
  });
});
