import { DateTime } from 'luxon';
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

  it('repeats the overdue reminder every working day, counted from the previous due date', () => {
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
    // Settled late on Tuesday morning (the mail server was down): Monday's slot has passed and is
    // skipped, not sent in a bunch; the rhythm stays on the due date's, the end of Tuesday.
    const late = nextOverdueReminder(
      at('2024-06-14T16:59:59.999Z'),
      at('2024-06-18T03:00:00Z'),
      2,
      legalAidNormal,
      calendar,
    );
    expect(late.dueAt.toISOString()).toBe('2024-06-18T16:59:59.999Z');
    expect(late.sequence).toBe(3);
  });

  it('keeps an elapsed-time rhythm too, skipping the slots a late delivery missed', () => {
    const seconds: ReminderPolicy = {
      ...legalAidNormal,
      overdueEvery: { unit: SlaUnit.Seconds, amount: 2 },
    };
    const due = at('2024-06-14T08:00:00Z');
    expect(
      nextOverdueReminder(due, at('2024-06-14T08:00:00.100Z'), 1, seconds, jakarta()).dueAt,
    ).toEqual(at('2024-06-14T08:00:02Z'));
    expect(
      nextOverdueReminder(due, at('2024-06-14T08:00:05Z'), 1, seconds, jakarta()).dueAt,
    ).toEqual(at('2024-06-14T08:00:06Z'));
    expect(
      nextOverdueReminder(due, at('2024-06-14T08:00:06Z'), 1, seconds, jakarta()).dueAt,
    ).toEqual(at('2024-06-14T08:00:08Z'));
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

describe('the overdue cadence in working days', () => {
  const ZONES = [
    { name: 'WIB', timeZone: 'Asia/Jakarta' },
    { name: 'WITA', timeZone: 'Asia/Makassar' },
    { name: 'WIT', timeZone: 'Asia/Jayapura' },
  ];
  // Monday 17 June 2024 to Sunday 23 June 2024, no holidays in that week.
  const WEEK = ['2024-06-17', '2024-06-18', '2024-06-19', '2024-06-20', '2024-06-21'];
  const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

  /** The end of a local day, as a policy deadline is set. */
  const endOfLocalDay = (day: string, timeZone: string): Date =>
    DateTime.fromISO(day, { zone: timeZone }).endOf('day').toJSDate();
  /** Half a second after local midnight: when the sweep delivers a deadline's reminder. */
  const justAfterMidnightFollowing = (day: string, timeZone: string): Date =>
    DateTime.fromISO(day, { zone: timeZone }).plus({ days: 1, milliseconds: 500 }).toJSDate();
  const localDayOf = (instant: Date, timeZone: string): string =>
    DateTime.fromJSDate(instant, { zone: timeZone }).toISODate()!;

  /** Working days strictly after `from` up to and including `to`, counted day by day. */
  function workingDaysBetween(from: string, to: string, holidays: string[] = []): number {
    let count = 0;
    for (let day = DateTime.fromISO(from).plus({ days: 1 }); day.toISODate()! <= to;) {
      if (day.weekday <= 5 && !holidays.includes(day.toISODate()!)) count += 1;
      day = day.plus({ days: 1 });
    }
    return count;
  }

  const everyWorkingDays = (amount: number): ReminderPolicy => ({
    ...legalAidNormal,
    overdueEvery: { unit: SlaUnit.WorkingDays, amount },
  });

  for (const zone of ZONES)
    for (const amount of [1, 2, 3])
      WEEK.forEach((day, index) =>
        it(`${zone.name}: due on ${WEEKDAY_NAMES[index]}, every ${amount} working day(s), the next is exactly ${amount} working day(s) later`, () => {
          const calendar: WorkingCalendar = { timeZone: zone.timeZone, holidays: new Set() };
          const dueAt = endOfLocalDay(day, zone.timeZone);
          const next = nextOverdueReminder(
            dueAt,
            justAfterMidnightFollowing(day, zone.timeZone),
            1,
            everyWorkingDays(amount),
            calendar,
          );
          const nextDay = localDayOf(next.dueAt, zone.timeZone);
          expect(workingDaysBetween(day, nextDay)).toBe(amount);
          // The end of a working day in the agency's own zone, never a weekend.
          expect(next.dueAt).toEqual(endOfLocalDay(nextDay, zone.timeZone));
          expect(DateTime.fromISO(nextDay).weekday).toBeLessThanOrEqual(5);
        }),
      );

  it('names the exact days: every 2 working days from Monday, Wednesday and Thursday in WIT', () => {
    const calendar: WorkingCalendar = { timeZone: 'Asia/Jayapura', holidays: new Set() };
    const nextAfter = (day: string) =>
      nextOverdueReminder(
        endOfLocalDay(day, 'Asia/Jayapura'),
        justAfterMidnightFollowing(day, 'Asia/Jayapura'),
        1,
        everyWorkingDays(2),
        calendar,
      ).dueAt.toISOString();
    // 23:59:59.999 WIT is 14:59:59.999 UTC.
    expect(nextAfter('2024-06-17')).toBe('2024-06-19T14:59:59.999Z');
    expect(nextAfter('2024-06-19')).toBe('2024-06-21T14:59:59.999Z');
    expect(nextAfter('2024-06-20')).toBe('2024-06-24T14:59:59.999Z');
  });

  it('skips national holidays: due Tuesday with Wednesday off comes back Thursday, in WITA', () => {
    const calendar: WorkingCalendar = {
      timeZone: 'Asia/Makassar',
      holidays: new Set(['2024-06-19']),
    };
    const next = nextOverdueReminder(
      endOfLocalDay('2024-06-18', 'Asia/Makassar'),
      justAfterMidnightFollowing('2024-06-18', 'Asia/Makassar'),
      1,
      legalAidNormal,
      calendar,
    );
    expect(next.dueAt).toEqual(endOfLocalDay('2024-06-20', 'Asia/Makassar'));
    // Idul Adha on Monday 17 June 2024: due Friday, the next working day is Tuesday.
    const afterLongWeekend = nextOverdueReminder(
      endOfLocalDay('2024-06-14', 'Asia/Jakarta'),
      justAfterMidnightFollowing('2024-06-14', 'Asia/Jakarta'),
      1,
      legalAidNormal,
      jakarta(['2024-06-17']),
    );
    expect(afterLongWeekend.dueAt).toEqual(endOfLocalDay('2024-06-18', 'Asia/Jakarta'));
  });

  it('escalates after exactly N working days: the Kth ignored reminder is due (K-1)×N working days after the due date', () => {
    const holidays = ['2024-06-17'];
    for (const zone of ZONES)
      for (const amount of [1, 2])
        for (const escalateAfter of [2, 3, 5])
          for (const dueDay of WEEK) {
            const calendar: WorkingCalendar = {
              timeZone: zone.timeZone,
              holidays: new Set(holidays),
            };
            const policy = { ...everyWorkingDays(amount), escalateAfterReminders: escalateAfter };
            // Each overdue reminder is delivered just after its deadline and left unanswered.
            let reminder = {
              sequence: 1,
              dueAt: endOfLocalDay(dueDay, zone.timeZone),
            };
            while (reminder.sequence < policy.escalateAfterReminders) {
              const settledAt = DateTime.fromJSDate(reminder.dueAt).plus({ milliseconds: 500 });
              reminder = nextOverdueReminder(
                reminder.dueAt,
                settledAt.toJSDate(),
                reminder.sequence,
                policy,
                calendar,
              );
            }
            const escalationDay = localDayOf(reminder.dueAt, zone.timeZone);
            expect({
              zone: zone.name,
              dueDay,
              amount,
              escalateAfter,
              workingDays: workingDaysBetween(dueDay, escalationDay, holidays),
            }).toEqual({
              zone: zone.name,
              dueDay,
              amount,
              escalateAfter,
              workingDays: (escalateAfter - 1) * amount,
            });
          }
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
