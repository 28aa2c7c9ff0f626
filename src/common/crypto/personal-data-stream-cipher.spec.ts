import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { PersonalDataCipher } from './personal-data-cipher';
import {
  openChunks,
  PersonalDataStreamCipher,
  SealedStreamCorruptError,
  sealChunks,
  STREAM_CHUNK_SIZE,
} from './personal-data-stream-cipher';

const FIELD = 'case_documents.content_key';
const ROW = '6a1f4f0e-5d0b-4c57-9a57-1f2b8e1d2c3a';

function cipherWith(...keys: Array<{ id: string; key: Buffer }>): PersonalDataStreamCipher {
  return new PersonalDataStreamCipher(
    new PersonalDataCipher({ dataKeys: keys, blindIndexKey: Buffer.alloc(32, 9) }),
  );
}

function piecesOf(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  const pieces: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size)
    pieces.push(bytes.subarray(start, start + size));
  return listed(pieces);
}

function listed<T>(items: T[]): AsyncIterable<T> {
  return Readable.from(items, { objectMode: true }) as AsyncIterable<T>;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

describe('PersonalDataStreamCipher', () => {
  const key1 = { id: 'k1', key: Buffer.alloc(32, 1) };
  const key2 = { id: 'k2', key: Buffer.alloc(32, 2) };
  const plaintext = randomBytes(STREAM_CHUNK_SIZE * 3 + 123);

  async function sealed(cipher = cipherWith(key1)) {
    const sealer = cipher.sealer(FIELD, ROW);
    // Odd piece sizes: chunks are regrouped whatever the source's pieces are.
    const chunks = await collect(sealChunks(piecesOf(plaintext, 10_007), sealer));
    return { chunks, wrappedKey: sealer.wrappedKey };
  }

  it('seals into fixed-size chunks and opens them back to the same bytes, after a key rotation too', async () => {
    const { chunks, wrappedKey } = await sealed();
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(chunks[0].sealed.length).toBe(STREAM_CHUNK_SIZE + 16);
    expect(Buffer.concat(chunks.map((c) => c.sealed)).includes(plaintext.subarray(0, 32))).toBe(
      false,
    );
    // A new key in front still opens what the old one wrapped.
    const rotated = cipherWith(key2, key1);
    const opened = await collect(
      openChunks(listed(chunks), rotated.opener(FIELD, ROW, wrappedKey)),
    );
    expect(Buffer.concat(opened).equals(plaintext)).toBe(true);
  });

  it('an exact multiple of the chunk size ends with a full final chunk, an empty source with an empty one', async () => {
    const cipher = cipherWith(key1);
    const exact = randomBytes(STREAM_CHUNK_SIZE * 2);
    const sealer = cipher.sealer(FIELD, ROW);
    const chunks = await collect(sealChunks(piecesOf(exact, 4096), sealer));
    expect(chunks).toHaveLength(2);
    const opener = cipher.opener(FIELD, ROW, sealer.wrappedKey);
    expect(Buffer.concat(await collect(openChunks(listed(chunks), opener))).equals(exact)).toBe(
      true,
    );
    const empty = cipher.sealer(FIELD, ROW);
    const none = await collect(sealChunks(listed<Buffer>([]), empty));
    expect(none).toHaveLength(1);
    const openedEmpty = await collect(
      openChunks(listed(none), cipher.opener(FIELD, ROW, empty.wrappedKey)),
    );
    expect(Buffer.concat(openedEmpty).length).toBe(0);
  });

  it('refuses a stream cut short, reordered, or with a chunk from another stream', async () => {
    const cipher = cipherWith(key1);
    const { chunks, wrappedKey } = await sealed(cipher);
    const opener = cipher.opener(FIELD, ROW, wrappedKey);

    // Cut after a whole chunk: the new last chunk was not sealed as final.
    await expect(collect(openChunks(listed(chunks.slice(0, 3)), opener))).rejects.toThrow(
      SealedStreamCorruptError,
    );
    // Two chunks swapped, and renumbered to look in order.
    const swapped = [
      chunks[0],
      { index: 1, sealed: chunks[2].sealed },
      { index: 2, sealed: chunks[1].sealed },
      chunks[3],
    ];
    await expect(collect(openChunks(listed(swapped), opener))).rejects.toThrow(
      SealedStreamCorruptError,
    );
    // A gap in the numbering.
    await expect(
      collect(openChunks(listed([chunks[0], chunks[2], chunks[3]]), opener)),
    ).rejects.toThrow(SealedStreamCorruptError);
    // The same position of another stream (another key).
    const other = await sealed(cipher);
    const spliced = [chunks[0], other.chunks[1], chunks[2], chunks[3]];
    await expect(collect(openChunks(listed(spliced), opener))).rejects.toThrow(
      SealedStreamCorruptError,
    );
    // One flipped bit.
    const flipped = Buffer.from(chunks[3].sealed);
    flipped[0] ^= 1;
    await expect(
      collect(openChunks(listed([...chunks.slice(0, 3), { index: 3, sealed: flipped }]), opener)),
    ).rejects.toThrow(SealedStreamCorruptError);
  });

  it("a stream's key does not open on another row", async () => {
    const cipher = cipherWith(key1);
    const { wrappedKey } = await sealed(cipher);
    expect(() => cipher.opener(FIELD, '00000000-0000-4000-8000-000000000000', wrappedKey)).toThrow(
      /integrity check/,
    );
  });
});
