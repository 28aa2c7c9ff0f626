import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case records: cases with their victims, families and suspected perpetrators, notes, and the
 * append-only audit log. Enumerations follow IOM HTCDS 2.0 where it has a picklist.
 */
export class CaseRecords1764201600000 implements MigrationInterface {
  name = 'CaseRecords1764201600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE agencies ADD COLUMN case_prefix text CHECK (case_prefix ~ '^[A-Z]{2,8}$')`,
    );

    await queryRunner.query(`
      CREATE TABLE case_number_counters (
        prefix text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (prefix, year)
      )`);

    await queryRunner.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_number text NOT NULL,
        owning_agency_id uuid NOT NULL REFERENCES agencies (id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 20000),
        incident_type text NOT NULL CHECK (incident_type IN ('trafficking', 'death_abroad', 'non_procedural_placement', 'unpaid_wages', 'abuse_or_violence', 'detention_abroad', 'stranded_or_missing', 'other')),
        exploitation_types text[] NOT NULL DEFAULT '{}' CHECK (exploitation_types <@ ARRAY['ForcedLabour', 'SexualExploitation', 'ChildLabour', 'ForcedMarriage', 'Servitude', 'ForcedMilitaryByNonStateActors', 'OrganRemoval', 'ForcedBegging', 'ForcedAdoption', 'Surrogacy', 'ForcedCriminality', 'OnlineScam', 'Other']::text[]),
        methods_of_control text[] NOT NULL DEFAULT '{}' CHECK (methods_of_control <@ ARRAY['PhysicalThreats', 'ThreatsLawEnforcement', 'ThreatensChildrenFamily', 'DebtBondage', 'FalsePromises', 'PhysicalAbuse', 'SexualAbuse', 'TakesEarnings', 'RestrictsFinancialAccess', 'RestrictsMedicalCare', 'WithholdsNecessities', 'PsychologicalAbuse', 'PsychoactiveSubstance', 'ExcessiveWorkingHours', 'WithholdsDocuments', 'Other']::text[]),
        recruitment_methods text[] NOT NULL DEFAULT '{}' CHECK (recruitment_methods <@ ARRAY['AtAPlaceOfBusiness', 'AtAnEducationalInstitution', 'AtWork', 'ThroughOnlineSocialNetworks', 'ThroughAnOnlineAdvertisement', 'ThroughATelevisionAdvert', 'ThroughANewspaperAdvert', 'ThroughFamilyOrFamilyEvents', 'ThroughFriendsOrSocialEvents', 'ThroughInformalBroker', 'ThroughLicensedPlacementCompany', 'Other']::text[]),
        recruitment_platforms text[] NOT NULL DEFAULT '{}' CHECK (recruitment_platforms <@ ARRAY['Facebook', 'Instagram', 'WhatsApp', 'Telegram', 'FacebookMessenger', 'Viber', 'SnapChat', 'Line', '4Sale', 'WeChat', 'QQ', 'QZone', 'TikTok', 'Twitter', 'Other']::text[]),
        exploitation_country char(2) REFERENCES countries (alpha2),
        exploitation_city text CHECK (length(exploitation_city) <= 200),
        transit_countries text[] NOT NULL DEFAULT '{}',
        incident_date date,
        reported_date date NOT NULL,
        source text NOT NULL CHECK (source IN ('family', 'village_head', 'media', 'hotline', 'embassy_report', 'police', 'other_agency', 'self_report', 'other')),
        assigned_caseworker_id uuid REFERENCES users (id),
        supervisor_id uuid REFERENCES users (id),
        priority text NOT NULL CHECK (priority IN ('critical', 'high', 'normal', 'low')),
        suggested_priority text NOT NULL CHECK (suggested_priority IN ('critical', 'high', 'normal', 'low')),
        priority_override_reason text,
        status text NOT NULL DEFAULT 'intake' CHECK (status IN ('intake', 'open', 'in_assistance', 'closure_requested', 'closed', 'reopened', 'closed_duplicate', 'closed_unfounded')),
        tags text[] NOT NULL DEFAULT '{}',
        created_by uuid NOT NULL REFERENCES users (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cases_case_number_key UNIQUE (case_number),
        CHECK (incident_date IS NULL OR incident_date <= reported_date)
      )`);
    // The supervisors' queues read a case list per agency and status, newest activity first.
    await queryRunner.query(
      `CREATE INDEX cases_agency_status_idx ON cases (owning_agency_id, status, updated_at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX cases_caseworker_idx ON cases (assigned_caseworker_id) WHERE assigned_caseworker_id IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE victims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        person_id uuid NOT NULL,
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        other_names text[] NOT NULL DEFAULT '{}',
        gender text NOT NULL DEFAULT 'NonSpecifiedUnknown' CHECK (gender IN ('Feminine', 'Masculine', 'TransgenderFeminine', 'TransgenderMasculine', 'NonConforming', 'NonSpecifiedUnknown')),
        date_of_birth date,
        estimated_age smallint CHECK (estimated_age BETWEEN 0 AND 120),
        recruitment_date date,
        minor_at_recruitment boolean,
        citizenship char(2) NOT NULL DEFAULT 'ID' REFERENCES countries (alpha2),
        nik_encrypted text,
        nik_hash text,
        nik_last4 text,
        passport_encrypted text,
        passport_last4 text,
        phone_encrypted text,
        phone_hash text,
        origin_street_encrypted text,
        origin_region_code text REFERENCES regions (code),
        migration_channel text NOT NULL DEFAULT 'unknown' CHECK (migration_channel IN ('procedural', 'non_procedural', 'unknown')),
        placement_company text,
        occupation_abroad text,
        employer_abroad text,
        current_situation text NOT NULL CHECK (current_situation IN ('abroad', 'detained', 'missing', 'hospitalised', 'deceased', 'repatriated', 'home')),
        death_date date,
        death_place text,
        death_country char(2) REFERENCES countries (alpha2),
        death_cause text,
        remains_status text CHECK (remains_status IN ('awaiting_repatriation', 'repatriated', 'buried_abroad')),
        death_certificate_ref text,
        trafficking_status text NOT NULL DEFAULT 'PossibleVictimOfTrafficking' CHECK (trafficking_status IN ('PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking')),
        trafficking_status_decided_by text CHECK (trafficking_status_decided_by IN ('Police', 'NGO', 'CourtOrProsecution', 'NonPoliceGovernmentalOrganization', 'Other')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT victims_death_needs_deceased CHECK (current_situation = 'deceased' OR (death_date IS NULL AND remains_status IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX victims_case_id_idx ON victims (case_id)`);
    await queryRunner.query(`CREATE INDEX victims_person_id_idx ON victims (person_id)`);
    await queryRunner.query(
      `CREATE INDEX victims_nik_hash_idx ON victims (nik_hash) WHERE nik_hash IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX victims_phone_hash_idx ON victims (phone_hash) WHERE phone_hash IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE family_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        victim_id uuid NOT NULL REFERENCES victims (id),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        relation text NOT NULL CHECK (relation IN ('mother', 'father', 'spouse', 'child', 'sibling', 'guardian', 'other')),
        alive boolean NOT NULL DEFAULT true,
        age smallint CHECK (age BETWEEN 0 AND 120),
        phone_encrypted text,
        phone_hash text,
        street_encrypted text,
        region_code text REFERENCES regions (code),
        primary_contact boolean NOT NULL DEFAULT false,
        consent_to_contact boolean NOT NULL DEFAULT false,
        consent_recorded_at timestamptz,
        consent_recorded_by uuid REFERENCES users (id),
        language text NOT NULL DEFAULT 'id' CHECK (language ~ '^[a-z]{2,3}$'),
        needs text[] NOT NULL DEFAULT '{}' CHECK (needs <@ ARRAY['case_information', 'remains_repatriation', 'death_benefit_or_insurance', 'compensation_restitution', 'psychosocial_support', 'economic_support']::text[]),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT family_members_primary_contact_alive CHECK (NOT primary_contact OR alive)
      )`);
    await queryRunner.query(
      `CREATE INDEX family_members_victim_id_idx ON family_members (victim_id)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX family_members_one_primary_contact ON family_members (victim_id) WHERE primary_contact`,
    );

    await queryRunner.query(`
      CREATE TABLE perpetrators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        aliases text[] NOT NULL DEFAULT '{}',
        roles text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['TravellingPartner', 'Transporter', 'RecruiterOrIntermediary', 'BrokerTravelAgent', 'TransferredIndividual', 'HarbouredIndividual', 'SoldIndividual', 'BoughtIndividual', 'ReceivedIndividual', 'ControlledIndividual', 'Smuggler', 'Abuser', 'Kidnapper', 'Exploiter', 'Other']::text[]),
        placement_company text,
        phones_encrypted text[] NOT NULL DEFAULT '{}',
        phone_hashes text[] NOT NULL DEFAULT '{}',
        social_handles text[] NOT NULL DEFAULT '{}',
        home_region_code text REFERENCES regions (code),
        status text NOT NULL DEFAULT 'suspected' CHECK (status IN ('suspected', 'reported_to_police', 'named_suspect', 'charged', 'convicted')),
        recorded_by_agency_id uuid NOT NULL REFERENCES agencies (id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX perpetrators_phone_hashes_idx ON perpetrators USING gin (phone_hashes)`,
    );
    await queryRunner.query(
      `CREATE INDEX perpetrators_home_region_idx ON perpetrators (home_region_code)`,
    );

    await queryRunner.query(`
      CREATE TABLE case_perpetrators (
        case_id uuid NOT NULL REFERENCES cases (id),
        perpetrator_id uuid NOT NULL REFERENCES perpetrators (id),
        relationship_to_victims text CHECK (relationship_to_victims IN ('Familial', 'Acquainted', 'Unaquainted')),
        role_in_case text CHECK (length(role_in_case) <= 500),
        linked_by uuid NOT NULL REFERENCES users (id),
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, perpetrator_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX case_perpetrators_perpetrator_idx ON case_perpetrators (perpetrator_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        author_id uuid NOT NULL REFERENCES users (id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at)`);

    await queryRunner.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id uuid REFERENCES users (id),
        actor_role text,
        request_id text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        case_id uuid REFERENCES cases (id),
        changes jsonb
      )`);
    await queryRunner.query(
      `CREATE INDEX audit_events_case_idx ON audit_events (case_id, id) WHERE case_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, id)`,
    );
    // Evidence for a criminal trial: the log can grow, never change.
    await queryRunner.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_events`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`DROP TABLE case_notes`);
    await queryRunner.query(`DROP TABLE case_perpetrators`);
    await queryRunner.query(`DROP TABLE perpetrators`);
    await queryRunner.query(`DROP TABLE family_members`);
    await queryRunner.query(`DROP TABLE victims`);
    await queryRunner.query(`DROP TABLE cases`);
    await queryRunner.query(`DROP TABLE case_number_counters`);
    await queryRunner.query(`ALTER TABLE agencies DROP COLUMN case_prefix`);
  }
}
