import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DocumentStorage, StoredChunk } from './document-storage';

/** Chunks fetched per statement when reading: 16 × 64 KiB, about 1 MiB in memory at a time. */
const CHUNKS_PER_READ = 16;

/**
 * Documents' sealed chunks in the `document_chunks` table (see the CaseDocuments migration for
 * why PostgreSQL and not the disk). Each chunk is its own statement on a pooled connection, so an
 * upload arriving slowly holds no connection between its chunks.
 */
@Injectable()
export class PostgresDocumentStorage implements DocumentStorage {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async write(storageKey: string, chunks: AsyncIterable<StoredChunk>): Promise<void> {
    for await (const chunk of chunks) {
      await this.dataSource.query(
        `INSERT INTO document_chunks (storage_key, chunk_index, sealed) VALUES ($1, $2, $3)`,
        [storageKey, chunk.index, chunk.sealed],
      );
    }
  }

  async *read(storageKey: string): AsyncGenerator<StoredChunk> {
    let next = 0;
    for (;;) {
      const rows = await this.dataSource.query<Array<{ chunk_index: number; sealed: Buffer }>>(
        `SELECT chunk_index, sealed FROM document_chunks
         WHERE storage_key = $1 AND chunk_index >= $2
         ORDER BY chunk_index LIMIT ${CHUNKS_PER_READ}`,
        [storageKey, next],
      );
      for (const row of rows) yield { index: row.chunk_index, sealed: row.sealed };
      if (rows.length < CHUNKS_PER_READ) return;
      next = rows[rows.length - 1].chunk_index + 1;
    }
  }

  async remove(
    storageKey: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(`DELETE FROM document_chunks WHERE storage_key = $1`, [storageKey]);
  }
}
