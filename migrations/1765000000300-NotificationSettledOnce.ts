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
    // A row failed and then retried by an admin lost its failed_at; its audit trail still says
    // when it first settled.
    await queryRunner.query(
      `UPDATE notifications n
       SET settled_at = COALESCE(
             (SELECT min(a.occurred_at) FROM audit_events a
              WHERE a.entity_type = 'notification' AND a.entity_id = n.id
                AND a.action IN ('notification.delivered', 'notification.failed')),
             n.delivered_at, n.failed_at)
       WHERE n.status IN ('delivered', 'failed')
          OR EXISTS (SELECT 1 FROM audit_events a
                     WHERE a.entity_type = 'notification' AND a.entity_id = n.id
                       AND a.action = 'notification.failed')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifications DROP COLUMN settled_at`);
  }
}
