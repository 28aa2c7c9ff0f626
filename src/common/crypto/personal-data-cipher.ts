import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type DataKey } from '../../config/app-config';

const FORMAT = 'v1';
const IV_LENGTH = 12;

export class UnknownDataKeyError extends Error {
  override name = 'UnknownDataKeyError';
  readonly messageIsSafe = true;
  constructor(keyId: string) {
    super(`No DATA_KEY with id "${keyId}" is configured; data encrypted with it cannot be read`);
  }
}

/**
 * AES-256-GCM for personal fields (NIK, passport, phones, street addresses), and keyed hashes
 * (HMAC-SHA256) that let those fields be matched exactly without being readable.
 *
 * A ciphertext reads `v1:<key id>:<iv>:<data+tag>` and names its key, so keys can rotate: the
 * first DATA_KEY encrypts, every listed key decrypts. The field name is bound in as associated
 * data, so a NIK cannot be copied into a phone column and decrypted there.
 *
 * The hashing key is derived from the last key in DATA_KEY, the oldest by convention: put new
 * keys in front while rotating, and the hashes (and exact-match searches) stay valid.
 */
@Injectable()
export class PersonalDataCipher {
  private readonly encryptionKey: DataKey;
  private readonly keysById: Map<string, Buffer>;
  private readonly hashKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.encryptionKey = config.dataKeys[0];
    this.keysById = new Map(config.dataKeys.map((key) => [key.id, key.key]));
    const oldest = config.dataKeys[config.dataKeys.length - 1].key;
    this.hashKey = Buffer.from(
      hkdfSync('sha256', oldest, Buffer.alloc(0), 'jejak blind index v1', 32),
    );
  }

  encrypt(field: string, plaintext: string): string;
  encrypt(field: string, plaintext: string | null | undefined): string | null;
  encrypt(field: string, plaintext: string | null | undefined): string | null {
    if (plaintext === null || plaintext === undefined) return null;
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey.key, iv);
    cipher.setAAD(Buffer.from(field));
    const data = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return [FORMAT, this.encryptionKey.id, iv.toString('base64'), data.toString('base64')].join(
      ':',
    );
  }

  decrypt(field: string, stored: string): string;
  decrypt(field: string, stored: string | null): string | null;
  decrypt(field: string, stored: string | null): string | null {
    if (stored === null) return null;
    const [format, keyId, iv, data] = stored.split(':');
    if (format !== FORMAT || !keyId || !iv || !data)
      throw new Error('Unrecognised ciphertext format');
    const key = this.keysById.get(keyId);
    if (!key) throw new UnknownDataKeyError(keyId);
    const bytes = Buffer.from(data, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(field));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([
      decipher.update(bytes.subarray(0, bytes.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** Same input, same hash: for exact-match search on an encrypted field. Normalise before. */
  blindIndex(kind: string, normalised: string): string;
  blindIndex(kind: string, normalised: string | null | undefined): string | null;
  blindIndex(kind: string, normalised: string | null | undefined): string | null {
    if (normalised === null || normalised === undefined) return null;
    return createHmac('sha256', this.hashKey).update(`${kind}\u0000${normalised}`).digest('hex');
  }

  /** The id of the key new data is encrypted with. */
  get currentKeyId(): string {
    return this.encryptionKey.id;
  }
}
