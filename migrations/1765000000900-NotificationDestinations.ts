import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The health of each place messages go (the SMTP server, each webhook host): a circuit breaker
 * that every worker process shares. After consecutive failures the circuit opens and the rows for
 * that destination are held (`held_for`), untried and uncounted, until a probe finds it answering
 * again; `held_since` bounds how long a row may be held before it fails like one whose tries all
 * failed, so reminders still settle and count towards escalation.
 */
export class NotificationDestinations1765000000900 implements MigrationInterface {
  name = 'NotificationDestinations1765000000900';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE notification_destinations (
         destination text PRIMARY KEY CHECK (length(destination) BETWEEN 1 AND 300),
         state text NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open')),
         consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
         times_opened integer NOT NULL DEFAULT 0 CHECK (times_opened >= 0),
         opened_at timestamptz,
         probe_at timestamptz,
         probe_until timestamptz,
         last_error text,
         last_failure_at timestamptz,
         last_success_at timestamptz,
         updated_at timestamptz NOT NULL DEFAULT now(),
         CHECK (state = 'closed' OR (opened_at IS NOT NULL AND probe_at IS NOT NULL))
       )`,
    );
    await queryRunner.query(`ALTER TABLE notifications ADD COLUMN held_for text`);
    await queryRunner.query(`ALTER TABLE notifications ADD COLUMN held_since timestamptz`);
    // Rows waiting per destination, and the oldest of them as its probe: only held rows are here.
    await queryRunner.query(
      `CREATE INDEX notifications_held_idx ON notifications (held_for, held_since, id)
       WHERE status = 'pending' AND held_for IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX notifications_held_idx`);
    await queryRunner.query(`ALTER TABLE notifications DROP COLUMN held_since`);
    await queryRunner.query(`ALTER TABLE notifications DROP COLUMN held_for`);
    await queryRunner.query(`DROP TABLE notification_destinations`);
  }
}
