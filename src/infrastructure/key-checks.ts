import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { ConfigurationError } from '../config/environment';
import { PersonalDataCipher } from '../common/crypto/personal-data-cipher';

/** A fixed text, so the same key always gives the same hash, and a different key never does. */
const PROBE_TEXT = 'jejak key check';
const PROBE_FIELD = 'key_checks.value';

/** Reported like any other configuration problem: one message, and the service does not start. */
export class KeyMismatchError extends ConfigurationError {
  override name = 'KeyMismatchError';
  constructor(problems: string | string[]) {
    super(typeof problems === 'string' ? [problems] : problems);
  }
}

/**
 * Checks the configured keys against what this database was written with, and remembers them on
 * the first start: a hash under the blind-index key (a wrong key would make exact search find
 * nothing, silently) and a ciphertext under the data keys (a wrong key would make every identity
 * read fail). Runs before the service takes a request, so a wrong key stops it with one message.
 */
export async function verifyKeysAgainstDatabase(config: AppConfig): Promise<void> {
  const cipher = new PersonalDataCipher(config);
  const client = new Client({ connectionString: config.database.url });
  await client.connect();
  const problems: string[] = [];
  try {
    const expectedHash = cipher.blindIndex('key-check', PROBE_TEXT);
    const storedHash = await rememberedOrStore(client, 'blind_index', expectedHash);
    if (storedHash !== expectedHash) {
      problems.push(
        'BLIND_INDEX_KEY is not the key this database was written with: exact search by NIK or ' +
          'phone would find nothing. Set BLIND_INDEX_KEY back to the key in use before (an ' +
          'install from before BLIND_INDEX_KEY: the key part of the last DATA_KEY entry).',
      );
    }

    // One probe per data key that ever encrypted here (space-separated in the one row), never
    // advanced nor dropped: nothing re-encrypts stored data, so every such key must stay in DATA_KEY.
    const stored = await rememberedOrStore(
      client,
      'data_keys',
      cipher.encrypt(PROBE_FIELD, 'data_keys', PROBE_TEXT),
    );
    const probes = stored.split(' ').filter((probe) => probe !== '');
    const missing = probes
      .filter((probe) => cipher.tryDecrypt(PROBE_FIELD, 'data_keys', probe) !== PROBE_TEXT)
      .map((probe) => `"${probe.split(':')[1] ?? '?'}"`);
    if (missing.length > 0) {
      const ids = [...new Set(missing)].join(', ');
      problems.push(
        `DATA_KEY tidak lagi memuat kunci ${ids} yang mengenkripsi data di basis data ini: data ` +
          'pribadi tidak dapat dibaca. Kembalikan kunci itu ke DATA_KEY (kunci baru di depan; ' +
          `belum ada alat enkripsi ulang). / DATA_KEY has no working key ${ids}, which ` +
          'encrypted data in this database: personal data could not be read. Put that key back ' +
          'in DATA_KEY (new keys go in front; there is no re-encryption tool yet).',
      );
    }
    if (problems.length > 0) throw new KeyMismatchError(problems);
    if (!probes.some((probe) => probe.split(':')[1] === cipher.currentKeyId)) {
      // Appended in SQL, so two processes starting together cannot drop each other's probe.
      const probe = cipher.encrypt(PROBE_FIELD, 'data_keys', PROBE_TEXT);
      await client.query(
        `UPDATE key_checks SET value = value || ' ' || $1, updated_at = now()
         WHERE name = 'data_keys' AND position($2 IN value) = 0`,
        [probe, `:${cipher.currentKeyId}:`],
      );
    }
  } finally {
    await client.end();
  }
}

async function rememberedOrStore(client: Client, name: string, value: string): Promise<string> {
  try {
    // Several processes may start together on a fresh database: the first value written wins.
    await client.query(
      `INSERT INTO key_checks (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, value],
    );
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') {
      throw new KeyMismatchError(
        'The database has not been migrated (key_checks is missing): run the migrations first',
      );
    }
    throw error;
  }
  const { rows } = await client.query<{ value: string }>(
    'SELECT value FROM key_checks WHERE name = $1',
    [name],
  );
  return rows[0].value;
}
