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
