import { DateTime } from 'luxon';
import { Client } from 'pg';
import { isWorkingDay, WorkingCalendar } from '../src/modules/referrals/working-calendar';
import { UserRole } from '../src/modules/users/user-role';
import { bearer, createUser } from './support/factories';
import {
  agencyNotification,
  answerReferral,
  eventually,
  notificationById,
  notificationsOf,
  rowBecomes,
  sendReferral,
  sleep,
} from './support/fault-helpers';
import { referralWorld, ReferralWorld, setPolicy } from './support/referral-fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(45_000);

/** Sweep every second, retries 200 ms apart, a dead sender's lease (and a lost job) after 3 s. */
const FAST_NOTIFICATIONS = {
  NOTIFICATION_SWEEP_SECONDS: '1',
  NOTIFICATION_RETRY_BASE_MS: '200',
  NOTIFICATION_REQUEUE_SECONDS: '3',
  NOTIFICATION_MAX_ATTEMPTS: '3',
};

let t: TestApp;
let sink: SmtpSink;
const receivers: WebhookReceiver[] = [];

async function newReceiver(): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver();
  receivers.push(receiver);
  return receiver;
}

/** A world whose receiving agency is reached by webhook only: one channel, one row per reminder. */
async function webhookOnlyWorld(
  receiver: WebhookReceiver,
  options: { timeZone?: string } = {},
): Promise<ReferralWorld> {
  const world = await referralWorld(t, { webhookUrl: `${receiver.url}/hooks/lbh`, ...options });
  await t.db.query(`UPDATE agencies SET contact_emails = '{}' WHERE id = $1`, [
    world.receivingAgencyId,
  ]);
  return world;
}

async function remindersIgnored(referralId: string): Promise<number> {
  const { rows } = await t.db.query<{ reminders_ignored: number }>(
    'SELECT reminders_ignored FROM referrals WHERE id = $1',
    [referralId],
  );
  return rows[0].reminders_ignored;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ env: { SMTP_URL: sink.url, ...FAST_NOTIFICATIONS } });
});

afterAll(async () => {
  await t?.close();
  await Promise.all(receivers.map((r) => r.close()));
  await sink?.close();
});

describe('an admin retry of a failed agency reminder', () => {
  it('delivers it without counting it again or starting a second chain of overdue reminders', async () => {
    const admin = await createUser(t, UserRole.Admin);
    // Acknowledging is due with the work, in 2 s: the referral, then one overdue reminder, whose
    // next one is an hour away; escalation far off.
    await setPolicy(t, admin, 'legal_aid', 'normal', {
      acknowledgeAmount: 2,
      acknowledgeUnit: 'seconds',
      completeAmount: 2,
      completeUnit: 'seconds',
      remindBeforeDueAmount: 0,
      remindBeforeDueUnit: 'seconds',
      overdueEveryAmount: 1,
      overdueEveryUnit: 'hours',
      escalateAfterReminders: 10,
    });
    const receiver = await newReceiver();
    const world = await webhookOnlyWorld(receiver);
    // The webhook is gone (410) for the referral and its overdue reminder.
    receiver.failNext(2, 410);
    const referralId = await sendReferral(t, world);
    const overdue = await agencyNotification(t, referralId, 'overdue_reminder', 'webhook');
    const failed = await rowBecomes(t, overdue.id, { status: 'failed' }, 10_000);
    expect(failed.last_error).toBe('HTTP 410');

    const nextReminders = async () =>
      (await notificationsOf(t, referralId)).filter(
        (r) => r.kind === 'overdue_reminder' && r.sequence === 2,
      );
    // Failing for good counts as ignored and plans the next reminder, once.
    const [next] = await eventually(async () => {
      const found = await nextReminders();
      expect(found).toHaveLength(1);
      return found;
    });
    expect(await remindersIgnored(referralId)).toBe(1);
    const { rows: before } = await t.db.query<{ settled_at: Date }>(
      'SELECT settled_at FROM notifications WHERE id = $1',
      [overdue.id],
    );

    // Later the admin fixes the receiver and retries: the message goes out, nothing more.
    await sleep(50);
    const retried = await t
      .http()
      .post(`/api/v1/notifications/${overdue.id}/retry`)
      .set(...bearer(admin));
    expect(retried.status).toBe(200);
    await rowBecomes(t, overdue.id, { status: 'delivered' });
    expect(receiver.byIdempotencyKey(overdue.id)).toHaveLength(1);
    // Time for any follow-up of a second settling to be written.
    await sleep(1500);
    expect(await remindersIgnored(referralId)).toBe(1);
    const after = await nextReminders();
    expect(after.map((r) => ({ id: r.id, due_at: r.due_at }))).toEqual([
      { id: next.id, due_at: next.due_at },
    ]);
    const { rows: settledRows } = await t.db.query<{ settled_at: Date }>(
      'SELECT settled_at FROM notifications WHERE id = $1',
      [overdue.id],
    );
    // Settled once, when it failed for good; the retry's delivery did not settle it again.
    expect(settledRows[0].settled_at).toBeInstanceOf(Date);
    expect(settledRows[0].settled_at).toEqual(before[0].settled_at);
    await answerReferral(t, world, referralId);
  });
});

