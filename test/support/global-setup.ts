import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateWithLock } from '../../src/database/migrate';
import {
  databaseUrl,
  templateDatabase,
  TEST_ADMIN_DATABASE_URL,
  TEST_DATABASE_PREFIX,
  TEST_SERVICE_ROLE,
} from './test-env';

/**
 * Migrates one template database; every test file then clones it (CREATE DATABASE ... TEMPLATE),
 * which takes milliseconds instead of loading 91,000 regions again.
 */
const STALE_AFTER_MS = 2 * 3600_000;

export default async function globalSetup(): Promise<void> {
  process.env.JEJAK_TEST_RUN_ID = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    // Leftovers of runs that crashed; a run id starts with its start time, and runs last minutes.
    const leftovers = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DATABASE_PREFIX}%`],
    );
    for (const { datname } of leftovers.rows) {
      const startedAt = parseInt(
        datname.slice(TEST_DATABASE_PREFIX.length, TEST_DATABASE_PREFIX.length + 8),
        36,
      );
      if (!(Date.now() - startedAt < STALE_AFTER_MS))
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${templateDatabase()}"`);
    await admin.query(`
      DO $$ BEGIN
        CREATE ROLE ${TEST_SERVICE_ROLE} LOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
  } finally {
    await admin.end();
  }

  // Grants are copied with the template, so each cloned database is ready for the service role.
  await migrateWithLock(databaseUrl(templateDatabase()), {
    migrate: true,
    serviceRole: TEST_SERVICE_ROLE,
    queueSchema: true,
  });
}
