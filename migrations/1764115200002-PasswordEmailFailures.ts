import { MigrationInterface, QueryRunner } from 'typeorm';

/** A link the mail server refused for good is recorded as such, so the sweep stops retrying it. */
export class PasswordEmailFailures1764115200002 implements MigrationInterface {
  name = 'PasswordEmailFailures1764115200002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE password_setup_tokens ADD COLUMN email_failed_at timestamptz`,
    );
    await queryRunner.query(`ALTER TABLE password_setup_tokens ADD COLUMN email_error text`);
    await queryRunner.query(`DROP INDEX password_setup_tokens_unsent_idx`);
    await queryRunner.query(
      `CREATE INDEX password_setup_tokens_unsent_idx ON password_setup_tokens (created_at)
       WHERE emailed_at IS NULL AND email_failed_at IS NULL AND used_at IS NULL AND revoked_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX password_setup_tokens_unsent_idx`);
    await queryRunner.query(
      `CREATE INDEX password_setup_tokens_unsent_idx ON password_setup_tokens (created_at)
       WHERE emailed_at IS NULL AND used_at IS NULL AND revoked_at IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE password_setup_tokens DROP COLUMN email_error`);
    await queryRunner.query(`ALTER TABLE password_setup_tokens DROP COLUMN email_failed_at`);
  }
}
