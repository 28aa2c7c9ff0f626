import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, LessThan, Not, Repository } from 'typeorm';
import { CaseDocument } from './case-document.entity';

export type NewDocument = Pick<
  CaseDocument,
  | 'id'
  | 'caseId'
  | 'victimId'
  | 'kind'
  | 'mimeType'
  | 'fileNameEncrypted'
  | 'contentKey'
  | 'storageKey'
  | 'uploadedBy'
>;

/** Uploads still unfinished after this long were cut off (the process stopped mid-way). */
export const UNFINISHED_UPLOAD_MS = 60 * 60 * 1000;

@Injectable()
export class DocumentsRepository {
  constructor(
    @InjectRepository(CaseDocument) private readonly documents: Repository<CaseDocument>,
  ) {}

  private repo(manager?: EntityManager): Repository<CaseDocument> {
    return manager ? manager.getRepository(CaseDocument) : this.documents;
  }

  /** A row for an upload under way: not listed, nor readable, until `markStored`. */
  async insertUnfinished(document: NewDocument): Promise<void> {
    await this.documents.insert(document);
  }

  async markStored(
    id: string,
    stored: { sizeBytes: number; sha256: string },
    manager: EntityManager,
  ): Promise<CaseDocument> {
    await this.repo(manager).update(
      { id, storedAt: IsNull() },
      { ...stored, storedAt: () => 'now()' },
    );
    return this.repo(manager).findOneByOrFail({ id });
  }

  /** Removes a stored document's row; null when there is none (removed meanwhile). */
  async deleteStored(id: string, manager: EntityManager): Promise<CaseDocument | null> {
    const row = await this.repo(manager).findOne({
      where: { id, storedAt: Not(IsNull()) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) return null;
    await this.repo(manager).delete({ id });
    return row;
  }

  async deleteUnfinished(id: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ id, storedAt: IsNull() });
  }

  /**
   * Unfinished uploads older than UNFINISHED_UPLOAD_MS, locked so that two sweeps never take the
   * same one. Their content and rows go in the caller's transaction.
   */
  lockAbandoned(manager: EntityManager, limit = 20): Promise<CaseDocument[]> {
    return this.repo(manager).find({
      where: {
        storedAt: IsNull(),
        createdAt: LessThan(new Date(Date.now() - UNFINISHED_UPLOAD_MS)),
      },
      order: { createdAt: 'ASC' },
      take: limit,
      lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
    });
  }

  /** Oldest first: the order a case file is put together in. */
  listStoredForCase(caseId: string): Promise<CaseDocument[]> {
    return this.documents.find({
      where: { caseId, storedAt: Not(IsNull()) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  findStored(id: string): Promise<CaseDocument | null> {
    return this.documents.findOneBy({ id, storedAt: Not(IsNull()) });
  }

  /** The ids among `ids` that are stored documents of the case. */
  async storedIdsInCase(caseId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.documents.find({
      where: { id: In(ids), caseId, storedAt: Not(IsNull()) },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  listStoredByIds(caseId: string, ids: string[], manager?: EntityManager): Promise<CaseDocument[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({
      where: { id: In(ids), caseId, storedAt: Not(IsNull()) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
