import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit entries of staff and agency administration say which agency they concern, so that
 * agency's supervisors can read them; a trail of one kind can be listed in order. Agencies other
 * than the one that recorded a perpetrator propose changes to its identity instead of making them.
 */
export class AuditScopesAndPerpetratorProposals1765000000200 implements MigrationInterface {
  name = 'AuditScopesAndPerpetratorProposals1765000000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign key: an agency can be deleted, and its trail must outlive it unchanged.
    await queryRunner.query(`ALTER TABLE audit_events ADD COLUMN agency_id uuid`);
    await queryRunner.query(
      `CREATE INDEX audit_events_entity_type_idx ON audit_events (entity_type, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE perpetrator_change_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        perpetrator_id uuid NOT NULL REFERENCES perpetrators (id),
        proposed_by_agency_id uuid NOT NULL REFERENCES agencies (id),
        proposed_by uuid NOT NULL REFERENCES users (id),
        base_version integer NOT NULL,
        changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'object'),
        reason text CHECK (length(reason) <= 2000),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
        decided_by uuid REFERENCES users (id),
        decided_at timestamptz,
        decision_note text CHECK (length(decision_note) <= 2000),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT perpetrator_change_proposals_decision_check
          CHECK ((status = 'pending') = (decided_at IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX perpetrator_change_proposals_perpetrator_idx
       ON perpetrator_change_proposals (perpetrator_id, created_at, id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE perpetrator_change_proposals`);
    await queryRunner.query(`DROP INDEX audit_events_entity_type_idx`);
    await queryRunner.query(`ALTER TABLE audit_events DROP COLUMN agency_id`);
  }
}
