import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a notification was first settled (delivered, or failed for good). Its follow-ups (the count
 * of ignored reminders, the next overdue reminder, an escalation) run only in the transaction that
 * sets it, so an admin's retry of a failed reminder does not run them a second time.
 */
export class NotificationSettledOnce1765000000300 implements MigrationInterface {
  name = 'NotificationSettledOnce1765000000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifications ADD COLUMN settled_at timestamptz`);
    // When each row first settled, from its audit trail: a row that failed and was then retried
    // by an admin lost its failed_at, but not its `notification.failed` entry.
    await queryRunner.query(
      `UPDATE notifications n SET settled_at = settled.at
       FROM (SELECT entity_id, min(occurred_at) AS at FROM audit_events
             WHERE entity_type = 'notification'
               AND action IN ('notification.delivered', 'notification.failed')
             GROUP BY entity_id) settled
       WHERE settled.entity_id = n.id`,
    );
    await queryRunner.query(
      `UPDATE notifications SET settled_at = COALESCE(delivered_at, failed_at)
       WHERE settled_at IS NULL AND status IN ('delivered', 'failed')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifications DROP COLUMN settled_at`);
  }
}
