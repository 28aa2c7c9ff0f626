import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  CheckFromMigration,
  ForeignKeyFromMigration,
  IndexFromMigration,
} from '../../database/schema-decorators';
import { Case } from '../cases/case.entity';
import { User } from '../users/user.entity';
import { Victim } from '../victims/victim.entity';
import type { AcceptedDocumentType, DocumentKind } from './document.enums';

/**
 * A document of a case, optionally about one of its victims. The content is elsewhere (see
 * DocumentStorage), sealed under `contentKey`; the row is listed once `storedAt` is set.
 */
@Entity({ name: 'case_documents' })
@Unique('case_documents_storage_key_key', ['storageKey'])
@IndexFromMigration('case_documents_case_idx')
@IndexFromMigration('case_documents_unfinished_idx')
@CheckFromMigration('case_documents_kind_check')
@CheckFromMigration('case_documents_mime_type_check')
@CheckFromMigration('case_documents_size_bytes_check')
@CheckFromMigration('case_documents_sha256_check')
@CheckFromMigration('case_documents_stored_check')
export class CaseDocument {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ForeignKeyFromMigration(() => Case, 'case_id', 'case_documents_case_id_fkey')
  case?: Case;

  @Column({ name: 'victim_id', type: 'uuid', nullable: true })
  victimId!: string | null;

  @ForeignKeyFromMigration(() => Victim, 'victim_id', 'case_documents_victim_id_fkey')
  victim?: Victim;

  @Column({ type: 'text' })
  kind!: DocumentKind;

  /** As detected from the content. */
  @Column({ name: 'mime_type', type: 'text' })
  mimeType!: AcceptedDocumentType;

  @Column({ name: 'size_bytes', type: 'integer', nullable: true })
  sizeBytes!: number | null;

  /** Of the plaintext, hex: lets a court copy be checked against the one on record. */
  @Column({ type: 'text', nullable: true })
  sha256!: string | null;

  /** Names often name the person ("paspor_ahmad_jayani.pdf"): encrypted like any personal field. */
  @Column({ name: 'file_name_encrypted', type: 'text' })
  fileNameEncrypted!: string;

  /** The document's own content key, wrapped under the personal-data key. */
  @Column({ name: 'content_key', type: 'text' })
  contentKey!: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy!: string;

  @ForeignKeyFromMigration(() => User, 'uploaded_by', 'case_documents_uploaded_by_fkey')
  uploader?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'stored_at', type: 'timestamptz', nullable: true })
  storedAt!: Date | null;
}
