import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake forms kept while they are being filled in, so that a case written over an hour on a slow
 * connection survives a closed laptop, an expired session or another computer. The form holds
 * names, NIKs and addresses: title and content are encrypted with the personal-data keys, and
 * only their writer reads them. A draft not saved for 30 days is deleted.
 */
export class CaseDrafts1765000002100 implements MigrationInterface {
  name = 'CaseDrafts1765000002100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE case_drafts (
         id uuid PRIMARY KEY,
         owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
         title_encrypted text NOT NULL,
         content_encrypted text NOT NULL,
         step smallint NOT NULL CHECK (step BETWEEN 0 AND 20),
         victim_count integer NOT NULL CHECK (victim_count >= 0),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX case_drafts_owner_idx ON case_drafts (owner_id, updated_at DESC)`,
    );
    await queryRunner.query(`CREATE INDEX case_drafts_updated_idx ON case_drafts (updated_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_drafts`);
  }
}
