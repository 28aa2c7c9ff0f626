import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case documents (death certificates, passports, contracts, police reports...): a row per document
 * in `case_documents`, its encrypted content in `document_chunks`, and the documents a referral
 * shares with its receiving agency in `referrals.document_ids`.
 *
 * The content lives in PostgreSQL rather than on disk: it is backed up, restored and replicated
 * with the rows that describe it, several API processes need no shared volume, and a document
 * is only listed once its last chunk is written (`stored_at`). `document_chunks` is keyed by an
 * opaque storage key, not by the document, so that another store (an object store) can take its
 * place behind the same interface.
 */
export class CaseDocuments1765000002310 implements MigrationInterface {
  name = 'CaseDocuments1765000002310';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases (id),
        victim_id uuid REFERENCES victims (id),
        kind text NOT NULL CHECK (kind IN ('death_certificate', 'passport', 'identity_card', 'family_card', 'employment_contract', 'police_report', 'power_of_attorney', 'medical_report', 'other')),
        mime_type text NOT NULL CHECK (mime_type IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif')),
        size_bytes integer CHECK (size_bytes BETWEEN 1 AND 20971520),
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        file_name_encrypted text NOT NULL,
        content_key text NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        stored_at timestamptz,
        CONSTRAINT case_documents_storage_key_key UNIQUE (storage_key),
        CONSTRAINT case_documents_stored_check CHECK (stored_at IS NULL OR (size_bytes IS NOT NULL AND sha256 IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX case_documents_case_idx ON case_documents (case_id, created_at, id) WHERE stored_at IS NOT NULL`,
    );
    // Uploads that never finished (the process stopped mid-way): swept by the next upload.
    await queryRunner.query(
      `CREATE INDEX case_documents_unfinished_idx ON case_documents (created_at) WHERE stored_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE document_chunks (
        storage_key text NOT NULL,
        chunk_index integer NOT NULL CHECK (chunk_index >= 0),
        sealed bytea NOT NULL,
        PRIMARY KEY (storage_key, chunk_index)
      )`);
    // Ciphertext does not compress: storing it out of line uncompressed spares pglz's attempt.
    await queryRunner.query(`ALTER TABLE document_chunks ALTER COLUMN sealed SET STORAGE EXTERNAL`);
    await queryRunner.query(
      `ALTER TABLE referrals ADD COLUMN document_ids uuid[] NOT NULL DEFAULT '{}'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE referrals DROP COLUMN document_ids`);
    await queryRunner.query(`DROP TABLE document_chunks`);
    await queryRunner.query(`DROP TABLE case_documents`);
  }
}
