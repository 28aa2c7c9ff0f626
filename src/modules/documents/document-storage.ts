import type { EntityManager } from 'typeorm';

/** One sealed (encrypted) chunk of a document's content, in order from 0. */
export interface StoredChunk {
  index: number;
  sealed: Buffer;
}

/**
 * Where documents' sealed content is kept, by an opaque storage key. It only ever sees
 * ciphertext: encryption, type checks and access are the documents service's.
 *
 * `write` takes chunks as they arrive and must not hold them all in memory; `read` gives them
 * back in order, fetching as the reader goes. Each write is durable on its own (a slow upload must
 * not hold a database transaction open); a document row is listed only once its content is
 * complete, and the service removes the content of uploads that fail or never finish.
 *
 * PostgreSQL implements it today (PostgresDocumentStorage). An object store would put each chunk
 * as an object (`<key>/<index>`, or one multipart upload per key), list or get them in order, and
 * delete by prefix.
 */
export interface DocumentStorage {
  write(storageKey: string, chunks: AsyncIterable<StoredChunk>): Promise<void>;
  read(storageKey: string): AsyncIterable<StoredChunk>;
  /** Removes everything under the key; nothing there is not an error. */
  remove(storageKey: string, manager?: EntityManager): Promise<void>;
}

export const DOCUMENT_STORAGE = Symbol('DOCUMENT_STORAGE');