describe('overdue reminders in working days, through the delivery path', () => {
  it('plans the next reminder N working days after the previous due date, not after the delivery day (WIT)', async () => {
    const admin = await createUser(t, UserRole.Admin);
    const timeZone = 'Asia/Jayapura';
    await setPolicy(t, admin, 'police_investigation', 'normal', {
      overdueEveryAmount: 2,
      overdueEveryUnit: 'working_days',
      escalateAfterReminders: 10,
    });
    const receiver = await newReceiver();
    const world = await webhookOnlyWorld(receiver, { timeZone });
    const created = await t
      .http()
      .post(`/api/v1/cases/${world.caseId}/referrals`)
      .set(...bearer(world.caseworker))
      .send({
        agencyId: world.receivingAgencyId,
        service: 'police_investigation',
        priority: 'normal',
        reason: 'Dugaan perekrutan ilegal oleh calo.',
        request: 'Mohon penyelidikan terhadap perekrut.',
        victimIds: [world.victimId],
        consent: 'family',
        sharedFields: ['full_name'],
        send: true,
      });
    expect(created.status).toBe(201);
    const referralId = created.body.id as string;
    await rowBecomes(t, (await agencyNotification(t, referralId, 'referral_sent', 'webhook')).id, {
      status: 'delivered',
    });

    // The days as the agency's calendar has them: F is the first working day whose end is still
    // ahead, W the working day two working days before it. A deadline at the end of W has passed.
    const { rows: holidayRows } = await t.db.query<{ day: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM holidays`,
    );
    const calendar: WorkingCalendar = {
      timeZone,
      holidays: new Set(holidayRows.map((r) => r.day)),
    };
    let first = DateTime.now().setZone(timeZone).startOf('day');
    while (!isWorkingDay(first, calendar)) first = first.plus({ days: 1 });
    let previous = first;
    for (let count = 0; count < 2;) {
      previous = previous.minus({ days: 1 });
      if (isWorkingDay(previous, calendar)) count += 1;
    }
    const previousDueAt = previous.endOf('day').toJSDate();
    const expectedNext = first.endOf('day').toJSDate();

    // The referral fell due at the end of W; its first overdue reminder is due then and goes out
    // now, through the sweep and the worker, as after a quiet night.
    await t.db.query(
      `UPDATE notifications SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'test'
       WHERE referral_id = $1 AND status = 'pending'`,
      [referralId],
    );
    await t.db.query('UPDATE referrals SET due_at = $2, acknowledge_due_at = $2 WHERE id = $1', [
      referralId,
      previousDueAt,
    ]);
    const { rows: inserted } = await t.db.query<{ id: string }>(
      `INSERT INTO notifications (kind, channel, recipient_kind, recipient_agency_id, case_id, referral_id,
                                  sequence, dedupe_key, due_at, next_attempt_at, max_attempts)
       VALUES ('overdue_reminder', 'webhook', 'agency', $1, $2, $3, 1, $4, $5, $5, 3)
       RETURNING id`,
      [
        world.receivingAgencyId,
        world.caseId,
        referralId,
        `test:${referralId}:overdue:1`,
        previousDueAt,
      ],
    );
    await rowBecomes(t, inserted[0].id, { status: 'delivered' }, 10_000);
    const next = await eventually(async () => {
      const found = (await notificationsOf(t, referralId)).filter(
        (r) => r.kind === 'overdue_reminder' && r.sequence === 2,
      );
      expect(found).toHaveLength(1);
      return found[0];
    });
    expect(next.due_at.toISOString()).toBe(expectedNext.toISOString());
    await answerReferral(t, world, referralId);
  });
});

describe('a database outage between sending and recording', () => {
  it('records the delivery once the database answers again, and sends exactly once', async () => {
    const receiver = await newReceiver();
    const world = await webhookOnlyWorld(receiver);
    // The receiver takes the referral's webhook and holds it until the row is locked below.
    receiver.holdNext();
    const referralId = await sendReferral(t, world, 'high');
    const hook = await agencyNotification(t, referralId, 'referral_sent', 'webhook');
    await eventually(() => expect(receiver.heldCount).toBe(1));
    expect(await notificationById(t, hook.id)).toMatchObject({ status: 'sending', attempts: 1 });

    const locker = new Client({ connectionString: t.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM notifications WHERE id = $1 FOR UPDATE', [hook.id]);
      const lockerPid = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
        .rows[0].pid;
      receiver.releaseHeld();
      // The app's recording waits on the row; its connection then dies, as in a restart.
      const blocked = await eventually(async () => {
        const { rows } = await locker.query<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
          [lockerPid],
        );
        expect(rows).toHaveLength(1);
        return rows[0].pid;
      }, 5000);
      await locker.query('SELECT pg_terminate_backend($1)', [blocked]);
      await sleep(300);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }

    const delivered = await rowBecomes(t, hook.id, { status: 'delivered' }, 5000);
    expect(delivered.attempts).toBe(1);
    // Past the lease (3 s) and a sweep: no second copy.
    await sleep(4500);
    expect(await notificationById(t, hook.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });
    expect(receiver.byIdempotencyKey(hook.id)).toHaveLength(1);
    await answerReferral(t, world, referralId);
  });
});

describe('a follow-up that cannot be planned', () => {
  it('records the delivery without it, and sends exactly once even after the lease', async () => {
    const admin = await createUser(t, UserRole.Admin);
    // The referral, then one overdue reminder 2 s later, whose next one cannot be written.
    await setPolicy(t, admin, 'legal_aid', 'normal', {
      acknowledgeAmount: 2,
      acknowledgeUnit: 'seconds',
      completeAmount: 2,
      completeUnit: 'seconds',
      remindBeforeDueAmount: 0,
      remindBeforeDueUnit: 'seconds',
      overdueEveryAmount: 1,
      overdueEveryUnit: 'hours',
      escalateAfterReminders: 10,
    });
    const receiver = await newReceiver();
    const world = await webhookOnlyWorld(receiver);
    // The same refusal every time: trying again cannot help.
    await t.db.query(`
      CREATE FUNCTION refuse_next_overdue_reminder() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'no further overdue reminder' USING ERRCODE = 'check_violation';
      END $$;
      CREATE TRIGGER refuse_next_overdue_reminder BEFORE INSERT ON notifications FOR EACH ROW
        WHEN (NEW.kind = 'overdue_reminder' AND NEW.sequence > 1)
        EXECUTE FUNCTION refuse_next_overdue_reminder();
    `);
    try {
      const referralId = await sendReferral(t, world);
      const overdue = await agencyNotification(t, referralId, 'overdue_reminder', 'webhook');
      const delivered = await rowBecomes(t, overdue.id, { status: 'delivered' }, 10_000);
      expect(delivered.attempts).toBe(1);
      // Past the lease (3 s) with the sweep running every second: no second copy.
      await sleep(5000);
      expect(await notificationById(t, overdue.id)).toMatchObject({
        status: 'delivered',
        attempts: 1,
      });
      expect(receiver.byIdempotencyKey(overdue.id)).toHaveLength(1);
      const { rows: audited } = await t.db.query(
        `SELECT 1 FROM audit_events WHERE entity_id = $1 AND action = 'notification.delivered'`,
        [overdue.id],
      );
      expect(audited).toHaveLength(1);
      expect(
        (await notificationsOf(t, referralId)).filter(
          (r) => r.kind === 'overdue_reminder' && r.sequence > 1,
        ),
      ).toEqual([]);
      await answerReferral(t, world, referralId);
    } finally {
      await t.db.query(`
        DROP TRIGGER refuse_next_overdue_reminder ON notifications;
        DROP FUNCTION refuse_next_overdue_reminder();
      `);
    }
  });
});

describe('retry timing on one clock', () => {
  it('retries on time when this process’s clock runs ahead of the database’s', async () => {
    const receiver = await newReceiver();
    const world = await webhookOnlyWorld(receiver);
    receiver.failNext(1, 503);
    const realNow = Date.now.bind(Date);
    const skewed = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 5000);
    try {
      const referralId = await sendReferral(t, world, 'high');
      const hook = await agencyNotification(t, referralId, 'referral_sent', 'webhook');
      await eventually(() => expect(receiver.rejectedCount).toBe(1));
      const failedAt = realNow();
      // The retry is due 200 ms later by the database's clock; a time taken from this process
      // would be 5 s ahead, the claim would refuse the retry job, and the row would wait for the
      // requeue window.
      await rowBecomes(t, hook.id, { status: 'delivered', attempts: 2 }, 10_000);
      expect(realNow() - failedAt).toBeLessThan(2000);
      skewed.mockRestore();
      await answerReferral(t, world, referralId);
    } finally {
      skewed.mockRestore();
    }
  });
});
