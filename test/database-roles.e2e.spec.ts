import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { UserRole } from '../src/modules/users/user-role';
import { createCase, plainCase } from './support/case-fixtures';
import { createUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_SERVICE_ROLE } from './support/test-env';

/** Each statement the audit log's protection must survive from the service's own connection. */
const ATTACKS = [
  `UPDATE audit_events SET action = 'case.nothing_happened'`,
  `DELETE FROM audit_events`,
  `TRUNCATE audit_events`,
  `ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete`,
  `ALTER TABLE audit_events DISABLE TRIGGER ALL`,
  `DROP TRIGGER audit_events_no_update_or_delete ON audit_events`,
  `DROP TRIGGER audit_events_no_truncate ON audit_events`,
  `CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
  `ALTER TABLE audit_events OWNER TO CURRENT_USER`,
  `DROP TABLE audit_events`,
  `SET session_replication_role = replica`,
];

describe('the service runs as a role that does not own the schema', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('connects the application as the service role, which owns no table', async () => {
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    const [{ role }] = await dataSource.query<Array<{ role: string }>>(
      'SELECT current_user AS role',
    );
    expect(role).toBe(TEST_SERVICE_ROLE);
    const owned = await t.db.query(
      `SELECT tablename FROM pg_tables WHERE schemaname IN ('public', 'bullmq') AND tableowner = $1`,
      [role],
    );
    expect(owned.rows).toEqual([]);
  });

  it('lets the service append to and read the audit log, and nothing else there', async () => {
    // The app writes audit entries as the service role: a case creation must work.
    const caseworker = await createUser(t, UserRole.Caseworker);
    const created = (await createCase(t, caseworker, plainCase())) as { id: string };
    const before = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE case_id = $1`,
      [created.id],
    );
    expect(before.rows[0].n).toBeGreaterThan(0);

    const service = new Client({ connectionString: t.config.database.url });
    await service.connect();
    try {
      const read = await service.query('SELECT count(*)::int AS n FROM audit_events');
      expect(read.rows[0].n).toBeGreaterThan(0);
      for (const attack of ATTACKS) {
        await expect(service.query(attack)).rejects.toMatchObject({ code: '42501' });
      }
    } finally {
      await service.end();
    }

    const after = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE case_id = $1`,
      [created.id],
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const triggers = await t.db.query<{ tgname: string; tgenabled: string }>(
      `SELECT tgname, tgenabled FROM pg_trigger
       WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal ORDER BY tgname`,
    );
    // The guards, and the queues' record of each case's last activity (it writes only cases).
    expect(triggers.rows).toEqual([
      { tgname: 'audit_events_case_activity', tgenabled: 'O' },
      { tgname: 'audit_events_no_truncate', tgenabled: 'O' },
      { tgname: 'audit_events_no_update_or_delete', tgenabled: 'O' },
    ]);
  });

  it('keeps the list of applied migrations out of the service role’s hands', async () => {
    const service = new Client({ connectionString: t.config.database.url });
    await service.connect();
    try {
      await expect(service.query('DELETE FROM migrations')).rejects.toMatchObject({
        code: '42501',
      });
      const read = await service.query('SELECT count(*)::int AS n FROM migrations');
      expect(read.rows[0].n).toBeGreaterThan(0);
    } finally {
      await service.end();
    }
  });

  it('runs the queue on PostgreSQL as the service role, the owner having migrated its schema', async () => {
    const onPostgres = await startTestApp({ queue: 'postgres' });
    try {
      expect(onPostgres.config.queue).toMatchObject({ backend: 'postgres', migrate: false });
      const health = await onPostgres.http().get('/health');
      expect(health.status).toBe(200);
      // A password link is queued as a job and mailed by a worker, all as the service role.
      const admin = await createUser(onPostgres, UserRole.Admin);
      const created = await onPostgres
        .http()
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({
          email: 'queue-as-service@example.org',
          fullName: 'Queue Test',
          role: 'viewer',
          agencyId: admin.agencyId,
        });
      expect(created.status).toBe(201);
      const deadline = Date.now() + 15_000;
      let emailed = false;
      while (!emailed && Date.now() < deadline) {
        const { rows } = await onPostgres.db.query(
          `SELECT emailed_at FROM password_setup_tokens t JOIN users u ON u.id = t.user_id
           WHERE u.email = 'queue-as-service@example.org'`,
        );
        emailed = rows[0]?.emailed_at != null;
        if (!emailed) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(emailed).toBe(true);
    } finally {
      await onPostgres.close();
    }
  });
});
