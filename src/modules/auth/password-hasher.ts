import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';

// scrypt with N=2^15, r=8 (32 MiB per hash), about 100 ms here: memory-hard, and light enough
// that a burst of logins on a two-core server does not starve the API.
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function deriveKey(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

@Injectable()
export class PasswordHasher {
  // Verified against when the account does not exist, so a wrong email costs as long as a wrong password.
  private readonly decoy = this.hash(randomBytes(16).toString('hex'));

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await deriveKey(password, salt, PARAMETERS);
    return [
      'scrypt',
      PARAMETERS.N,
      PARAMETERS.r,
      PARAMETERS.p,
      salt.toString('base64'),
      key.toString('base64'),
    ].join('$');
  }

  async verify(password: string, encoded: string | null | undefined): Promise<boolean> {
    const stored = encoded ?? (await this.decoy);
    const [scheme, n, r, p, salt, key] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64');
    const actual = await deriveKey(password, Buffer.from(salt, 'base64'), {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    });
    return encoded !== null && encoded !== undefined && timingSafeEqual(actual, expected);
  }
}
