import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incoming referrals for agencies whose staff use Jejak: a referral sent to such an agency is
 * assigned by one of its supervisors to one of its caseworkers (`assignee_id`), who is told by
 * email (`referral_assigned`). The receiving agency's list is ordered by the next deadline or by
 * when it was sent, each order within the agency, its unassigned referrals, and an assignee's own,
 * served by an index on exactly the expressions `incoming-referral-query.ts` orders by.
 */
export class IncomingReferrals1765000001200 implements MigrationInterface {
  name = 'IncomingReferrals1765000001200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE referrals
         ADD COLUMN assignee_id uuid CONSTRAINT referrals_assignee_id_fkey REFERENCES users (id),
         -- Only what the agency received can be worked by its staff; a draft is the sender's.
         ADD CONSTRAINT referrals_assignee_check CHECK (assignee_id IS NULL OR sent_at IS NOT NULL)`,
    );
    for (const [name, definition] of INDEXES)
      await queryRunner.query(`CREATE INDEX ${name} ON referrals ${definition}`);
    // An assignee's referrals are all of their agency: told so, ANALYZE estimates "mine" as the
    // assignee's count rather than a product of both conditions, far too small to page by index.
    await queryRunner.query(
      `CREATE STATISTICS referrals_assignee_agency_stats (dependencies)
         ON assignee_id, agency_id FROM referrals`,
    );
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
         CHECK (kind IN (${[...KINDS_BEFORE, 'referral_assigned'].map((k) => `'${k}'`).join(', ')}))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM notifications WHERE kind = 'referral_assigned'`);
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
         CHECK (kind IN (${KINDS_BEFORE.map((k) => `'${k}'`).join(', ')}))`,
    );
    await queryRunner.query(`DROP STATISTICS referrals_assignee_agency_stats`);
    for (const [name] of INDEXES) await queryRunner.query(`DROP INDEX ${name}`);
    await queryRunner.query(
      `ALTER TABLE referrals DROP CONSTRAINT referrals_assignee_check, DROP COLUMN assignee_id`,
    );
  }
}

const KINDS_BEFORE = [
  'referral_sent',
  'acknowledge_reminder',
  'due_soon_reminder',
  'overdue_reminder',
  'escalation',
  'referral_answered',
  'task_reminder',
  'daily_digest',
];

/** Closed referrals have no next deadline and sort after every open one. */
const NEXT_DUE = `(coalesce(referral_next_deadline(status, acknowledge_due_at, due_at), 'infinity'::timestamptz))`;
const ORDERS: Array<[string, string]> = [
  ['due', `${NEXT_DUE}, id`],
  ['sent', `sent_at DESC, id DESC`],
];
const INDEXES: Array<[string, string]> = ORDERS.flatMap(
  ([name, order]): Array<[string, string]> => [
    [`referrals_incoming_${name}_idx`, `(agency_id, ${order}) WHERE sent_at IS NOT NULL`],
    [
      `referrals_incoming_unassigned_${name}_idx`,
      `(agency_id, ${order}) WHERE sent_at IS NOT NULL AND assignee_id IS NULL`,
    ],
    // The agency too, although an assignee is always of it: the two conditions are then one range
    // of the index, where apart the planner multiplies their selectivities and sorts a bitmap scan.
    [
      `referrals_assignee_${name}_idx`,
      `(assignee_id, agency_id, ${order}) WHERE assignee_id IS NOT NULL`,
    ],
  ],
);
