import { todayInJakarta } from '../src/common/validation/dates';
import { JobHandlerRegistry } from '../src/jobs/job-handler.registry';
import { JobName } from '../src/jobs/job-names';
import { UserRole } from '../src/modules/users/user-role';
import { DataSource } from 'typeorm';
import { JobService } from '../src/jobs/job.service';
import { NotificationWriter } from '../src/modules/notifications/notification-writer';
import { DailyDigestPlanner } from '../src/modules/tasks/daily-digest.planner';
import { TaskMessages } from '../src/modules/tasks/task-messages';
import { TasksRepository } from '../src/modules/tasks/tasks.repository';
import { createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface NotificationRow {
  kind: string;
  channel: string;
  recipient_kind: string;
  recipient_user_id: string;
  case_id: string | null;
  task_id: string | null;
  dedupe_key: string;
  due_at: Date;
  status: string;
  cancel_reason: string | null;
}

const FAR_DUE = '2030-06-03T09:00:00+07:00';
const NEARER_DUE = '2030-06-01T14:30:00+07:00';

const tasksOf = (caseId: string) => `/api/v1/cases/${caseId}/tasks`;
const fieldsOf = (body: { details: { fields: Array<{ field: string }> } }) =>
  body.details.fields.map((f) => f.field).sort();
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('case follow-up tasks and the daily digest', () => {
  let t: TestApp;
  let agencyId: string;
  let caseworker: SignedInUser;
  let supervisor: SignedInUser;
  let viewer: SignedInUser;
  let outsider: SignedInUser;

  beforeAll(async () => {
    // API role: no delivery worker runs, so the notification rows stay as the API wrote them.
    t = await startTestApp({ env: { APP_ROLE: 'api' } });
    agencyId = (await createAgency(t, { shortName: 'Disnakertrans Lampung Selatan' })).id;
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
    viewer = await createUser(t, UserRole.Viewer, { agencyId });
    outsider = await createUser(t, UserRole.Caseworker);
  });
  afterAll(() => t.close());

  async function notificationsOf(taskId: string): Promise<NotificationRow[]> {
    const { rows } = await t.db.query<NotificationRow>(
      `SELECT kind, channel, recipient_kind, recipient_user_id, case_id, task_id, dedupe_key, due_at,
              status, cancel_reason
       FROM notifications WHERE task_id = $1 ORDER BY created_at, dedupe_key`,
      [taskId],
    );
    return rows;
  }

  async function addTask(user: SignedInUser, caseId: string, body: object) {
    const response = await t
      .http()
      .post(tasksOf(caseId))
      .set(...bearer(user))
      .send(body);
    if (response.status !== 201)
      throw new Error(
        `task creation failed with ${response.status}: ${JSON.stringify(response.body)}`,
      );
    return response.body;
  }

  async function patchTask(user: SignedInUser, caseId: string, taskId: string, body: object) {
    return t
      .http()
      .patch(`${tasksOf(caseId)}/${taskId}`)
      .set(...bearer(user))
      .send(body);
  }

  it('creates, lists, reads, edits and completes a task, keeping one pending reminder in step', async () => {
    const record = await createCase(t, caseworker, plainCase());
    const created = await t
      .http()
      .post(tasksOf(record.id))
      .set(...bearer(caseworker))
      .send({ title: '  Telepon Bu Janah soal dokumen  ', dueAt: FAR_DUE });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      caseId: record.id,
      title: 'Telepon Bu Janah soal dokumen',
      dueAt: '2030-06-03T02:00:00.000Z',
      assigneeId: caseworker.id,
      done: false,
      doneAt: null,
      doneBy: null,
      createdBy: caseworker.id,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const taskId = created.body.id as string;
    expect(await notificationsOf(taskId)).toEqual([
      {
        kind: 'task_reminder',
        channel: 'email',
        recipient_kind: 'user',
        recipient_user_id: caseworker.id,
        case_id: record.id,
        task_id: taskId,
        dedupe_key: `task:${taskId}:v1`,
        due_at: new Date('2030-06-03T02:00:00Z'),
        status: 'pending',
        cancel_reason: null,
      },
    ]);

    const other = await addTask(caseworker, record.id, {
      title: 'Minta surat keterangan dari BP3MI',
      dueAt: NEARER_DUE,
      assigneeId: supervisor.id,
    });
    expect(other.assigneeId).toBe(supervisor.id);
    const listed = await t
      .http()
      .get(tasksOf(record.id))
      .set(...bearer(caseworker));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((task: { id: string }) => task.id)).toEqual([other.id, taskId]);
    const read = await t
      .http()
      .get(`${tasksOf(record.id)}/${taskId}`)
      .set(...bearer(caseworker));
    expect(read.body).toEqual(created.body);

    const renamed = await patchTask(caseworker, record.id, taskId, {
      title: 'Telepon Bu Janah',
      version: 1,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Telepon Bu Janah', version: 2 });
    // A new title is not a new reminder.
    expect((await notificationsOf(taskId)).map((n) => [n.dedupe_key, n.status])).toEqual([
      [`task:${taskId}:v1`, 'pending'],
    ]);

    const moved = await patchTask(caseworker, record.id, taskId, {
      dueAt: '2030-07-01T08:00:00Z',
      version: 2,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ dueAt: '2030-07-01T08:00:00.000Z', version: 3 });
    const reassigned = await patchTask(caseworker, record.id, taskId, {
      assigneeId: supervisor.id,
      version: 3,
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body).toMatchObject({ assigneeId: supervisor.id, version: 4 });
    expect(
      (await notificationsOf(taskId)).map((n) => [
        n.dedupe_key,
        n.status,
        n.cancel_reason,
        n.recipient_user_id,
        n.due_at.toISOString(),
      ]),
    ).toEqual([
      [
        `task:${taskId}:v1`,
        'cancelled',
        'task rescheduled',
        caseworker.id,
        '2030-06-03T02:00:00.000Z',
      ],
      [
        `task:${taskId}:v3`,
        'cancelled',
        'task reassigned',
        caseworker.id,
        '2030-07-01T08:00:00.000Z',
      ],
      [`task:${taskId}:v4`, 'pending', null, supervisor.id, '2030-07-01T08:00:00.000Z'],
    ]);

    const done = await patchTask(supervisor, record.id, taskId, { done: true, version: 4 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      done: true,
      doneAt: expect.any(String),
      doneBy: supervisor.id,
      version: 5,
    });
    const afterDone = await notificationsOf(taskId);
    expect(afterDone.filter((n) => n.status === 'pending')).toEqual([]);
    expect(afterDone[2]).toMatchObject({ status: 'cancelled', cancel_reason: 'task done' });

    const open = await t
      .http()
      .get(`${tasksOf(record.id)}?open=true`)
      .set(...bearer(caseworker));
    expect(open.body.items.map((task: { id: string }) => task.id)).toEqual([other.id]);
    const closed = await t
      .http()
      .get(`${tasksOf(record.id)}?open=false`)
      .set(...bearer(caseworker));
    expect(closed.body.items.map((task: { id: string }) => task.id)).toEqual([taskId]);
    const badFilter = await t
      .http()
      .get(`${tasksOf(record.id)}?open=maybe`)
      .set(...bearer(caseworker));
    expect(badFilter.status).toBe(400);
    expect(fieldsOf(badFilter.body)).toEqual(['open']);

    const reopened = await patchTask(caseworker, record.id, taskId, { done: false, version: 5 });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ done: false, doneAt: null, doneBy: null, version: 6 });
    const afterReopen = await notificationsOf(taskId);
    expect(afterReopen.filter((n) => n.status === 'pending')).toEqual([
      expect.objectContaining({
        dedupe_key: `task:${taskId}:v6`,
        recipient_user_id: supervisor.id,
        due_at: new Date('2030-07-01T08:00:00Z'),
      }),
    ]);
  });

  it('shows every task change on the case timeline, without the titles', async () => {
    const record = await createCase(t, caseworker, plainCase());
    const task = await addTask(caseworker, record.id, {
      title: 'Kunjungi keluarga Siti di Kalianda',
      dueAt: FAR_DUE,
    });
    await patchTask(caseworker, record.id, task.id, { title: 'Kunjungi keluarga', version: 1 });
    await patchTask(caseworker, record.id, task.id, { done: true, version: 2 });
    await patchTask(caseworker, record.id, task.id, { done: false, version: 3 });

    const timeline = await t
      .http()
      .get(`/api/v1/cases/${record.id}/timeline`)
      .set(...bearer(viewer));
    expect(timeline.status).toBe(200);
    const taskEntries = timeline.body.items.filter(
      (entry: { entityType: string }) => entry.entityType === 'task',
    );
    expect(taskEntries).toEqual([
      expect.objectContaining({
        action: 'task.created',
        entityId: task.id,
        actorId: caseworker.id,
        actorName: 'Test caseworker',
        changes: expect.objectContaining({
          title: { from: null, to: '[redacted]' },
          dueAt: { from: null, to: '2030-06-03T02:00:00.000Z' },
          assigneeId: { from: null, to: caseworker.id },
        }),
      }),
      expect.objectContaining({
        action: 'task.updated',
        changes: { title: { from: '[redacted]', to: '[redacted]' } },
      }),
      expect.objectContaining({
        action: 'task.done',
        changes: {
          doneAt: { from: null, to: expect.any(String) },
          doneBy: { from: null, to: caseworker.id },
        },
      }),
      expect.objectContaining({ action: 'task.reopened' }),
    ]);
    expect(timeline.body.items).toContainEqual(
      expect.objectContaining({
        action: 'notification.cancelled',
        entityType: 'notification',
        changes: { reason: 'task done' },
      }),
    );
    expect(JSON.stringify(timeline.body)).not.toContain('Kunjungi');
  });

  it('answers 404 on every task route to a user of another agency, and for a task under another case', async () => {
    const record = await createCase(t, caseworker, plainCase());
    const elsewhere = await createCase(t, caseworker, plainCase());
    const task = await addTask(caseworker, record.id, { title: 'Cek paspor', dueAt: FAR_DUE });

    const attempts = [
      t.http().post(tasksOf(record.id)).send({ title: 'x', dueAt: FAR_DUE }),
      t.http().get(tasksOf(record.id)),
      t.http().get(`${tasksOf(record.id)}/${task.id}`),
      t
        .http()
        .patch(`${tasksOf(record.id)}/${task.id}`)
        .send({ done: true, version: 1 }),
    ];
    for (const attempt of attempts) {
      const response = await attempt.set(...bearer(outsider));
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('CASE.NOT_FOUND');
    }

    const misplacedRead = await t
      .http()
      .get(`${tasksOf(elsewhere.id)}/${task.id}`)
      .set(...bearer(caseworker));
    expect(misplacedRead.status).toBe(404);
    expect(misplacedRead.body.code).toBe('TASK.NOT_FOUND');
    const misplacedWrite = await patchTask(caseworker, elsewhere.id, task.id, {
      done: true,
      version: 1,
    });
    expect(misplacedWrite.status).toBe(404);
    const unchanged = await t.db.query(`SELECT version, done_at FROM case_tasks WHERE id = $1`, [
      task.id,
    ]);
    expect(unchanged.rows[0]).toEqual({ version: 1, done_at: null });
  });

  it('lets a viewer read tasks but not add or change them', async () => {
    const record = await createCase(t, caseworker, plainCase());
    const task = await addTask(caseworker, record.id, { title: 'Cek paspor', dueAt: FAR_DUE });

    const listed = await t
      .http()
      .get(tasksOf(record.id))
      .set(...bearer(viewer));
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    const added = await t
      .http()
      .post(tasksOf(record.id))
      .set(...bearer(viewer))
      .send({ title: 'Cek visa', dueAt: FAR_DUE, assigneeId: caseworker.id });
    expect(added.status).toBe(403);
    expect(added.body.code).toBe('CASE.READ_ONLY');
    const changed = await patchTask(viewer, record.id, task.id, { done: true, version: 1 });
    expect(changed.status).toBe(403);
    expect(changed.body.code).toBe('CASE.READ_ONLY');
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n, max(version) AS version FROM case_tasks WHERE case_id = $1`,
      [record.id],
    );
    expect(rows[0]).toEqual({ n: 1, version: 1 });
  });

  it('refuses a stale version with 409 and the current version, changing nothing', async () => {
    const record = await createCase(t, caseworker, plainCase());
    const task = await addTask(caseworker, record.id, { title: 'Cek paspor', dueAt: FAR_DUE });
    const first = await patchTask(supervisor, record.id, task.id, {
      dueAt: NEARER_DUE,
      version: 1,
    });
    expect(first.status).toBe(200);
    const stale = await patchTask(caseworker, record.id, task.id, { done: true, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'TASK.VERSION_CONFLICT',
      details: { currentVersion: 2 },
    });
    const current = await t
      .http()
      .get(`${tasksOf(record.id)}/${task.id}`)
      .set(...bearer(caseworker));
    expect(current.body).toMatchObject({ done: false, version: 2 });
    expect((await notificationsOf(task.id)).map((n) => n.status)).toEqual(['cancelled', 'pending']);
  });

  it('refuses bad due dates, titles and assignees with field errors', async () => {
    const record = await createCase(t, caseworker, plainCase());
    const disabled = await createUser(t, UserRole.Caseworker, { agencyId });
    await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [disabled.id]);
    const liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId });

    const post = (body: object, user = caseworker) =>
      t
        .http()
        .post(tasksOf(record.id))
        .set(...bearer(user))
        .send(body);
    for (const dueAt of [
      '2030-06-03',
      '2030-06-03T09:00:00',
      '2030-02-30T09:00:00+07:00',
      '2030-06-03T24:00:00Z',
      'besok pagi',
      1_900_000_000_000,
      null,
    ]) {
      const response = await post({ title: 'Cek paspor', dueAt });
      expect([dueAt, response.status, fieldsOf(response.body)]).toEqual([dueAt, 400, ['dueAt']]);
    }
    const missing = await post({});
    expect(fieldsOf(missing.body)).toEqual(['dueAt', 'title']);
    const blank = await post({ title: '   ', dueAt: FAR_DUE });
    expect(fieldsOf(blank.body)).toEqual(['title']);
    const long = await post({ title: 'x'.repeat(301), dueAt: FAR_DUE });
    expect(fieldsOf(long.body)).toEqual(['title']);
    const unknown = await post({ title: 'Cek paspor', dueAt: FAR_DUE, priority: 'high' });
    expect(fieldsOf(unknown.body)).toEqual(['priority']);

    for (const assigneeId of [
      viewer.id,
      liaison.id,
      disabled.id,
      outsider.id,
      '00000000-0000-4000-8000-000000000000',
      'not-a-uuid',
      null,
    ]) {
      const response = await post({ title: 'Cek paspor', dueAt: FAR_DUE, assigneeId });
      expect([assigneeId, response.status, fieldsOf(response.body)]).toEqual([
        assigneeId,
        400,
        ['assigneeId'],
      ]);
    }
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM case_tasks WHERE case_id = $1`,
      [record.id],
    );
    expect(rows[0].n).toBe(0);

    // An admin works every agency's cases but is nobody's assignee: they must name one.
    const admin = await createUser(t, UserRole.Admin);
    const unnamed = await post({ title: 'Cek paspor', dueAt: FAR_DUE }, admin);
    expect(unnamed.status).toBe(400);
    expect(fieldsOf(unnamed.body)).toEqual(['assigneeId']);
    const named = await post(
      { title: 'Cek paspor', dueAt: FAR_DUE, assigneeId: caseworker.id },
      admin,
    );
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ assigneeId: caseworker.id, createdBy: admin.id });

    for (const [change, field] of [
      [{ assigneeId: viewer.id }, 'assigneeId'],
      [{ dueAt: '2030-06-03T09:00' }, 'dueAt'],
      [{ dueAt: null }, 'dueAt'],
      [{ title: null }, 'title'],
      [{ done: 'yes' }, 'done'],
    ] as const) {
      const response = await patchTask(caseworker, record.id, named.body.id, {
        ...change,
        version: 1,
      });
      expect([change, response.status, fieldsOf(response.body)]).toEqual([change, 400, [field]]);
    }
    const noVersion = await patchTask(caseworker, record.id, named.body.id, { done: true });
    expect(fieldsOf(noVersion.body)).toEqual(['version']);
    const badTaskId = await t
      .http()
      .get(`${tasksOf(record.id)}/not-a-uuid`)
      .set(...bearer(caseworker));
    expect(badTaskId.status).toBe(400);
    expect(fieldsOf(badTaskId.body)).toEqual(['taskId']);
  });

  describe('the daily digest', () => {
    let receiving: string;

    beforeAll(async () => {
      receiving = (await createAgency(t, { shortName: 'BP3MI Lampung' })).id;
    });

    async function insertReferral(
      caseId: string,
      createdBy: string,
      dueAt: string,
      status = 'sent',
    ): Promise<void> {
      await t.db.query(
        `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                                reason, request, consent, created_by, sent_at, sent_by,
                                acknowledge_due_at, due_at)
         SELECT $1, c.owning_agency_id, $2, 'repatriation_living', 'high', $3, 'Korban ingin pulang',
                'Fasilitasi kepulangan', 'victim', $4, now() - interval '5 days', $4,
                now() - interval '4 days', $5
         FROM cases c WHERE c.id = $1`,
        [caseId, receiving, status, createdBy, dueAt],
      );
    }

    async function digestsOf(userId: string) {
      const { rows } = await t.db.query<NotificationRow>(
        `SELECT kind, channel, recipient_kind, recipient_user_id, case_id, task_id, dedupe_key, due_at,
                status, cancel_reason
         FROM notifications WHERE kind = 'daily_digest' AND recipient_user_id = $1`,
        [userId],
      );
      return rows;
    }

    const planDigests = () => t.app.get(JobHandlerRegistry).run(JobName.PlanDailyDigests, {});

    it('plans one digest per person and day for what is due or overdue, and none for the rest', async () => {
      const agency = (await createAgency(t, { shortName: 'Disnakertrans Lampung Timur' })).id;
      const withTasks = await createUser(t, UserRole.Caseworker, { agencyId: agency });
      const withReferral = await createUser(t, UserRole.Supervisor, { agencyId: agency });
      const withLaterTask = await createUser(t, UserRole.Caseworker, { agencyId: agency });
      const withDoneTask = await createUser(t, UserRole.Caseworker, { agencyId: agency });
      const disabled = await createUser(t, UserRole.Caseworker, { agencyId: agency });
      const withClosedReferral = await createUser(t, UserRole.Supervisor, { agencyId: agency });

      const record = await createCase(t, withTasks, plainCase({ supervisorId: withReferral.id }));
      const overdue = await addTask(withTasks, record.id, {
        title: 'Kirim kronologi ke BP3MI',
        dueAt: hoursFromNow(-30),
      });
      await addTask(withTasks, record.id, { title: 'Cek paspor', dueAt: hoursFromNow(-1) });
      await addTask(withTasks, record.id, { title: 'Tahun depan', dueAt: FAR_DUE });
      await addTask(withLaterTask, record.id, { title: 'Nanti saja', dueAt: FAR_DUE });
      const finished = await addTask(withDoneTask, record.id, {
        title: 'Sudah beres',
        dueAt: hoursFromNow(-2),
      });
      await patchTask(withDoneTask, record.id, finished.id, { done: true, version: 1 });
      await addTask(disabled, record.id, { title: 'Tidak aktif', dueAt: hoursFromNow(-2) });
      await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [disabled.id]);
      await insertReferral(record.id, withTasks.id, hoursFromNow(-3));
      const otherCase = await createCase(
        t,
        withTasks,
        plainCase({ supervisorId: withClosedReferral.id }),
      );
      await insertReferral(otherCase.id, withTasks.id, hoursFromNow(-3), 'cancelled');

      await planDigests();
      await planDigests();

      const day = todayInJakarta();
      const before = Date.now();
      for (const user of [withTasks, withReferral]) {
        const rows = await digestsOf(user.id);
        expect(rows).toEqual([
          expect.objectContaining({
            channel: 'email',
            recipient_kind: 'user',
            case_id: null,
            task_id: null,
            dedupe_key: `digest:${user.id}:${day}`,
            status: 'pending',
          }),
        ]);
        expect(rows[0].due_at.getTime()).toBeLessThanOrEqual(before);
      }
      for (const user of [withLaterTask, withDoneTask, disabled, withClosedReferral])
        expect(await digestsOf(user.id)).toEqual([]);

      const messages = t.app.get(TaskMessages);
      const digest = await messages.digest(withTasks.id, day);
      expect(digest).toEqual({
        language: 'id',
        timeZone: 'Asia/Jakarta',
        recipientName: 'Test caseworker',
        day,
        tasks: [
          {
            caseNumber: record.caseNumber,
            title: 'Kirim kronologi ke BP3MI',
            dueAt: new Date(overdue.dueAt),
            overdue: true,
          },
          expect.objectContaining({ title: 'Cek paspor', overdue: true }),
        ],
        referrals: [],
      });
      expect(await messages.digest(withReferral.id, day)).toMatchObject({
        tasks: [],
        referrals: [
          {
            caseNumber: record.caseNumber,
            agencyName: 'BP3MI Lampung (full name)',
            service: 'repatriation_living',
            status: 'sent',
            dueAt: expect.any(Date),
            overdue: true,
          },
        ],
      });
      for (const user of [withLaterTask, withDoneTask, disabled, withClosedReferral])
        expect(await messages.digest(user.id, day)).toBeNull();
    });

    describe('when no worker was up at the digest hour', () => {
      let late: SignedInUser;
      const day = todayInJakarta();
      const at = (time: string) => new Date(`${day}T${time}+07:00`);
      const runs = async () =>
        (
          await t.db.query<{ day: string; catch_up: boolean }>(
            'SELECT day::text, catch_up FROM daily_digest_runs ORDER BY day',
          )
        ).rows;
      const plannerWith = (role: 'api' | 'worker') =>
        new DailyDigestPlanner(
          { ...t.config, role, notifications: { ...t.config.notifications, digestHour: 0 } },
          t.app.get(DataSource),
          t.app.get(TasksRepository),
          t.app.get(NotificationWriter),
          t.app.get(JobService),
        );

      beforeEach(async () => {
        const agency = (await createAgency(t)).id;
        late = await createUser(t, UserRole.Caseworker, { agencyId: agency });
        const record = await createCase(t, late, plainCase());
        await addTask(late, record.id, { title: 'Hubungi keluarga', dueAt: hoursFromNow(-1) });
        // This app's own start may have caught up already, if its clock was past the hour.
        await t.db.query('DELETE FROM daily_digest_runs');
      });

      it('a worker starting after the hour plans the day’s digests, once; before it, nothing', async () => {
        const planner = t.app.get(DailyDigestPlanner);
        expect(await planner.catchUp(at('06:59:59'))).toBeNull();
        expect(await digestsOf(late.id)).toEqual([]);
        expect(await runs()).toEqual([]);

        expect(await planner.catchUp(at('07:00:00'))).toBeGreaterThanOrEqual(1);
        expect(await digestsOf(late.id)).toEqual([
          expect.objectContaining({ dedupe_key: `digest:${late.id}:${day}`, status: 'pending' }),
        ]);
        expect(await runs()).toEqual([{ day, catch_up: true }]);

        // Started again the same day: the digests were planned, none is planned twice.
        expect(await planner.catchUp(at('15:00:00'))).toBeNull();
        expect(await digestsOf(late.id)).toHaveLength(1);
      });

      it('a worker after the scheduled run catches up nothing; an API process never does', async () => {
        await plannerWith('api').onApplicationBootstrap();
        expect(await runs()).toEqual([]);
        expect(await digestsOf(late.id)).toEqual([]);

        await planDigests();
        expect(await runs()).toEqual([{ day, catch_up: false }]);
        await t.db.query(`DELETE FROM notifications WHERE recipient_user_id = $1`, [late.id]);
        await plannerWith('worker').onApplicationBootstrap();
        expect(await digestsOf(late.id)).toEqual([]);
      });
    });

    it('builds reminder messages only while the task is open and its assignee still active', async () => {
      const record = await createCase(t, caseworker, plainCase());
      const task = await addTask(caseworker, record.id, { title: 'Cek paspor', dueAt: FAR_DUE });
      const messages = t.app.get(TaskMessages);

      expect(await messages.taskReminder(task.id, caseworker.id)).toEqual({
        language: 'id',
        timeZone: 'Asia/Jakarta',
        recipientName: 'Test caseworker',
        caseNumber: record.caseNumber,
        taskTitle: 'Cek paspor',
        dueAt: new Date('2030-06-03T02:00:00Z'),
        taskApiUrl: `http://jejak.test/api/v1/cases/${record.id}/tasks/${task.id}`,
      });
      expect(await messages.recipientEmail(caseworker.id)).toBe(caseworker.email);
      expect(await messages.taskReminder(task.id, supervisor.id)).toBeNull();
      expect(
        await messages.taskReminder('00000000-0000-4000-8000-000000000000', caseworker.id),
      ).toBeNull();

      await patchTask(caseworker, record.id, task.id, { done: true, version: 1 });
      expect(await messages.taskReminder(task.id, caseworker.id)).toBeNull();

      const leaving = await createUser(t, UserRole.Caseworker, { agencyId });
      const theirs = await addTask(leaving, record.id, { title: 'Cek visa', dueAt: FAR_DUE });
      await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [leaving.id]);
      expect(await messages.taskReminder(theirs.id, leaving.id)).toBeNull();
      expect(await messages.recipientEmail(leaving.id)).toBeNull();
    });
  });
});
