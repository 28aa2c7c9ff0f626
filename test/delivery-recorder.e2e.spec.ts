import { DeliveryRecorder } from '../src/modules/notifications/delivery-recorder';
import { Notification } from '../src/modules/notifications/notification.entity';
import { NotificationsRepository } from '../src/modules/notifications/notifications.repository';
import {
  eventually,
  NotificationRow,
  notificationsOf,
  sendReferral,
} from './support/fault-helpers';
import { referralWorld, SECONDS_POLICY, setPolicy } from './support/referral-fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(60_000);

/**
 * Deliveries that finish together are recorded together: one transaction marks, settles and
 * audits the batch, then runs each row's follow-ups. Driven by hand on an API-only app (no
 * worker sends anything), so the rows are exactly the ones claimed here.
 */
describe('recording deliveries in batches', () => {
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { APP_ROLE: 'api', SMTP_URL: sink.url } });
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  async function claimAndRecord(ids: string[]): Promise<Notification[]> {
    const repository = t.app.get(NotificationsRepository);
    const claimed = await repository.claimMany(ids, 60);
    expect(claimed.map((row) => row.id)).toEqual(ids);
    const recorder = t.app.get(DeliveryRecorder);
    // All at once: the first go alone, the others wait and are recorded as one batch.
    await Promise.all(claimed.map((row) => recorder.recordDelivered(row, Date.now() + 30_000)));
    return claimed;
  }

  /** The agency's rows of `kind` and `sequence` for the referrals, once all exist and are due. */
  async function dueRows(
    rowsOf: () => Promise<NotificationRow[]>,
    kind: string,
    sequence: number,
  ): Promise<NotificationRow[]> {
    const rows = await eventually(async () => {
      const found = (await rowsOf()).filter(
        (row) => row.kind === kind && row.sequence === sequence && row.recipient_kind === 'agency',
      );
      expect(found).toHaveLength(6);
      return found;
    });
    const { rows: dueIn } = await t.db.query<{ ms: number }>(
      `SELECT greatest(0, extract(epoch FROM max(due_at) - now()) * 1000)::int AS ms
       FROM notifications WHERE id = ANY($1)`,
      [rows.map((row) => row.id)],
    );
    await new Promise((resolve) => setTimeout(resolve, dueIn[0].ms + 50));
    return rows;
  }

  async function auditCounts(ids: string[]): Promise<Map<string, number>> {
    const { rows } = await t.db.query<{ entity_id: string; count: number }>(
      `SELECT entity_id, count(*)::int AS count FROM audit_events
       WHERE action = 'notification.delivered' AND entity_id = ANY($1) GROUP BY entity_id`,
      [ids],
    );
    return new Map(rows.map((row) => [row.entity_id, row.count]));
  }

  it('marks, settles and audits each row once, and counts a reminder sent on two channels once', async () => {
    const world = await referralWorld(t, { webhookUrl: 'http://127.0.0.1:9/hooks/lbh' });
    await setPolicy(t, world.admin, 'legal_aid', 'normal', SECONDS_POLICY);
    const referrals: string[] = [];
    for (let i = 0; i < 3; i += 1) referrals.push(await sendReferral(t, world));
    const rowsOf = async () =>
      (await Promise.all(referrals.map((id) => notificationsOf(t, id)))).flat();

    const sent = (await rowsOf()).filter((row) => row.kind === 'referral_sent');
    expect(sent).toHaveLength(6);
    await claimAndRecord(sent.map((row) => row.id));
    const recorded = (await rowsOf()).filter((row) => row.kind === 'referral_sent');
    expect(recorded.map((row) => row.status)).toEqual(sent.map(() => 'delivered'));
    const counts = await auditCounts(sent.map((row) => row.id));
    for (const row of sent)
      expect({ id: row.id, entries: counts.get(row.id) }).toEqual({
        id: row.id,
        entries: 1,
      });
    const { rows: settled } = await t.db.query<{ unsettled: number }>(
      `SELECT count(*)::int AS unsettled FROM notifications WHERE id = ANY($1) AND settled_at IS NULL`,
      [sent.map((row) => row.id)],
    );
    expect(settled[0].unsettled).toBe(0);

    // The acknowledgement reminders, email and webhook for each referral, recorded in one go:
    // the two channels of one reminder count as one unanswered reminder.
    const reminders = await dueRows(rowsOf, 'acknowledge_reminder', 1);
    await claimAndRecord(reminders.map((row) => row.id));
    const { rows: ignored } = await t.db.query<{ reminders_ignored: number }>(
      `SELECT reminders_ignored FROM referrals WHERE id = ANY($1)`,
      [referrals],
    );
    expect(ignored.map((row) => row.reminders_ignored)).toEqual([1, 1, 1]);
    const reminderAudit = await auditCounts(reminders.map((row) => row.id));
    expect([...reminderAudit.values()]).toEqual(reminders.map(() => 1));

    // The due-soon reminders, both channels of three referrals in one batch: the second
    // unanswered reminder escalates each referral once, not once per channel.
    const dueSoon = await dueRows(rowsOf, 'due_soon_reminder', 1);
    await claimAndRecord(dueSoon.map((row) => row.id));
    const { rows: escalated } = await t.db.query<{
      reminders_ignored: number;
      escalated: boolean;
      escalations: number;
    }>(
      `SELECT r.reminders_ignored, r.escalated_at IS NOT NULL AS escalated,
              (SELECT count(*)::int FROM notifications n
               WHERE n.referral_id = r.id AND n.kind = 'escalation'
                 AND n.recipient_kind = 'agency_escalation_contact') AS escalations
       FROM referrals r WHERE r.id = ANY($1)`,
      [referrals],
    );
    expect(escalated).toEqual(
      referrals.map(() => ({ reminders_ignored: 2, escalated: true, escalations: 1 })),
    );

    // The first overdue reminders: each plans its channel's next one, written together.
    const overdue = await dueRows(rowsOf, 'overdue_reminder', 1);
    await claimAndRecord(overdue.map((row) => row.id));
    const next = (await rowsOf()).filter(
      (row) => row.kind === 'overdue_reminder' && row.sequence === 2,
    );
    expect(next.map((row) => `${row.channel} ${row.status}`).sort()).toEqual(
      [...referrals.map(() => 'email pending'), ...referrals.map(() => 'webhook pending')].sort(),
    );

    // Recorded again, as by a worker whose lease ran out meanwhile: nothing changes.
    const again = await rowsOf();
    const recorder = t.app.get(DeliveryRecorder);
    const { rows: before } = await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM audit_events WHERE action = 'notification.delivered'`,
    );
    const claimedBefore = await Promise.all(
      reminders.map((row) => t.app.get(NotificationsRepository).findById(row.id)),
    );
    await Promise.all(
      claimedBefore.map((row) => recorder.recordDelivered(row!, Date.now() + 30_000)),
    );
    const { rows: after } = await t.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM audit_events WHERE action = 'notification.delivered'`,
    );
    expect(after[0].count).toBe(before[0].count);
    expect((await rowsOf()).map((row) => row.status)).toEqual(again.map((row) => row.status));
  });
});
