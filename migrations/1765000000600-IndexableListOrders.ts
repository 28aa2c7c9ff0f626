import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyset lists ordered by `date_trunc('milliseconds', time)`, which no index serves: every page
 * sorted the caller's whole scope. Lists now order by the plain (time, id) and cursors carry the
 * time to the microsecond; each scope and filter a list offers gets an index in that order, so a
 * page reads about `limit` rows however deep it is.
 *
 * An agency's sent referrals were found by joining their cases for the owning agency, which no
 * index on referrals can order: referrals now carry the referring agency, kept equal to the case's
 * owner by a foreign key on (case_id, referring_agency_id).
 */
export class IndexableListOrders1765000000600 implements MigrationInterface {
  name = 'IndexableListOrders1765000000600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Cases: admins (all, by status), an agency (all, by status), a caseworker's cases. The
    // agency-and-status and caseworker indexes gain the order; their old forms are prefixes.
    await queryRunner.query(`CREATE INDEX cases_list_idx ON cases (updated_at DESC, id DESC)`);
    await queryRunner.query(
      `CREATE INDEX cases_status_list_idx ON cases (status, updated_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX cases_agency_list_idx ON cases (owning_agency_id, updated_at DESC, id DESC)`,
    );
    await queryRunner.query(`DROP INDEX cases_agency_status_idx`);
    await queryRunner.query(
      `CREATE INDEX cases_agency_status_idx ON cases (owning_agency_id, status, updated_at DESC, id DESC)`,
    );
    await queryRunner.query(`DROP INDEX cases_caseworker_idx`);
    await queryRunner.query(
      `CREATE INDEX cases_caseworker_idx ON cases (assigned_caseworker_id, updated_at DESC, id DESC)
       WHERE assigned_caseworker_id IS NOT NULL`,
    );
    // A caseworker's cases are all of their agency's. Taking the two filters as independent, the
    // planner expects a handful of rows and sorts them all instead of reading the index in order.
    await queryRunner.query(
      `CREATE STATISTICS cases_caseworker_agency_stats (dependencies)
       ON assigned_caseworker_id, owning_agency_id FROM cases`,
    );

    // Referrals: of a case, sent to an agency (liaisons), referred by an agency, all (admins).
    await queryRunner.query(
      `ALTER TABLE cases ADD CONSTRAINT cases_id_owning_agency_id_key UNIQUE (id, owning_agency_id)`,
    );
    await queryRunner.query(`ALTER TABLE referrals ADD COLUMN referring_agency_id uuid`);
    await queryRunner.query(
      `UPDATE referrals r SET referring_agency_id = c.owning_agency_id FROM cases c WHERE c.id = r.case_id`,
    );
    await queryRunner.query(`ALTER TABLE referrals ALTER COLUMN referring_agency_id SET NOT NULL`);
    // Should a case ever change hands, its referrals follow it into the new owner's list.
    await queryRunner.query(
      `ALTER TABLE referrals ADD CONSTRAINT referrals_case_referring_agency_fkey
       FOREIGN KEY (case_id, referring_agency_id) REFERENCES cases (id, owning_agency_id)
       ON UPDATE CASCADE`,
    );
    await queryRunner.query(`DROP INDEX referrals_case_idx`);
    await queryRunner.query(
      `CREATE INDEX referrals_case_idx ON referrals (case_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX referrals_received_list_idx ON referrals (agency_id, created_at DESC, id DESC)
       WHERE sent_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX referrals_received_status_list_idx ON referrals (agency_id, status, created_at DESC, id DESC)
       WHERE sent_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX referrals_referring_list_idx ON referrals (referring_agency_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX referrals_referring_status_list_idx ON referrals (referring_agency_id, status, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX referrals_list_idx ON referrals (created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX referrals_status_list_idx ON referrals (status, created_at DESC, id DESC)`,
    );

    // Notifications: the admins' list, whole or by status.
    await queryRunner.query(
      `CREATE INDEX notifications_list_idx ON notifications (created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX notifications_status_list_idx ON notifications (status, created_at DESC, id DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX notifications_status_list_idx`);
    await queryRunner.query(`DROP INDEX notifications_list_idx`);

    await queryRunner.query(`DROP INDEX referrals_status_list_idx`);
    await queryRunner.query(`DROP INDEX referrals_list_idx`);
    await queryRunner.query(`DROP INDEX referrals_referring_status_list_idx`);
    await queryRunner.query(`DROP INDEX referrals_referring_list_idx`);
    await queryRunner.query(`DROP INDEX referrals_received_status_list_idx`);
    await queryRunner.query(`DROP INDEX referrals_received_list_idx`);
    await queryRunner.query(`DROP INDEX referrals_case_idx`);
    await queryRunner.query(`CREATE INDEX referrals_case_idx ON referrals (case_id, created_at)`);
    await queryRunner.query(
      `ALTER TABLE referrals DROP CONSTRAINT referrals_case_referring_agency_fkey`,
    );
    await queryRunner.query(`ALTER TABLE referrals DROP COLUMN referring_agency_id`);
    await queryRunner.query(`ALTER TABLE cases DROP CONSTRAINT cases_id_owning_agency_id_key`);

    await queryRunner.query(`DROP STATISTICS cases_caseworker_agency_stats`);
    await queryRunner.query(`DROP INDEX cases_caseworker_idx`);
    await queryRunner.query(
      `CREATE INDEX cases_caseworker_idx ON cases (assigned_caseworker_id) WHERE assigned_caseworker_id IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX cases_agency_status_idx`);
    await queryRunner.query(
      `CREATE INDEX cases_agency_status_idx ON cases (owning_agency_id, status, updated_at DESC)`,
    );
    await queryRunner.query(`DROP INDEX cases_agency_list_idx`);
    await queryRunner.query(`DROP INDEX cases_status_list_idx`);
    await queryRunner.query(`DROP INDEX cases_list_idx`);
  }
}
