import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import {
  openChunks,
  PersonalDataStreamCipher,
  SealedStreamCorruptError,
  sealChunks,
} from '../../common/crypto/personal-data-stream-cipher';
import { ValidationFailedError } from '../../common/errors/app-error';
import { AuditService, REDACTED } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess, type CaseScope } from '../cases/case-access';
import { CaseNotFoundError, CaseReadOnlyError } from '../cases/cases.errors';
import { CasesRepository } from '../cases/cases.repository';
import { ReadableRecords } from '../cases/readable-records';
import { UsersRepository } from '../users/users.repository';
import { VictimsRepository } from '../victims/victims.repository';
import { CaseDocument } from './case-document.entity';
import { detectDocumentType, DETECTION_BYTES } from './document-type';
import { DOCUMENT_FIELD, MAX_DOCUMENT_BYTES } from './document.enums';
import { DOCUMENT_STORAGE, type DocumentStorage } from './document-storage';
import { DocumentDto, SharedDocumentDto, UploadDocumentFieldsDto } from './dto/document.dto';
import { DocumentsRepository } from './documents.repository';
import {
  DocumentContentForbiddenError,
  DocumentNotFoundError,
  DocumentRemovalForbiddenError,
  DocumentTooLargeError,
  DocumentTypeNotAcceptedError,
  DocumentUnreadableError,
} from './documents.errors';
import { type UploadPart, uploadFailure } from './upload-parts';

/** A document's content on its way out, with what its headers need. */
export interface DocumentDownload {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  stream: Readable;
}

/** Who downloads a shared document: staff of the receiving agency, or a link's holder (null). */
export interface ReferralDownloader {
  actor: AuthenticatedUser | null;
  referralId: string;
  receivingAgencyId: string;
  requestId: string;
}

const UPLOAD_FIELDS = new Set(['kind', 'victimId']);

