import { MigrationInterface, QueryRunner } from 'typeorm';
import { changeNotificationKinds } from './notification-kinds';

const NEW_KINDS = ['perpetrator_merged'];

/**
 * Two register records of one recruiter merged into one. The duplicate stays, marked with the
 * record it went into (an old link or a bookmark still leads somewhere, and the history reads
 * whole); its case links, aliases, phones and handles move to the record that remains.
 * `perpetrator_merges` keeps who merged what and which cases moved, and is what the message to
 * both recording agencies is read from.
 */
export class PerpetratorMerges1765000001600 implements MigrationInterface {
  name = 'PerpetratorMerges1765000001600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE perpetrators
         ADD COLUMN merged_into_id uuid REFERENCES perpetrators (id),
         ADD COLUMN merged_at timestamptz,
         ADD CONSTRAINT perpetrators_merged_check
           CHECK ((merged_into_id IS NULL) = (merged_at IS NULL) AND merged_into_id <> id)`,
    );
    await queryRunner.query(
      `CREATE INDEX perpetrators_merged_into_idx ON perpetrators (merged_into_id)
         WHERE merged_into_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE perpetrator_merges (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         survivor_id uuid NOT NULL REFERENCES perpetrators (id),
         duplicate_id uuid NOT NULL UNIQUE REFERENCES perpetrators (id),
         survivor_agency_id uuid NOT NULL REFERENCES agencies (id),
         duplicate_agency_id uuid NOT NULL REFERENCES agencies (id),
         moved_case_ids uuid[] NOT NULL,
         merged_by uuid NOT NULL REFERENCES users (id),
         merged_at timestamptz NOT NULL DEFAULT now(),
         CHECK (survivor_id <> duplicate_id)
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX perpetrator_merges_survivor_idx ON perpetrator_merges (survivor_id)`,
    );
    await changeNotificationKinds(queryRunner, { add: NEW_KINDS });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await changeNotificationKinds(queryRunner, { remove: NEW_KINDS });
    await queryRunner.query(`DROP TABLE perpetrator_merges`);
    await queryRunner.query(
      `ALTER TABLE perpetrators DROP CONSTRAINT perpetrators_merged_check,
         DROP COLUMN merged_at, DROP COLUMN merged_into_id`,
    );
  }
}
