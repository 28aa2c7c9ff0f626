import type { DataSource } from 'typeorm';
import { NotificationKindHandler, NotificationKinds } from './notification-kinds';
import { NotificationKind } from './notification.enums';

function handlerOf(...kinds: NotificationKind[]): NotificationKindHandler {
  return { kinds, prepare: () => Promise.resolve({ send: false, reason: 'test' }) };
}

// The schema's own list is read at start-up by every e2e test's boot; these cover the decisions.
describe('notification kinds', () => {
  const registry = () => new NotificationKinds(null as unknown as DataSource);

  it('gives each kind the handler that registered it', () => {
    const kinds = registry();
    const referrals = handlerOf(NotificationKind.ReferralSent, NotificationKind.Escalation);
    const tasks = handlerOf(NotificationKind.TaskReminder);
    kinds.register(referrals);
    kinds.register(tasks);
    expect(kinds.handlerFor(NotificationKind.Escalation)).toBe(referrals);
    expect(kinds.handlerFor(NotificationKind.TaskReminder)).toBe(tasks);
    expect(() => kinds.handlerFor(NotificationKind.DailyDigest)).toThrow(
      'No feature handles notification kind "daily_digest"',
    );
  });

  it('refuses a kind registered twice', () => {
    const kinds = registry();
    kinds.register(handlerOf(NotificationKind.TaskReminder));
    expect(() => kinds.register(handlerOf(NotificationKind.TaskReminder))).toThrow(
      'Notification kind "task_reminder" is registered twice',
    );
  });

  it('stops the start when the schema and the registrations disagree, naming the kinds', () => {
    const kinds = registry();
    kinds.register(handlerOf(NotificationKind.TaskReminder, NotificationKind.DailyDigest));
    expect(() => kinds.assertCovers(['task_reminder', 'daily_digest'])).not.toThrow();
    expect(() => kinds.assertCovers(['task_reminder', 'daily_digest', 'case_assigned'])).toThrow(
      'Notification kinds do not match the schema: no handler for case_assigned',
    );
    expect(() => kinds.assertCovers(['task_reminder'])).toThrow(
      'handlers for kinds the schema refuses: daily_digest',
    );
  });
});
