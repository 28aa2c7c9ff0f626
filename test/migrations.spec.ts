import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { cloneTemplateDatabase, dropDatabase } from './support/test-app';
import {
  databaseUrl,
  TEST_ADMIN_DATABASE_URL,
  TEST_DATABASE_PREFIX,
  testRunId,
} from './support/test-env';
import { migrateWithLock } from '../src/database/migrate';
import { randomBytes } from 'node:crypto';
import { tolerateConcurrentQueryWarnings } from './support/no-driver-deprecations';

describe('migrations', () => {
  it('lists every migration file in migrations/index.ts, in timestamp order', () => {
    const files = readdirSync(path.join(__dirname, '..', 'migrations'))
      .filter((file) => /^\d{13}-[A-Za-z]+\.ts$/.test(file))
      .sort();
    const timestamps = files.map((file) => file.slice(0, 13));
    const listed = MIGRATIONS.map((migration) => migration.name.slice(-13));
    expect(listed).toEqual(timestamps);
  });

  it('reverts to an empty schema and applies again', async () => {
    const name = await cloneTemplateDatabase();
    const dataSource = new DataSource(buildDataSourceOptions(databaseUrl(name)));
    await dataSource.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i += 1)
        await dataSource.undoLastMigration({ transaction: 'each' });
      const tables = await dataSource.query<unknown[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(tables).toEqual([]);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(MIGRATIONS.length);
      const [{ count }] = await dataSource.query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM regions`,
      );
      expect(count).toBe(38 + 514 + 7285 + 83762);
    } finally {
      await dataSource.destroy();
      await dropDatabase(name);
    }
  });

  it('keeps the webhook secrets agencies already hold when keys get a purpose', async () => {
    const name = await cloneTemplateDatabase();
    const dataSource = new DataSource(buildDataSourceOptions(databaseUrl(name)));
    await dataSource.initialize();
    try {
      const applied = await dataSource.query<Array<{ name: string }>>(
        `SELECT name FROM migrations ORDER BY id DESC`,
      );
      const back = applied.findIndex((m) => m.name === 'PurposeKeys1765000000500') + 1;
      for (let i = 0; i < back; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
      const [agency] = await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO agencies (name, short_name, type, level)
         VALUES ('LBH Lama', 'LBH Lama', 'ngo', 'national') RETURNING id`,
      );
      await dataSource.runMigrations({ transaction: 'each' });
      const [existing] = await dataSource.query<Array<{ webhook_secret_legacy: boolean }>>(
        `SELECT webhook_secret_legacy FROM agencies WHERE id = $1`,
        [agency.id],
      );
      expect(existing.webhook_secret_legacy).toBe(true);
      const [later] = await dataSource.query<Array<{ webhook_secret_legacy: boolean }>>(
        `INSERT INTO agencies (name, short_name, type, level)
         VALUES ('LBH Baru', 'LBH Baru', 'ngo', 'national') RETURNING webhook_secret_legacy`,
      );
      expect(later.webhook_secret_legacy).toBe(false);
    } finally {
      await dataSource.destroy();
      await dropDatabase(name);
    }
  });

  it('marks notifications that settled before the settled_at column as settled, even one an admin retried since', async () => {
    const name = await cloneTemplateDatabase();
    const dataSource = new DataSource(buildDataSourceOptions(databaseUrl(name)));
    await dataSource.initialize();
    try {
      const settledOnce = MIGRATIONS.findIndex((m) => m.name.endsWith('1765000000300'));
      for (let i = MIGRATIONS.length; i > settledOnce; i -= 1)
        await dataSource.undoLastMigration({ transaction: 'each' });
      const [{ id: agencyId }] = await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO agencies (name, short_name, type, level) VALUES ('LBH', 'LBH', 'legal_aid', 'national')
         RETURNING id`,
      );
      // A delivered row; a row that failed for good and that an admin has retried (pending again,
      // its failed_at cleared); a row that never settled.
      const insert = async (status: string, deliveredAt: string | null) =>
        (
          await dataSource.query<Array<{ id: string }>>(
            `INSERT INTO notifications (kind, channel, recipient_kind, recipient_agency_id, due_at,
                                        next_attempt_at, max_attempts, status, delivered_at)
             VALUES ('overdue_reminder', 'webhook', 'agency', $1, now(), now(), 3, $2, $3)
             RETURNING id`,
            [agencyId, status, deliveredAt],
          )
        )[0];
      const delivered = await insert('delivered', '2026-12-01T00:00:00Z');
      const retried = await insert('pending', null);
      const untouched = await insert('pending', null);
      await dataSource.query(
        `INSERT INTO audit_events (occurred_at, action, entity_type, entity_id, changes)
         VALUES ('2026-12-02T00:00:00Z', 'notification.failed', 'notification', $1, '{}'),
                ('2026-12-02T00:00:00Z', 'notification.retried', 'notification', $2, '{}')`,
        [retried.id, untouched.id],
      );
      await dataSource.runMigrations({ transaction: 'each' });
      const rows = await dataSource.query<Array<{ id: string; settled_at: Date | null }>>(
        'SELECT id, settled_at FROM notifications WHERE id = ANY ($1)',
        [[delivered.id, retried.id, untouched.id]],
      );
      const settledAt = (id: string) => rows.find((r) => r.id === id)?.settled_at?.toISOString();
      expect(settledAt(delivered.id)).toBe('2026-12-01T00:00:00.000Z');
      expect(settledAt(retried.id)).toBe('2026-12-02T00:00:00.000Z');
      expect(settledAt(untouched.id)).toBeUndefined();
    } finally {
      await dataSource.destroy();
      await dropDatabase(name);
    }
  });

  it("gives referrals made before the referring agency column their case's agency, and keeps it so", async () => {
    const name = await cloneTemplateDatabase();
    const dataSource = new DataSource(buildDataSourceOptions(databaseUrl(name)));
    await dataSource.initialize();
    try {
      const lists = MIGRATIONS.findIndex((m) => m.name.endsWith('1765000000600'));
      for (let i = MIGRATIONS.length; i > lists; i -= 1)
        await dataSource.undoLastMigration({ transaction: 'each' });
      const agency = async (short: string) =>
        (
          await dataSource.query<Array<{ id: string }>>(
            `INSERT INTO agencies (name, short_name, type, level) VALUES ($1, $1, 'ngo', 'national')
             RETURNING id`,
            [short],
          )
        )[0].id;
      const [owner, receiving, other] = [
        await agency('Dinas'),
        await agency('LBH'),
        await agency('Lain'),
      ];
      const [{ id: userId }] = await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO users (email, full_name, role, agency_id) VALUES ('cw@example.org', 'CW', 'caseworker', $1)
         RETURNING id`,
        [owner],
      );
      const [{ id: caseId }] = await dataSource.query<Array<{ id: string }>>(
        `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date, source,
                            priority, suggested_priority, created_by)
         VALUES ('DN-2026-000001', $1, 'Kasus', 'unpaid_wages', '2026-11-01', 'hotline', 'normal', 'normal', $2)
         RETURNING id`,
        [owner, userId],
      );
      const insertReferral = (extraColumns: string, extraValues: unknown[]) =>
        dataSource.query<Array<{ id: string }>>(
          `INSERT INTO referrals (case_id, agency_id, service, priority, reason, request, consent,
                                  created_by${extraColumns})
           VALUES ($1, $2, 'legal_aid', 'normal', 'Alasan', 'Permintaan', 'victim', $3${extraValues
             .map((_, i) => `, $${4 + i}`)
             .join('')})
           RETURNING id`,
          [caseId, receiving, userId, ...extraValues],
        );
      const [{ id: referralId }] = await insertReferral('', []);
      await dataSource.runMigrations({ transaction: 'each' });
      const referringOf = async () =>
        (
          await dataSource.query<Array<{ referring_agency_id: string }>>(
            'SELECT referring_agency_id FROM referrals WHERE id = $1',
            [referralId],
          )
        )[0].referring_agency_id;
      expect(await referringOf()).toBe(owner);
      // Another agency than the case's owner is refused; a case that changes hands takes its
      // referrals along.
      await expect(insertReferral(', referring_agency_id', [other])).rejects.toThrow(
        /referrals_case_referring_agency_fkey/,
      );
      await dataSource.query('UPDATE cases SET owning_agency_id = $2 WHERE id = $1', [
        caseId,
        other,
      ]);
      expect(await referringOf()).toBe(other);
    } finally {
      await dataSource.destroy();
      await dropDatabase(name);
    }
  });

  it('lets two processes starting together migrate a fresh database without tripping over each other', async () => {
    const name = `${TEST_DATABASE_PREFIX}${testRunId()}_${randomBytes(3).toString('hex')}_fresh`;
    const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    try {
      const [first, second] = await Promise.all([
        migrateWithLock(databaseUrl(name)),
        migrateWithLock(databaseUrl(name)),
      ]);
      expect([...first, ...second].sort()).toEqual(MIGRATIONS.map((m) => new m().name).sort());
    } finally {
      await dropDatabase(name);
    }
  });

  it('agrees with the entities: migration:generate would find nothing to do', async () => {
    // TypeORM reads the schema with parallel queries on one connection; the service never does this.
    tolerateConcurrentQueryWarnings();
    const name = await cloneTemplateDatabase();
    const dataSource = new DataSource(buildDataSourceOptions(databaseUrl(name)));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
      await dropDatabase(name);
    }
  });

  // Calendar dates (a birth date, the day of an incident) are `date`; every instant is timestamptz.
  it('uses timestamptz for every time column', async () => {
    const name = await cloneTemplateDatabase();
    const client = new Client({ connectionString: databaseUrl(name) });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type IN ('timestamp without time zone', 'time without time zone')`,
      );
      expect(rows).toEqual([]);
    } finally {
      await client.end();
      await dropDatabase(name);
    }
  });
});
