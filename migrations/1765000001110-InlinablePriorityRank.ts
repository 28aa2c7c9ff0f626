import { MigrationInterface, QueryRunner } from 'typeorm';

const RANK_BODY = `RETURN CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

/**
 * `case_priority_rank` without STRICT. PostgreSQL inlines a SQL function only when its body is as
 * strict as it claims, and this CASE answers 3 for NULL: declared STRICT, every call ran as a
 * separate SQL function (fmgr_sql). That was four calls per created case (the priority indexes)
 * and one per row of a queue page, 4% of a create's database time and 7% of a page's. Inlined,
 * the indexes' expressions and the queues' ORDER BY both become the same CASE, so the indexes
 * still serve the orders (keyset-lists.e2e checks the plans). `priority` is NOT NULL, so no
 * answer changes and no index needs rebuilding.
 */
export class InlinablePriorityRank1765000001110 implements MigrationInterface {
  name = 'InlinablePriorityRank1765000001110';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION case_priority_rank(priority text) RETURNS smallint
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
         ${RANK_BODY}`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION case_priority_rank(priority text) RETURNS smallint
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         ${RANK_BODY}`,
    );
  }
}
