import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764115200000 implements MigrationInterface {
  name = 'InitialSchema1764115200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await queryRunner.query(`
      CREATE TABLE countries (
        alpha2 char(2) PRIMARY KEY CHECK (alpha2 ~ '^[A-Z]{2}$'),
        alpha3 char(3) NOT NULL UNIQUE,
        numeric_code char(3) NOT NULL,
        name text NOT NULL,
        official_name text NOT NULL,
        region text NOT NULL,
        sub_region text NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE regions (
        code text PRIMARY KEY CHECK (code ~ '^\\d{2}(\\.\\d{2}(\\.\\d{2}(\\.\\d{4})?)?)?$'),
        name text NOT NULL,
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
        kind text NOT NULL CHECK (kind IN ('provinsi', 'kabupaten', 'kota', 'kecamatan', 'desa', 'desa_adat', 'kelurahan')),
        parent_code text REFERENCES regions (code),
        full_path text NOT NULL,
        search_name text NOT NULL,
        CHECK ((level = 1) = (parent_code IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX regions_parent_code_idx ON regions (parent_code, name)`);
    await queryRunner.query(
      `CREATE INDEX regions_search_name_trgm_idx ON regions USING gin (search_name gin_trgm_ops)`,
    );

    await queryRunner.query(`
      CREATE TABLE agencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        short_name text NOT NULL CHECK (length(short_name) BETWEEN 1 AND 60),
        type text NOT NULL CHECK (type IN ('bp2mi', 'bp3mi', 'disnakertrans', 'police', 'immigration', 'social_affairs',
          'women_child_protection', 'embassy_consulate', 'legal_aid', 'village_government', 'insurance_benefits', 'ngo', 'other')),
        level text NOT NULL CHECK (level IN ('national', 'province', 'regency', 'village', 'abroad')),
        region_code text REFERENCES regions (code),
        country_code char(2) REFERENCES countries (alpha2),
        contact_emails text[] NOT NULL DEFAULT '{}',
        webhook_url text,
        escalation_contact_name text,
        escalation_contact_email text,
        time_zone text NOT NULL DEFAULT 'Asia/Jakarta',
        preferred_language text NOT NULL DEFAULT 'id' CHECK (preferred_language IN ('id', 'en')),
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((level = 'abroad') = (country_code IS NOT NULL)),
        CHECK (level <> 'abroad' OR region_code IS NULL)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX agencies_short_name_key ON agencies (lower(short_name))`,
    );

    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'caseworker', 'agency_liaison', 'viewer')),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        password_hash text,
        password_changed_at timestamptz,
        disabled_at timestamptz,
        token_version integer NOT NULL DEFAULT 1,
        last_login_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
    await queryRunner.query(`CREATE INDEX users_agency_id_idx ON users (agency_id)`);

    await queryRunner.query(`
      CREATE TABLE password_setup_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('invitation', 'reset')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        emailed_at timestamptz,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX password_setup_tokens_user_id_idx ON password_setup_tokens (user_id)`,
    );
    // The sweep looks only at links still waiting to be emailed.
    await queryRunner.query(
      `CREATE INDEX password_setup_tokens_unsent_idx ON password_setup_tokens (created_at) WHERE emailed_at IS NULL AND used_at IS NULL AND revoked_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE password_setup_tokens`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE agencies`);
    await queryRunner.query(`DROP TABLE regions`);
    await queryRunner.query(`DROP TABLE countries`);
  }
}
