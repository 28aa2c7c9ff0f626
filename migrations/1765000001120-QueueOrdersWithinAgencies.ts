import { MigrationInterface, QueryRunner } from 'typeorm';

const ORDERS: Array<[string, string]> = [
  ['priority', `case_priority_rank(priority), created_at, id`],
  ['activity', `last_activity_at DESC, id DESC`],
  ['created', `created_at DESC, id DESC`],
  ['incident', `(coalesce(incident_date, '-infinity'::date)) DESC, id DESC`],
  ['due', `(coalesce(next_due_at, 'infinity'::timestamptz)), id`],
];

/**
 * The queue orders across every agency (`cases_queue_*_all_idx`) go. An admin's page across
 * agencies now takes each agency's first rows by the agency's own index and merges them
 * (`queueSql().select`). The global indexes cost every created case five index entries in the
 * case number's locked window, and with both at hand the planner scanned a global one, dropping
 * rows of other agencies, for a large agency's own pages: five times the rows at a fifth of the
 * cases, and far more on a page deep in the list.
 */
export class QueueOrdersWithinAgencies1765000001120 implements MigrationInterface {
  name = 'QueueOrdersWithinAgencies1765000001120';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of ORDERS) await queryRunner.query(`DROP INDEX cases_queue_${name}_all_idx`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, order] of ORDERS)
      await queryRunner.query(`CREATE INDEX cases_queue_${name}_all_idx ON cases (${order})`);
  }
}
