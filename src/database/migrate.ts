import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

// An API and a worker starting together on a fresh database would both apply the migrations;
// TypeORM takes no lock of its own, so one of them would crash on duplicate rows.
const MIGRATION_LOCK = 7_340_000;

/** Applies pending migrations, one process at a time; returns the names applied. */
export async function migrateWithLock(url: string): Promise<string[]> {
  const dataSource = await new DataSource(buildDataSourceOptions(url)).initialize();
  const lockHolder = dataSource.createQueryRunner();
  try {
    await lockHolder.connect();
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lockHolder
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
      .catch(() => undefined);
    await lockHolder.release();
    await dataSource.destroy();
  }
}
