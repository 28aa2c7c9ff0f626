import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys with a purpose, checked at start. What APP_SECRET signed directly before (webhook secrets
 * agencies hold, action links in partner agencies' mailboxes) is marked so that it keeps working
 * until rotated or expired; key_checks holds one probe per key set, so a wrong key stops the
 * service at start instead of making exact search find nothing.
 */
export class PurposeKeys1765000000500 implements MigrationInterface {
  name = 'PurposeKeys1765000000500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE agencies ADD COLUMN webhook_secret_legacy boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`UPDATE agencies SET webhook_secret_legacy = true`);
    await queryRunner.query(
      `ALTER TABLE referral_response_links ADD COLUMN legacy_signature boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`UPDATE referral_response_links SET legacy_signature = true`);
    await queryRunner.query(`
      CREATE TABLE key_checks (
        name text PRIMARY KEY CHECK (name IN ('blind_index', 'data_keys')),
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE key_checks`);
    await queryRunner.query(`ALTER TABLE referral_response_links DROP COLUMN legacy_signature`);
    await queryRunner.query(`ALTER TABLE agencies DROP COLUMN webhook_secret_legacy`);
  }
}
