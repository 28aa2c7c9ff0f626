import { MigrationInterface, QueryRunner } from 'typeorm';

const KEYS = `owning_agency_id, created_at DESC, id DESC`;

/**
 * The summary report counts an agency's cases of a range of days: the created order's index
 * finds them, but each one then cost a read of its row, scattered over the table (85,000 cases
 * of one agency's year, 34,000 pages: 1.1 s per breakdown at a million cases). The index now
 * carries the columns the case breakdowns count, so they read the index alone (0.06 to 0.25 s).
 * Its keys, and the queue order it serves, are unchanged.
 */
export class ReportCaseColumns1765000002700 implements MigrationInterface {
  name = 'ReportCaseColumns1765000002700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX cases_queue_created_idx`);
    await queryRunner.query(
      `CREATE INDEX cases_queue_created_idx ON cases (${KEYS})
         INCLUDE (status, incident_type, exploitation_country, victim_count, exploitation_types,
                  origin_region_codes)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX cases_queue_created_idx`);
    await queryRunner.query(`CREATE INDEX cases_queue_created_idx ON cases (${KEYS})`);
  }
}
