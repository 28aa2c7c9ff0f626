import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { grantServiceRole, migrateQueueSchema } from './service-role';

// An API and a worker starting together on a fresh database would both apply the migrations;
// TypeORM takes no lock of its own, so one of them would crash on duplicate rows.
const MIGRATION_LOCK = 7_340_000;

export interface DatabasePreparation {
  /** Apply pending migrations (MIGRATIONS_RUN). */
  migrate: boolean;
  /** The role the service runs as, when it is not the owner: granted what it needs, no more. */
  serviceRole?: string;
  /** The queue lives in PostgreSQL: the owner migrates BullMQ's schema too. */
  queueSchema?: boolean;
}

/**
 * Applies pending migrations and the service role's privileges, one process at a time, as the
 * role that owns the schema (the one `url` names); returns the names of the migrations applied.
 */
export async function migrateWithLock(
  url: string,
  preparation: DatabasePreparation = { migrate: true },
): Promise<string[]> {
  const dataSource = await new DataSource(buildDataSourceOptions(url)).initialize();
  const lockHolder = dataSource.createQueryRunner();
  try {
    await lockHolder.connect();
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = preparation.migrate
      ? await dataSource.runMigrations({ transaction: 'each' })
      : [];
    if (preparation.serviceRole !== undefined) {
      const owner = new Client({ connectionString: url });
      await owner.connect();
      try {
        if (preparation.queueSchema) await migrateQueueSchema(owner);
        await grantServiceRole(owner, preparation.serviceRole, {
          queueSchema: preparation.queueSchema ?? false,
        });
      } finally {
        await owner.end();
      }
    }
    return applied.map((migration) => migration.name);
  } finally {
    await lockHolder
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
      .catch(() => undefined);
    await lockHolder.release();
    await dataSource.destroy();
  }
}
