import { runMigrations as runQueueMigrations } from 'bullmq';
import type { Client } from 'pg';

/** The schema BullMQ's PostgreSQL backend keeps its queues in. */
export const QUEUE_SCHEMA = 'bullmq';

/** Double-quotes a role name for DDL, which takes no bind parameters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * What the service's role may do when another role owns the schema: read and write the
 * application's tables, but only read and append the audit log. Not owning audit_events, it cannot
 * disable or drop the trigger that keeps the log append-only either. Applied after every
 * migration run (it is idempotent) and by default privileges for tables the owner creates later.
 */
export async function grantServiceRole(
  owner: Pick<Client, 'query'>,
  serviceRole: string,
  options: { queueSchema: boolean },
): Promise<void> {
  const role = quoteIdentifier(serviceRole);
  const statements = [
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM ${role}`,
    // Which migrations ran is the owner's record; the service only reads it.
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ${role}`,
  ];
  if (options.queueSchema) {
    const schema = quoteIdentifier(QUEUE_SCHEMA);
    // BullMQ creates a job-id sequence per queue as it first sees the queue, so the role may
    // create (and own, and drop) objects in the queue's schema, and nowhere else.
    statements.push(
      `GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`,
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role}`,
    );
  }
  for (const statement of statements) await owner.query(statement);
}

/** BullMQ's own schema, migrated by the owner so the service's role needs no CREATE on the database. */
export async function migrateQueueSchema(owner: Client): Promise<void> {
  await runQueueMigrations(owner, QUEUE_SCHEMA);
}
