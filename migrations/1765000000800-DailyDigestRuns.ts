import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Jakarta days whose digests were planned. A worker that starts after the digest hour plans
 * the day's digests unless this says they were: the scheduled run was missed when no worker was
 * up at that hour, and must not happen a second time when a worker merely restarts.
 */
export class DailyDigestRuns1765000000800 implements MigrationInterface {
  name = 'DailyDigestRuns1765000000800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE daily_digest_runs (
         day date PRIMARY KEY,
         planned_at timestamptz NOT NULL DEFAULT now(),
         planned integer NOT NULL CHECK (planned >= 0),
         catch_up boolean NOT NULL
       )`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE daily_digest_runs`);
  }
}
