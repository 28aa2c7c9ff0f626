import { JobHandlerRegistry } from '../src/jobs/job-handler.registry';
import { JobName } from '../src/jobs/job-names';
import { UserRole } from '../src/modules/users/user-role';
import { createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(30_000);

/** Task reminders and digests as the assignee receives them, through the real delivery path. */
describe('task reminders and the daily digest, delivered', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let caseworker: SignedInUser;
  let caseId: string;
  let caseNumber: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url, NOTIFICATION_SWEEP_SECONDS: '1' } });
    const agencyId = (await createAgency(t)).id;
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
    const created = (await createCase(t, caseworker, plainCase())) as {
      id: string;
      caseNumber: string;
    };
    caseId = created.id;
    caseNumber = created.caseNumber;
  });

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const addTask = async (title: string, dueAt: Date) => {
    const response = await t
      .http()
      .post(`/api/v1/cases/${caseId}/tasks`)
      .set(...bearer(caseworker))
      .send({ title, dueAt: dueAt.toISOString() });
    expect(response.status).toBe(201);
    return response.body as { id: string; version: number };
  };

  it('emails the assignee when a task falls due, and not for one done before', async () => {
    const due = await addTask('Telepon ibu korban soal jenazah', new Date(Date.now() + 2000));
    const finished = await addTask('Kirim berkas ke LBH', new Date(Date.now() + 2000));
    const done = await t
      .http()
      .patch(`/api/v1/cases/${caseId}/tasks/${finished.id}`)
      .set(...bearer(caseworker))
      .send({ version: finished.version, done: true });
    expect(done.status).toBe(200);

    const [reminder] = await sink.waitFor(1, 10_000, caseworker.email);
    expect(reminder.subject).toContain(caseNumber);
    expect(reminder.text).toContain('Telepon ibu korban soal jenazah');
    expect(reminder.text).toContain(`/api/v1/cases/${caseId}/tasks/${due.id}`);
    // Give the sweep a few more rounds: the finished task's reminder must not follow.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(sink.messagesTo(caseworker.email)).toHaveLength(1);
    const { rows } = await t.db.query<{ task_id: string; status: string }>(
      `SELECT task_id, status FROM notifications WHERE kind = 'task_reminder' AND task_id = ANY ($1)`,
      [[due.id, finished.id]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.task_id, r.status]))).toEqual({
      [due.id]: 'delivered',
      [finished.id]: 'cancelled',
    });
  });

  it('sends one digest a day listing what is due, however often the planner runs', async () => {
    await addTask('Verifikasi data paspor', new Date(Date.now() + 60_000));
    const before = sink.messagesTo(caseworker.email).length;
    const registry = t.app.get(JobHandlerRegistry);
    await registry.run(JobName.PlanDailyDigests, {});
    await registry.run(JobName.PlanDailyDigests, {});
    const received = await sink.waitFor(before + 1, 10_000, caseworker.email);
    const digest = received[received.length - 1];
    expect(digest.text).toContain('Verifikasi data paspor');
    expect(digest.text).toContain(caseNumber);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(sink.messagesTo(caseworker.email)).toHaveLength(before + 1);
  });
});
