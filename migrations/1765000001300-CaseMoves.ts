import { MigrationInterface, QueryRunner } from 'typeorm';
import { changeNotificationKinds } from './notification-kinds';

const NEW_KINDS = ['case_assignment', 'case_transfer_requested', 'case_transfer_decided'];

/**
 * Cases that move: bulk assignment (its message to each assignee), and transfers of a case to
 * another agency, asked by the owning agency and decided by the receiving one.
 */
export class CaseMoves1765000001300 implements MigrationInterface {
  name = 'CaseMoves1765000001300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // What one bulk assignment gave one person: the message lists these case numbers, read at
    // delivery, so the notification row and its job carry only this row's id.
    await queryRunner.query(
      `CREATE TABLE case_assignment_notices (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         assignee_id uuid NOT NULL REFERENCES users (id),
         assigned_by uuid NOT NULL REFERENCES users (id),
         case_ids uuid[] NOT NULL CHECK (cardinality(case_ids) BETWEEN 1 AND 500),
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await queryRunner.query(
      `CREATE TABLE case_transfers (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         case_id uuid NOT NULL REFERENCES cases (id),
         from_agency_id uuid NOT NULL REFERENCES agencies (id),
         to_agency_id uuid NOT NULL REFERENCES agencies (id),
         status text NOT NULL DEFAULT 'requested'
           CHECK (status IN ('requested', 'accepted', 'refused', 'withdrawn')),
         reason text NOT NULL CHECK (char_length(reason) BETWEEN 3 AND 2000),
         requested_by uuid NOT NULL REFERENCES users (id),
         requested_at timestamptz NOT NULL DEFAULT now(),
         decided_by uuid REFERENCES users (id),
         decided_at timestamptz,
         response_reason text CHECK (char_length(response_reason) BETWEEN 3 AND 2000),
         version integer NOT NULL DEFAULT 1,
         CHECK (from_agency_id <> to_agency_id),
         CHECK ((status = 'requested') = (decided_at IS NULL)),
         CHECK ((status = 'requested') = (decided_by IS NULL)),
         CHECK (status <> 'refused' OR response_reason IS NOT NULL)
       )`,
    );
    // At most one open transfer per case: two supervisors asking at once get one 409.
    await queryRunner.query(
      `CREATE UNIQUE INDEX case_transfers_open_idx ON case_transfers (case_id)
         WHERE status = 'requested'`,
    );
    // The two lists, newest first by keyset, each scope an equality on its index.
    await queryRunner.query(
      `CREATE INDEX case_transfers_incoming_idx
         ON case_transfers (to_agency_id, requested_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX case_transfers_outgoing_idx
         ON case_transfers (from_agency_id, requested_at DESC, id DESC)`,
    );
    // The receiving supervisors' pending decisions: the queue count and the filtered list.
    await queryRunner.query(
      `CREATE INDEX case_transfers_incoming_open_idx
         ON case_transfers (to_agency_id, requested_at DESC, id DESC) WHERE status = 'requested'`,
    );
    await queryRunner.query(`CREATE INDEX case_transfers_case_idx ON case_transfers (case_id)`);
    await queryRunner.query(
      `CREATE INDEX case_assignment_notices_assignee_idx ON case_assignment_notices (assignee_id)`,
    );
    await changeNotificationKinds(queryRunner, { add: NEW_KINDS });
    // The service role (see "Two database roles") gets its grants from the start-up routine.
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await changeNotificationKinds(queryRunner, { remove: NEW_KINDS });
    await queryRunner.query(`DROP TABLE case_transfers`);
    await queryRunner.query(`DROP TABLE case_assignment_notices`);
  }
}
