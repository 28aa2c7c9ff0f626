import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's named filters of the case queue, to reapply in one click. The filter is the case
 * list's query (validated by SavedFilterQueryDto before it is stored), without the free-text
 * search: a title can carry a victim's name, and a filter is kept for months. Names are unique
 * per owner whatever their case, so the side bar never shows two that read the same.
 */
export class SavedFilters1765000002600 implements MigrationInterface {
  name = 'SavedFilters1765000002600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE saved_filters (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
         name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
         query jsonb NOT NULL CHECK (jsonb_typeof(query) = 'object'),
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX saved_filters_owner_name_key ON saved_filters (owner_id, lower(name))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE saved_filters`);
  }
}
