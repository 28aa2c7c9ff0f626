import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PersonalDataCipher } from './personal-data-cipher';

/** Plaintext bytes per sealed chunk: small enough to stream, large enough that tags cost ~0%. */
export const STREAM_CHUNK_SIZE = 64 * 1024;
const TAG_LENGTH = 16;
const NONCE_LENGTH = 12;
const STREAM_FORMAT = Buffer.from('jejak stream v1');

/** A sealed stream that was cut short, reordered, spliced or altered. */
export class SealedStreamCorruptError extends Error {
  override name = 'SealedStreamCorruptError';
  readonly messageIsSafe = true;
  constructor(reason: string) {
    super(`A sealed stream failed its integrity check: ${reason}`);
  }
}

export interface StreamSealer {
  /** The stream's own key, wrapped under the current personal-data key: store it with the row. */
  readonly wrappedKey: string;
  /** Seals chunk `index`; `final` marks the last one, so a cut stream is recognised. */
  seal(index: number, plaintext: Buffer, final: boolean): Buffer;
}

export interface StreamOpener {
  /** Opens chunk `index`; `final` says whether the reader believes it is the last one. */
  open(index: number, sealed: Buffer, final: boolean): Buffer;
}

/**
 * Encryption of large personal data (scanned passports, death certificates) with the personal-data
 * keys, chunk by chunk, so that 20 MB never has to sit in memory whole.
 *
 * Each stream gets a random 256-bit key of its own. That key is wrapped with PersonalDataCipher
 * (AES-256-GCM under the current DATA_KEY, bound to the column and the row), so rotating DATA_KEY
 * rewraps 60 bytes per stream instead of re-encrypting every file, and a wrapped key copied to
 * another row does not open there.
 *
 * Chunks are AES-256-GCM under the stream key. Because a key seals one stream only, the nonce can
 * be the chunk's index (never reused under that key). The associated data carries the index and a
 * final-chunk flag (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár): a chunk
 * moved to another position fails its tag, and a stream cut after any chunk fails because that
 * chunk was not sealed as final. A reader must therefore insist that exactly the last chunk it
 * reads opens as final, which `openChunks` does.
 */
@Injectable()
export class PersonalDataStreamCipher {
  constructor(private readonly cipher: PersonalDataCipher) {}

  /** `field` names where the wrapped key is kept (`case_documents.content_key`), `rowId` its row. */
  sealer(field: string, rowId: string): StreamSealer {
    const key = randomBytes(32);
    const wrappedKey = this.cipher.encrypt(field, rowId, key.toString('base64'));
    return {
      wrappedKey,
      seal(index, plaintext, final) {
        const cipher = createCipheriv('aes-256-gcm', key, nonceOf(index));
        cipher.setAAD(associatedData(index, final));
        return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      },
    };
  }

  /** Throws PersonalDataUnreadableError when the wrapped key does not belong to this row. */
  opener(field: string, rowId: string, wrappedKey: string): StreamOpener {
    const key = Buffer.from(this.cipher.decrypt(field, rowId, wrappedKey), 'base64');
    return {
      open(index, sealed, final) {
        if (sealed.length < TAG_LENGTH) throw new SealedStreamCorruptError(`chunk ${index} short`);
        const decipher = createDecipheriv('aes-256-gcm', key, nonceOf(index));
        decipher.setAAD(associatedData(index, final));
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
        try {
          return Buffer.concat([
            decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH)),
            decipher.final(),
          ]);
        } catch {
          throw new SealedStreamCorruptError(
            final ? `chunk ${index} is not the sealed end` : `chunk ${index} fails its tag`,
          );
        }
      },
    };
  }
}

/**
 * Regroups a byte stream into STREAM_CHUNK_SIZE chunks and seals them, holding one chunk back so
 * the last can be sealed as final. An empty source gives one empty final chunk.
 */
export async function* sealChunks(
  source: AsyncIterable<Buffer>,
  sealer: StreamSealer,
): AsyncGenerator<{ index: number; sealed: Buffer }> {
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  for await (const piece of source) {
    pending = pending.length === 0 ? piece : Buffer.concat([pending, piece]);
    // Strictly more than a chunk: what remains may be the end, which must be sealed as final.
    while (pending.length > STREAM_CHUNK_SIZE) {
      yield { index, sealed: sealer.seal(index, pending.subarray(0, STREAM_CHUNK_SIZE), false) };
      pending = pending.subarray(STREAM_CHUNK_SIZE);
      index += 1;
    }
  }
  yield { index, sealed: sealer.seal(index, pending, true) };
}

/**
 * Opens sealed chunks read in order. The reader must hold one back to know which is last; a
 * missing, repeated or reordered chunk, or a missing end, throws SealedStreamCorruptError.
 */
export async function* openChunks(
  source: AsyncIterable<{ index: number; sealed: Buffer }>,
  opener: StreamOpener,
): AsyncGenerator<Buffer> {
  let held: { index: number; sealed: Buffer } | undefined;
  let expected = 0;
  for await (const chunk of source) {
    if (chunk.index !== expected)
      throw new SealedStreamCorruptError(`chunk ${expected} missing (got ${chunk.index})`);
    expected += 1;
    if (held) yield opener.open(held.index, held.sealed, false);
    held = chunk;
  }
  if (!held) throw new SealedStreamCorruptError('no chunks');
  yield opener.open(held.index, held.sealed, true);
}

function nonceOf(index: number): Buffer {
  const nonce = Buffer.alloc(NONCE_LENGTH);
  nonce.writeBigUInt64BE(BigInt(index), NONCE_LENGTH - 8);
  return nonce;
}

function associatedData(index: number, final: boolean): Buffer {
  const data = Buffer.alloc(STREAM_FORMAT.length + 9);
  STREAM_FORMAT.copy(data);
  data.writeBigUInt64BE(BigInt(index), STREAM_FORMAT.length);
  data[STREAM_FORMAT.length + 8] = final ? 1 : 0;
  return data;
}
