import type { QueryRunner } from 'typeorm';

/**
 * Adds or removes notification kinds in `notifications_kind_check`, leaving the others as the
 * database has them. Each feature's migration names only its own kinds: a migration that wrote
 * the whole list would undo a kind another migration added, whichever order they ran in (an
 * install that ran a later-dated migration first still runs an earlier-dated one it missed).
 */
export async function changeNotificationKinds(
  queryRunner: QueryRunner,
  change: { add?: string[]; remove?: string[] },
): Promise<void> {
  const [row] = (await queryRunner.query(
    `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = 'notifications'::regclass AND conname = 'notifications_kind_check'`,
  )) as Array<{ definition: string }>;
  const current = [...row.definition.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]);
  const removed = new Set(change.remove ?? []);
  if (removed.size > 0)
    await queryRunner.query(`DELETE FROM notifications WHERE kind = ANY($1::text[])`, [
      [...removed],
    ]);
  const kinds = [...new Set([...current, ...(change.add ?? [])])].filter((k) => !removed.has(k));
  await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
  await queryRunner.query(
    `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
       CHECK (kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')}))`,
  );
}
