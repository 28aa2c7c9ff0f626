import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every answer of a receiving agency kept as its own row (the referral's single note used to be
 * overwritten by the next one), and audit entries that can hold the values of the fields the log
 * itself shows only as "[redacted]", for readers of the case to see on its timeline.
 */
export class ReferralResponses1765000000400 implements MigrationInterface {
  name = 'ReferralResponses1765000000400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE referral_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals (id),
        action text NOT NULL
          CONSTRAINT referral_responses_action_check
          CHECK (action IN ('acknowledge', 'decline', 'progress', 'complete')),
        status_before text NOT NULL,
        status_after text NOT NULL,
        note text CONSTRAINT referral_responses_note_check CHECK (length(note) <= 5000),
        reason text CONSTRAINT referral_responses_reason_check CHECK (length(reason) <= 2000),
        outcome text CONSTRAINT referral_responses_outcome_check
          CHECK (outcome IN ('achieved', 'partially_achieved', 'not_achieved')),
        outcome_notes text
          CONSTRAINT referral_responses_outcome_notes_check CHECK (length(outcome_notes) <= 5000),
        via text NOT NULL CONSTRAINT referral_responses_via_check CHECK (via IN ('account', 'link')),
        responder_id uuid REFERENCES users (id),
        link_id uuid REFERENCES referral_response_links (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT referral_responses_responder_check
          CHECK ((via = 'account') = (responder_id IS NOT NULL)
             AND (via = 'link') = (link_id IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX referral_responses_referral_idx ON referral_responses (referral_id, created_at, id)`,
    );
    // Answers given before this table existed, from their audit entries. The texts kept on the
    // referral belong to the one decline and the one completion; earlier notes were overwritten.
    await queryRunner.query(`
      INSERT INTO referral_responses (referral_id, action, status_before, status_after, reason,
                                      outcome, outcome_notes, via, responder_id, link_id, created_at)
      SELECT r.id, e.changes->>'action', e.changes->'status'->>'from', e.changes->'status'->>'to',
             CASE WHEN e.changes->>'action' = 'decline' THEN r.decline_reason END,
             CASE WHEN e.changes->>'action' = 'complete' THEN r.outcome END,
             CASE WHEN e.changes->>'action' = 'complete' THEN r.outcome_notes END,
             CASE WHEN e.actor_id IS NULL THEN 'link' ELSE 'account' END,
             e.actor_id,
             CASE WHEN e.actor_id IS NULL THEN (e.changes->>'linkId')::uuid END,
             e.occurred_at
      FROM audit_events e
      JOIN referrals r ON r.id = e.entity_id
      WHERE e.action = 'referral.responded' AND e.entity_type = 'referral'
        AND (e.actor_id IS NOT NULL OR e.changes ? 'linkId')
      ORDER BY e.id`);

    await queryRunner.query(`ALTER TABLE audit_events ADD COLUMN restricted_changes jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_events DROP COLUMN restricted_changes`);
    await queryRunner.query(`DROP TABLE referral_responses`);
  }
}
