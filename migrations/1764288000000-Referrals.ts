import { MigrationInterface, QueryRunner } from 'typeorm';

const SERVICES = `'repatriation_living', 'repatriation_remains', 'rescue_consular', 'police_investigation', 'legal_aid', 'restitution_claim', 'insurance_benefit_claim', 'medical_care', 'psychosocial_support', 'shelter', 'family_tracing', 'identity_documents', 'skills_training', 'economic_support', 'other'`;
const PRIORITIES = `'critical', 'high', 'normal', 'low'`;
const UNITS = `'working_days', 'hours', 'minutes', 'seconds'`;

/**
 * Referrals to partner agencies, the service-level policies that set their deadlines, national
 * holidays, the action links partners answer through, case tasks, and the notifications that
 * remind everyone. Notifications are rows: PostgreSQL decides what is due and records what was
 * delivered; the queue only carries their ids.
 */
export class Referrals1764288000000 implements MigrationInterface {
  name = 'Referrals1764288000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Webhook signing secrets are derived from APP_SECRET and this number; bumping it rotates one.
    await queryRunner.query(
      `ALTER TABLE agencies ADD COLUMN webhook_secret_version integer NOT NULL DEFAULT 1 CHECK (webhook_secret_version >= 1)`,
    );

    await queryRunner.query(`
      CREATE TABLE holidays (
        day date PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Fixed-date national holidays. Holidays that follow the Islamic, Chinese, Balinese or church
    // calendars are set each year by joint ministerial decree; admins add them through the API.
    await queryRunner.query(`
      INSERT INTO holidays (day, name)
      SELECT make_date(year, month, day), name
      FROM generate_series(2026, 2028) AS year
      CROSS JOIN (VALUES (1, 1, 'Tahun Baru Masehi'), (5, 1, 'Hari Buruh Internasional'),
                         (6, 1, 'Hari Lahir Pancasila'), (8, 17, 'Hari Kemerdekaan Republik Indonesia'),
                         (12, 25, 'Hari Raya Natal')) AS fixed (month, day, name)`);

    await queryRunner.query(`
      CREATE TABLE sla_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service text NOT NULL CHECK (service IN (${SERVICES})),
        priority text NOT NULL CHECK (priority IN (${PRIORITIES})),
        acknowledge_amount integer NOT NULL CHECK (acknowledge_amount BETWEEN 0 AND 10000),
        acknowledge_unit text NOT NULL CHECK (acknowledge_unit IN (${UNITS})),
        complete_amount integer NOT NULL CHECK (complete_amount BETWEEN 0 AND 10000),
        complete_unit text NOT NULL CHECK (complete_unit IN (${UNITS})),
        remind_before_due_amount integer NOT NULL CHECK (remind_before_due_amount BETWEEN 0 AND 10000),
        remind_before_due_unit text NOT NULL CHECK (remind_before_due_unit IN ('hours', 'minutes', 'seconds')),
        overdue_every_amount integer NOT NULL CHECK (overdue_every_amount BETWEEN 1 AND 10000),
        overdue_every_unit text NOT NULL CHECK (overdue_every_unit IN (${UNITS})),
        escalate_after_reminders integer NOT NULL CHECK (escalate_after_reminders BETWEEN 1 AND 100),
        version integer NOT NULL DEFAULT 1,
        updated_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sla_policies_service_priority_key UNIQUE (service, priority)
      )`);
    // Defaults an admin tunes: urgent work is answered in hours, the slow claims in months.
    await queryRunner.query(`
      INSERT INTO sla_policies (service, priority, acknowledge_amount, acknowledge_unit, complete_amount, complete_unit,
                                remind_before_due_amount, remind_before_due_unit, overdue_every_amount, overdue_every_unit,
                                escalate_after_reminders)
      SELECT s.service, p.priority, p.ack_amount, p.ack_unit,
             greatest(1, ceil(s.base_days * p.factor))::integer, 'working_days',
             16, 'hours', 1, 'working_days', 3
      FROM (VALUES ('repatriation_living', 15), ('repatriation_remains', 20), ('rescue_consular', 5),
                   ('police_investigation', 30), ('legal_aid', 20), ('restitution_claim', 60),
                   ('insurance_benefit_claim', 30), ('medical_care', 5), ('psychosocial_support', 10),
                   ('shelter', 3), ('family_tracing', 10), ('identity_documents', 15),
                   ('skills_training', 30), ('economic_support', 30), ('other', 20)) AS s (service, base_days)
      CROSS JOIN (VALUES ('critical', 4, 'hours', 0.34), ('high', 1, 'working_days', 0.67),
                         ('normal', 2, 'working_days', 1.0), ('low', 3, 'working_days', 1.5))
                 AS p (priority, ack_amount, ack_unit, factor)`);

    await queryRunner.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        service text NOT NULL CHECK (service IN (${SERVICES})),
        priority text NOT NULL CHECK (priority IN (${PRIORITIES})),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'acknowledged', 'in_progress', 'completed', 'declined', 'cancelled')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
        request text NOT NULL CHECK (length(request) BETWEEN 1 AND 5000),
        contact_name text CHECK (length(contact_name) <= 200),
        contact_email text CHECK (length(contact_email) <= 320),
        victim_ids uuid[] NOT NULL DEFAULT '{}',
        family_member_ids uuid[] NOT NULL DEFAULT '{}',
        consent text NOT NULL CHECK (consent IN ('victim', 'family', 'guardian', 'not_obtained')),
        consent_recorded_at timestamptz,
        consent_recorded_by uuid REFERENCES users (id),
        no_consent_reason text CHECK (length(no_consent_reason) <= 2000),
        no_consent_approved_by uuid REFERENCES users (id),
        shared_fields text[] NOT NULL DEFAULT '{}' CHECK (shared_fields <@ ARRAY['full_name', 'sex', 'age', 'date_of_birth', 'nik', 'passport', 'phone', 'origin_address', 'current_situation', 'death_details', 'family_contacts']::text[]),
        time_zone text NOT NULL DEFAULT 'Asia/Jakarta',
        acknowledge_due_at timestamptz,
        due_at timestamptz,
        requested_due_at timestamptz,
        due_override_reason text CHECK (length(due_override_reason) <= 2000),
        sent_at timestamptz,
        sent_by uuid REFERENCES users (id),
        acknowledged_at timestamptz,
        completed_at timestamptz,
        declined_at timestamptz,
        decline_reason text CHECK (length(decline_reason) <= 2000),
        cancelled_at timestamptz,
        cancel_reason text CHECK (length(cancel_reason) <= 2000),
        progress_note text CHECK (length(progress_note) <= 5000),
        outcome text CHECK (outcome IN ('achieved', 'partially_achieved', 'not_achieved')),
        outcome_notes text CHECK (length(outcome_notes) <= 5000),
        last_response_at timestamptz,
        reminders_ignored integer NOT NULL DEFAULT 0,
        escalated_at timestamptz,
        created_by uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status IN ('draft', 'cancelled') OR (sent_at IS NOT NULL AND due_at IS NOT NULL AND acknowledge_due_at IS NOT NULL)),
        CHECK (requested_due_at IS NULL OR due_override_reason IS NOT NULL),
        CHECK (status <> 'declined' OR decline_reason IS NOT NULL),
        CHECK (status <> 'completed' OR outcome IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX referrals_case_idx ON referrals (case_id, created_at)`);
    // The liaison's list: open referrals to one agency, soonest due first.
    await queryRunner.query(
      `CREATE INDEX referrals_agency_status_idx ON referrals (agency_id, status, due_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE referral_response_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals (id),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id),
        last_used_at timestamptz,
        use_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX referral_response_links_referral_idx ON referral_response_links (referral_id, created_at DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE case_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        due_at timestamptz NOT NULL,
        assignee_id uuid NOT NULL REFERENCES users (id),
        done_at timestamptz,
        done_by uuid REFERENCES users (id),
        created_by uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((done_at IS NULL) = (done_by IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX case_tasks_case_idx ON case_tasks (case_id, due_at)`);
    await queryRunner.query(
      `CREATE INDEX case_tasks_open_assignee_idx ON case_tasks (assignee_id, due_at) WHERE done_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('referral_sent', 'acknowledge_reminder', 'due_soon_reminder', 'overdue_reminder', 'escalation', 'referral_answered', 'task_reminder', 'daily_digest')),
        channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('agency', 'agency_escalation_contact', 'user')),
        recipient_agency_id uuid REFERENCES agencies (id),
        recipient_user_id uuid REFERENCES users (id),
        case_id uuid REFERENCES cases (id),
        referral_id uuid REFERENCES referrals (id),
        task_id uuid REFERENCES case_tasks (id),
        sequence integer NOT NULL DEFAULT 1,
        dedupe_key text,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 50),
        next_attempt_at timestamptz NOT NULL,
        lease_expires_at timestamptz,
        enqueued_at timestamptz,
        last_attempt_at timestamptz,
        last_error text,
        delivered_at timestamptz,
        failed_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_dedupe_key_key UNIQUE (dedupe_key),
        CHECK ((recipient_kind = 'user') = (recipient_user_id IS NOT NULL)),
        CHECK (recipient_kind = 'user' OR recipient_agency_id IS NOT NULL),
        CHECK (status <> 'sending' OR lease_expires_at IS NOT NULL)
      )`);
    // The sweep's questions: what is due and never queued, what was queued long ago (its job
    // lost), and whose delivery lease ran out.
    await queryRunner.query(
      `CREATE INDEX notifications_unqueued_idx ON notifications (next_attempt_at) WHERE status = 'pending' AND enqueued_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX notifications_due_idx ON notifications (enqueued_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX notifications_lease_idx ON notifications (lease_expires_at) WHERE status = 'sending'`,
    );
    await queryRunner.query(
      `CREATE INDEX notifications_referral_idx ON notifications (referral_id, created_at) WHERE referral_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX notifications_task_idx ON notifications (task_id) WHERE task_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX notifications_failed_idx ON notifications (failed_at DESC) WHERE status = 'failed'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifications`);
    await queryRunner.query(`DROP TABLE case_tasks`);
    await queryRunner.query(`DROP TABLE referral_response_links`);
    await queryRunner.query(`DROP TABLE referrals`);
    await queryRunner.query(`DROP TABLE sla_policies`);
    await queryRunner.query(`DROP TABLE holidays`);
    await queryRunner.query(`ALTER TABLE agencies DROP COLUMN webhook_secret_version`);
  }
}
