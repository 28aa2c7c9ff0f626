import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  KeyObject,
  randomFillSync,
} from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type DataKey } from '../../config/app-config';
import { AppError, ErrorKind } from '../errors/app-error';

/** Bound to the column only: values written before ciphertexts named their row. */
const COLUMN_BOUND = 'v1';
/** Bound to the column and the row: a value copied to another row does not decrypt there. */
const ROW_BOUND = 'v2';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
/** IVs drawn from the system's CSPRNG this many at a time: one call per IV cost more than AES. */
const IVS_PER_DRAW = 256;

export class UnknownDataKeyError extends Error {
  override name = 'UnknownDataKeyError';
  readonly messageIsSafe = true;
  constructor(keyId: string) {
    super(`No DATA_KEY with id "${keyId}" is configured; data encrypted with it cannot be read`);
  }
}

/** A stored value that fails its integrity check: tampered with, or moved from another row. */
export class PersonalDataUnreadableError extends AppError {
  constructor() {
    super(
      ErrorKind.Conflict,
      'PERSONAL_DATA.UNREADABLE',
      'Stored personal data on this record failed its integrity check and cannot be shown; ' +
        'an administrator must restore it from a backup or enter it again',
    );
  }
}

/**
 * AES-256-GCM for personal fields (NIK, passport, phones, street addresses), and keyed hashes
 * (HMAC-SHA256) that let those fields be matched exactly without being readable.
 *
 * A ciphertext reads `v2:<key id>:<iv>:<data+tag>` and names its key, so keys can rotate: the
 * first DATA_KEY encrypts, every listed key decrypts. The column (`victims.nik`) and the row's id
 * are bound in as associated data, so a NIK cannot be copied into a phone column, nor into another
 * person's row, and be decrypted there. `v1` values, bound to the column only, still decrypt.
 *
 * The hashing key is BLIND_INDEX_KEY's, apart from the data keys, so reordering or retiring data
 * keys never changes a hash.
 */
@Injectable()
export class PersonalDataCipher {
  private readonly logger = new Logger('PersonalData');
  private readonly encryptionKeyId: DataKey['id'];
  private readonly encryptionKey: KeyObject;
  // Key objects made once: from a Buffer, Node 24 builds one per call, which tripled the cost of
  // an encryption and made a keyed hash nine times dearer.
  private readonly keysById: Map<string, KeyObject>;
  private readonly hashKey: KeyObject;
  private readonly ivs = Buffer.alloc(IV_LENGTH * IVS_PER_DRAW);
  private ivsUsed = IVS_PER_DRAW;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'dataKeys' | 'blindIndexKey'>) {
    this.keysById = new Map(config.dataKeys.map((key) => [key.id, createSecretKey(key.key)]));
    this.encryptionKeyId = config.dataKeys[0].id;
    this.encryptionKey = this.keysById.get(this.encryptionKeyId)!;
    this.hashKey = createSecretKey(config.blindIndexKey);
  }

  /** A fresh random IV, never handed out twice: the pool is refilled once every IV was taken. */
  private nextIv(): Buffer {
    if (this.ivsUsed === IVS_PER_DRAW) {
      randomFillSync(this.ivs);
      this.ivsUsed = 0;
    }
    const start = this.ivsUsed * IV_LENGTH;
    this.ivsUsed += 1;
    return Buffer.from(this.ivs.subarray(start, start + IV_LENGTH));
  }

  /** `field` names the column (`victims.nik`), `rowId` the row the value is stored in. */
  encrypt(field: string, rowId: string, plaintext: string): string;
  encrypt(field: string, rowId: string, plaintext: string | null | undefined): string | null;
  encrypt(field: string, rowId: string, plaintext: string | null | undefined): string | null {
    if (plaintext === null || plaintext === undefined) return null;
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(associatedData(ROW_BOUND, field, rowId));
    const data = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return [ROW_BOUND, this.encryptionKeyId, iv.toString('base64'), data.toString('base64')].join(
      ':',
    );
  }

  /** The plaintext, or PersonalDataUnreadableError when the value does not belong here. */
  decrypt(field: string, rowId: string, stored: string): string;
  decrypt(field: string, rowId: string, stored: string | null): string | null;
  decrypt(field: string, rowId: string, stored: string | null): string | null {
    if (stored === null) return null;
    const keyId = stored.split(':')[1];
    if (keyId !== undefined && keyId !== '' && !this.keysById.has(keyId))
      throw new UnknownDataKeyError(keyId);
    const plaintext = this.tryDecrypt(field, rowId, stored);
    if (plaintext !== undefined) return plaintext;
    // Which column of which row, never the value: enough for an administrator to find it.
    this.logger.warn({ field, rowId }, 'A stored personal-data value cannot be decrypted');
    throw new PersonalDataUnreadableError();
  }

  /** The plaintext, or undefined for a value that is malformed, foreign or under an unknown key. */
  tryDecrypt(field: string, rowId: string, stored: string): string | undefined {
    const [format, keyId, iv, data] = stored.split(':');
    if ((format !== ROW_BOUND && format !== COLUMN_BOUND) || !keyId || !iv || !data)
      return undefined;
    const key = this.keysById.get(keyId);
    const bytes = Buffer.from(data, 'base64');
    if (!key || bytes.length < TAG_LENGTH) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(associatedData(format, field, rowId));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_LENGTH));
      return Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - TAG_LENGTH)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
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
    return this.encryptionKeyId;
  }
}

function associatedData(format: string, field: string, rowId: string): Buffer {
  return Buffer.from(format === COLUMN_BOUND ? field : `${field}\u0000${rowId}`);
}