/**
 * Documents of a case: uploaded by those who may change the case, listed to those who may read
 * it, and opened (downloaded) only by those who may see identities, since a passport or a death
 * certificate is nothing but identity. Every download is audited before its first byte.
 *
 * The content is checked by its bytes, sealed with the personal-data keys chunk by chunk as it
 * arrives, and kept in DocumentStorage; the row becomes visible only when the last chunk is
 * stored. A refused or broken upload leaves nothing behind.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    private readonly documents: DocumentsRepository,
    private readonly readableRecords: ReadableRecords,
    private readonly cases: CasesRepository,
    private readonly victims: VictimsRepository,
    private readonly users: UsersRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly streamCipher: PersonalDataStreamCipher,
    private readonly audit: AuditService,
  ) {}

  /** Reads a multipart form whose fields (`kind`, `victimId`) come before its one `file`. */
  async upload(
    actor: AuthenticatedUser,
    caseId: string,
    parts: AsyncIterable<UploadPart>,
  ): Promise<DocumentDto> {
    const record = await this.readableRecords.caseFor(actor, caseId);
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();
    await this.sweepAbandoned();

    const values: Record<string, string> = {};
    let stored: CaseDocument | undefined;
    try {
      for await (const part of parts) {
        if (stored) {
          await drain(part);
          throw ValidationFailedError.forField(
            part.fieldname,
            'the file must be the last part of the form',
          );
        }
        if (part.type === 'field') {
          if (!UPLOAD_FIELDS.has(part.fieldname))
            throw ValidationFailedError.forField(
              part.fieldname,
              `${part.fieldname} is not a field of an upload`,
            );
          if (part.fieldname in values)
            throw ValidationFailedError.forField(
              part.fieldname,
              `${part.fieldname} is given twice`,
            );
          values[part.fieldname] = String(part.value);
          continue;
        }
        if (part.fieldname !== 'file') {
          await drain(part);
          throw ValidationFailedError.forField(
            part.fieldname,
            'send the document as the field "file"',
          );
        }
        const fields = await this.checkFields(caseId, values).catch(async (error: unknown) => {
          await drain(part);
          throw error;
        });
        stored = await this.store(actor, caseId, fields, part.filename, part.file);
      }
    } catch (error) {
      if (stored) await this.discard(stored);
      throw uploadFailure(error);
    }
    if (!stored) throw ValidationFailedError.forField('file', 'file is required');
    return (await this.present(actor, record, [stored]))[0];
  }

  async list(actor: AuthenticatedUser, caseId: string): Promise<DocumentDto[]> {
    const record = await this.readableRecords.caseFor(actor, caseId);
    return this.present(actor, record, await this.documents.listStoredForCase(caseId));
  }

  /** Audited before the first byte; refused whole (no cut file) if the entry cannot be written. */
  async download(actor: AuthenticatedUser, documentId: string): Promise<DocumentDownload> {
    const document = await this.documents.findStored(documentId);
    const record = document ? await this.cases.findById(document.caseId) : null;
    if (!document || !record || !CaseAccess.canRead(actor, record))
      throw new DocumentNotFoundError();
    if (!CaseAccess.canRevealIdentity(actor, record)) throw new DocumentContentForbiddenError();
    const download = await this.openContent(document);
    await this.audit.recordRead(actor, {
      action: 'document.downloaded',
      entityType: 'document',
      entityId: document.id,
      caseId: document.caseId,
      changes: { kind: document.kind, victimId: document.victimId },
    });
    return download;
  }

  /**
   * Removes a document and its content, for a supervisor of the owning agency or an admin, with a
   * reason: documents are evidence, but one filed on the wrong case (someone else's passport) must
   * be able to go. The audit entry keeps its kind, victim and SHA-256; the reason is on the
   * case's timeline for its readers.
   */
  async remove(actor: AuthenticatedUser, documentId: string, reason: string): Promise<void> {
    const document = await this.documents.findStored(documentId);
    const record = document ? await this.cases.findById(document.caseId) : null;
    if (!document || !record || !CaseAccess.canRead(actor, record))
      throw new DocumentNotFoundError();
    const mayRemove = (scope: CaseScope) =>
      CaseAccess.canWrite(actor, scope) && CaseAccess.isSupervisor(actor);
    if (!mayRemove(record)) throw new DocumentRemovalForbiddenError();
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.cases.lockForUpdate(document.caseId, manager, 'for_no_key_update');
      if (!locked || !CaseAccess.canRead(actor, locked)) throw new DocumentNotFoundError();
      if (!mayRemove(locked)) throw new DocumentRemovalForbiddenError();
      const removed = await this.documents.deleteStored(documentId, manager);
      if (!removed) throw new DocumentNotFoundError();
      await this.storage.remove(removed.storageKey, manager);
      await this.audit.record(manager, actor, {
        action: 'document.removed',
        entityType: 'document',
        entityId: removed.id,
        caseId: removed.caseId,
        changes: {
          kind: removed.kind,
          victimId: removed.victimId,
          sha256: removed.sha256,
          reason: REDACTED,
        },
        restrictedChanges: { reason },
      });
    });
  }

  /** Documents of the case among `ids`, as a referral shares them. */
  async sharedDocuments(caseId: string, ids: string[]): Promise<SharedDocumentDto[]> {
    const rows = await this.documents.listStoredByIds(caseId, ids);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      victimId: row.victimId,
      mimeType: row.mimeType,
      sizeBytes: row.sizeBytes!,
      sha256: row.sha256!,
      fileName: this.fileNameOf(row),
      uploadedAt: row.storedAt!,
    }));
  }

  /** The ids among `ids` that name stored documents of the case. */
  storedIdsInCase(caseId: string, ids: string[]): Promise<string[]> {
    return this.documents.storedIdsInCase(caseId, ids);
  }

  /**
   * A document a referral shares, for the receiving agency (through its link or signed in): the
   * caller has checked who asks and that the referral shares this document of this case.
   */
  async downloadShared(
    caseId: string,
    documentId: string,
    downloader: ReferralDownloader,
  ): Promise<DocumentDownload> {
    const [document] = await this.documents.listStoredByIds(caseId, [documentId]);
    if (!document) throw new DocumentNotFoundError();
    const download = await this.openContent(document);
    await this.audit.recordRead(downloader.actor, {
      action: downloader.actor ? 'document.downloaded_by_receiver' : 'document.downloaded_by_link',
      entityType: 'document',
      entityId: document.id,
      caseId,
      requestId: downloader.requestId,
      changes: {
        kind: document.kind,
        referralId: downloader.referralId,
        receivingAgencyId: downloader.receivingAgencyId,
      },
    });
    return download;
  }

  private async checkFields(
    caseId: string,
    values: Record<string, string>,
  ): Promise<UploadDocumentFieldsDto> {
    const fields = plainToInstance(UploadDocumentFieldsDto, values);
    const errors = await validate(fields, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0)
      throw new ValidationFailedError(
        errors.map((error) => ({
          field: error.property,
          messages: Object.values(error.constraints ?? {}),
          rules: Object.keys(error.constraints ?? {}),
        })),
      );
    if (fields.victimId !== undefined) {
      const victim = await this.victims.findById(fields.victimId);
      if (!victim || victim.caseId !== caseId)
        throw ValidationFailedError.forField(
          'victimId',
          'victimId must name a victim of this case',
        );
    }
    return fields;
  }

  /**
   * Streams the file into storage, sealed, while counting and hashing it; then, in one short
   * transaction with the case held, marks it stored and writes the audit entry.
   */
  private async store(
    actor: AuthenticatedUser,
    caseId: string,
    fields: UploadDocumentFieldsDto,
    fileName: string,
    file: Readable,
  ): Promise<CaseDocument> {
    const source = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const head = await readHead(source, DETECTION_BYTES);
    if (head.bytes.length === 0) throw ValidationFailedError.forField('file', 'the file is empty');
    const mimeType = await detectDocumentType(head.bytes);
    if (!mimeType) {
      await drainIterator(source);
      throw new DocumentTypeNotAcceptedError();
    }
    const id = randomUUID();
    const storageKey = randomUUID();
    const sealer = this.streamCipher.sealer(DOCUMENT_FIELD.contentKey, id);
    await this.documents.insertUnfinished({
      id,
      caseId,
      victimId: fields.victimId ?? null,
      kind: fields.kind,
      mimeType,
      fileNameEncrypted: this.cipher.encrypt(DOCUMENT_FIELD.fileName, id, safeFileName(fileName)),
      contentKey: sealer.wrappedKey,
      storageKey,
      uploadedBy: actor.id,
    });
    const unfinished = { id, storageKey } as CaseDocument;
    try {
      const hash = createHash('sha256');
      let size = 0;
      const counted = async function* (): AsyncGenerator<Buffer> {
        let piece = head.bytes;
        for (;;) {
          size += piece.length;
          if (size > MAX_DOCUMENT_BYTES) {
            await drainIterator(source);
            throw new DocumentTooLargeError();
          }
          hash.update(piece);
          yield piece;
          if (head.done) return;
          const next = await source.next();
          if (next.done) return;
          piece = next.value;
        }
      };
      await this.storage.write(storageKey, sealChunks(counted(), sealer));
      if ((file as Readable & { truncated?: boolean }).truncated) throw new DocumentTooLargeError();
      return await this.dataSource.transaction(async (manager) => {
        const locked = await this.cases.lockForUpdate(caseId, manager, 'for_no_key_update');
        if (!locked || !CaseAccess.canRead(actor, locked)) throw new CaseNotFoundError();
        if (!CaseAccess.canWrite(actor, locked)) throw new CaseReadOnlyError();
        const document = await this.documents.markStored(
          id,
          { sizeBytes: size, sha256: hash.digest('hex') },
          manager,
        );
        await this.audit.record(manager, actor, {
          action: 'document.uploaded',
          entityType: 'document',
          entityId: id,
          caseId,
          changes: {
            kind: document.kind,
            victimId: document.victimId,
            mimeType: document.mimeType,
            sizeBytes: document.sizeBytes,
            sha256: document.sha256,
          },
        });
        return document;
      });
    } catch (error) {
      await this.discard(unfinished);
      throw error;
    }
  }

  /** Removes an upload's content and row; a failure here is logged, the sweep retries later. */
  private async discard(document: Pick<CaseDocument, 'id' | 'storageKey'>): Promise<void> {
    try {
      await this.storage.remove(document.storageKey);
      await this.documents.deleteUnfinished(document.id);
    } catch (error) {
      this.logger.warn(
        { documentId: document.id, err: { type: (error as Error).name } },
        'An unfinished upload could not be removed; the next upload sweeps it',
      );
    }
  }

  /**
   * Uploads cut off by a stopped process leave a row without `stored_at` and some chunks: the
   * next upload removes those older than an hour. Best effort: a failure must not refuse an upload.
   */
  private async sweepAbandoned(): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        for (const abandoned of await this.documents.lockAbandoned(manager)) {
          await this.storage.remove(abandoned.storageKey, manager);
          await this.documents.deleteUnfinished(abandoned.id, manager);
        }
      });
    } catch (error) {
      this.logger.warn(
        { err: { type: (error as Error).name } },
        'Sweeping unfinished uploads failed',
      );
    }
  }

  /**
   * Opens the content and reads its first chunk before anything is sent: a document whose key or
   * first chunk fails its check is refused whole. A failure further in cuts the download (the
   * client sees an incomplete file, never a wrong one).
   */
  private async openContent(document: CaseDocument): Promise<DocumentDownload> {
    let opener;
    try {
      opener = this.streamCipher.opener(
        DOCUMENT_FIELD.contentKey,
        document.id,
        document.contentKey,
      );
    } catch {
      throw new DocumentUnreadableError();
    }
    const chunks = openChunks(this.storage.read(document.storageKey), opener);
    let first: IteratorResult<Buffer>;
    try {
      first = await chunks.next();
    } catch (error) {
      this.reportCorrupt(document, error);
      throw new DocumentUnreadableError();
    }
    const report = (error: unknown) => this.reportCorrupt(document, error);
    const rest = async function* (): AsyncGenerator<Buffer> {
      if (!first.done) yield first.value;
      try {
        for (;;) {
          const next = await chunks.next();
          if (next.done) return;
          yield next.value;
        }
      } catch (error) {
        report(error);
        throw error;
      }
    };
    return {
      fileName: this.fileNameOf(document),
      mimeType: document.mimeType,
      sizeBytes: document.sizeBytes!,
      stream: Readable.from(rest(), { objectMode: false }),
    };
  }

  private reportCorrupt(document: CaseDocument, error: unknown): void {
    if (!(error instanceof SealedStreamCorruptError)) return;
    this.logger.error(
      { documentId: document.id, reason: error.message },
      'A stored document failed its integrity check',
    );
  }

  private fileNameOf(document: CaseDocument): string {
    return this.cipher.decrypt(DOCUMENT_FIELD.fileName, document.id, document.fileNameEncrypted);
  }

  private async present(
    actor: AuthenticatedUser,
    record: CaseScope,
    rows: CaseDocument[],
  ): Promise<DocumentDto[]> {
    const mayOpen = CaseAccess.canRevealIdentity(actor, record);
    const names = await this.users.fullNamesOf(rows.map((row) => row.uploadedBy));
    return rows.map((row) => ({
      id: row.id,
      caseId: row.caseId,
      victimId: row.victimId,
      kind: row.kind,
      mimeType: row.mimeType,
      sizeBytes: row.sizeBytes!,
      sha256: row.sha256!,
      fileName: mayOpen ? this.fileNameOf(row) : null,
      uploadedBy: { id: row.uploadedBy, fullName: names.get(row.uploadedBy) ?? '' },
      uploadedAt: row.storedAt!,
    }));
  }
}

/** At least `size` bytes from the start of a stream (fewer if it ends first). */
async function readHead(
  source: AsyncIterator<Buffer>,
  size: number,
): Promise<{ bytes: Buffer; done: boolean }> {
  const pieces: Buffer[] = [];
  let length = 0;
  while (length < size) {
    const next = await source.next();
    if (next.done) return { bytes: Buffer.concat(pieces), done: true };
    pieces.push(next.value);
    length += next.value.length;
  }
  return { bytes: Buffer.concat(pieces), done: false };
}

/** Reads a refused file to its end, so the rest of the form (and the answer) can follow. */
async function drainIterator(source: AsyncIterator<Buffer>): Promise<void> {
  for (;;) {
    const next = await source.next().catch(() => ({ done: true as const, value: undefined }));
    if (next.done) return;
  }
}

async function drain(part: UploadPart): Promise<void> {
  if (part.type === 'file') await drainIterator(part.file[Symbol.asyncIterator]());
}

/**
 * The name as uploaded, without any path a browser may send, control characters, or more than
 * 200 characters; "document" when nothing is left.
 */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((character) => character.charCodeAt(0) > 0x1f && character !== '\u007f')
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'document' : cleaned;
}
