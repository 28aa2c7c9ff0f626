import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recruiter is often known by a social media account before anything else ("tiktok:@kerja_kamboja",
 * "https://facebook.com/hani.lampung", "@hani.lampung"): `social_handle_keys` gives every way one
 * handle is written the same keys, the whole handle and the account alone, lower case, without
 * spaces or '@'. Its GIN index lets a handle typed at intake find the register's records that
 * carry it (`POST /perpetrators/suggestions`), whoever recorded them.
 */
export class RecruiterSuggestions1765000001800 implements MigrationInterface {
  name = 'RecruiterSuggestions1765000001800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION social_handle_keys(handles text[]) RETURNS text[]
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         RETURN ARRAY(
           SELECT DISTINCT key
           FROM unnest(handles) AS handle,
                LATERAL (SELECT rtrim(regexp_replace(regexp_replace(lower(handle), '\\s+', '', 'g'),
                                                     '(^|[:/])@+', '\\1', 'g'), '/') AS whole) AS written,
                LATERAL unnest(ARRAY[written.whole,
                                     regexp_replace(written.whole, '^.*[:/]', '')]) AS key
           WHERE key <> ''
           ORDER BY key)`,
    );
    await queryRunner.query(
      `CREATE INDEX perpetrators_social_handle_keys_idx ON perpetrators
         USING gin (social_handle_keys(social_handles))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX perpetrators_social_handle_keys_idx`);
    await queryRunner.query(`DROP FUNCTION social_handle_keys(text[])`);
  }
}
