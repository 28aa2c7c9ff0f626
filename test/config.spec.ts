import { parseDataKeys } from '../src/config/app-config';
import {
  ConfigurationError,
  validateDatabaseEnvironment,
  validateEnvironment,
} from '../src/config/environment';

const PRODUCTION_LIKE = {
  DATABASE_URL: 'postgres://jejak:secret@db.internal:5432/jejak',
  REDIS_URL: 'redis://cache.internal:6379',
  APP_SECRET: 'a'.repeat(40),
  DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
  SMTP_URL: 'smtp://mailer:secret@mail.internal:587',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('needs nothing at all for the embedded default, and applies the documented defaults', () => {
    const vars = validateEnvironment({});
    expect(vars).toMatchObject({
      APP_ROLE: 'all',
      PORT: 3000,
      LOG_LEVEL: 'info',
      DATA_DIR: './data',
      MIGRATIONS_RUN: true,
      MAIL_FROM: 'Jejak <no-reply@jejak.local>',
    });
    expect(vars.DATABASE_URL).toBeUndefined();
    expect(vars.REDIS_URL).toBeUndefined();
  });

  it('accepts a complete production configuration', () => {
    const vars = validateEnvironment({
      ...PRODUCTION_LIKE,
      PORT: '8080',
      APP_ROLE: 'worker',
      PUBLIC_BASE_URL: 'https://jejak.lampungselatan.go.id',
      SMTP_URL: 'smtps://user:pass@mail.example.org:465',
      MAIL_FROM: 'Jejak Lampung Selatan <jejak@lampungselatan.go.id>',
      LOG_LEVEL: 'warn',
      MIGRATIONS_RUN: 'false',
    });
    expect(vars).toMatchObject({
      PORT: 8080,
      APP_ROLE: 'worker',
      MIGRATIONS_RUN: false,
      LOG_LEVEL: 'warn',
    });
  });

  it('lists every bad variable in one error, without echoing secrets', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://nope',
      REDIS_URL: 'localhost:6379',
      PORT: 'eighty',
      APP_ROLE: 'everything',
      LOG_LEVEL: 'loud',
      APP_SECRET: 'short-secret-value',
      DATA_KEY: 'not-base64-key',
      PUBLIC_BASE_URL: 'jejak.example.org',
      SMTP_URL: 'mail.example.org',
      MIGRATIONS_RUN: 'perhaps',
      ADMIN_EMAIL: 'admin',
      ADMIN_PASSWORD: 'short',
    });
    const names = problems.map((problem) => problem.split(' ')[0]);
    expect([...new Set(names)].sort()).toEqual(
      [
        'ADMIN_EMAIL',
        'ADMIN_PASSWORD',
        'APP_ROLE',
        'APP_SECRET',
        'DATABASE_URL',
        'DATA_KEY',
        'LOG_LEVEL',
        'MIGRATIONS_RUN',
        'PORT',
        'PUBLIC_BASE_URL',
        'REDIS_URL',
        'SMTP_URL',
      ].sort(),
    );
    const text = problems.join('\n');
    expect(text).toContain('PORT must be an integer (got "eighty")');
    for (const secret of [
      'short-secret-value',
      'not-base64-key',
      'mysql://nope',
      'mail.example.org',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(new ConfigurationError(problems).message).toMatch(/^Invalid configuration:\n {2}- /);
  });

  it('requires APP_SECRET, DATA_KEY and SMTP_URL once an external database is configured', () => {
    const problems = problemsOf({ DATABASE_URL: PRODUCTION_LIKE.DATABASE_URL });
    expect(problems).toHaveLength(3);
    expect(
      problems.some((p) => p.startsWith('SMTP_URL is required when DATABASE_URL is set')),
    ).toBe(true);
    expect(
      problems.some((p) => p.startsWith('APP_SECRET is required when DATABASE_URL is set')),
    ).toBe(true);
    expect(
      problems.some((p) => p.startsWith('DATA_KEY is required when DATABASE_URL is set')),
    ).toBe(true);
  });

  it.each([
    ['DATABASE_URL', 'postgres://u:p@db.internal:99999/jejak'],
    ['DATABASE_URL', 'postgres://u:p@db.internal:5432/'],
    ['REDIS_URL', 'redis://cache.internal:6379/abc'],
    ['REDIS_URL', 'redis://h:abc'],
    ['PUBLIC_BASE_URL', 'https://jejak.example.go.id/?x=1'],
    ['PUBLIC_BASE_URL', 'https://jejak.example.go.id/#top'],
    ['SMTP_URL', 'http://mail.internal'],
  ])('refuses %s=%s with a message instead of crashing later', (name, value) => {
    const problems = problemsOf({ ...PRODUCTION_LIKE, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} must be`));
  });

  it('takes an owner URL for migrations beside the service role, and hides it like the other', () => {
    const owner = 'postgres://jejak_owner:owner-secret@db.internal:5432/jejak';
    expect(
      validateEnvironment({ ...PRODUCTION_LIKE, MIGRATION_DATABASE_URL: owner }),
    ).toMatchObject({ MIGRATION_DATABASE_URL: owner });
    const problems = problemsOf({
      ...PRODUCTION_LIKE,
      MIGRATION_DATABASE_URL: 'postgres://jejak_owner:owner-secret@db.internal:99999/jejak',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^MIGRATION_DATABASE_URL must be .*\(value hidden\)$/),
    ]);
    expect(problemsOf({ MIGRATION_DATABASE_URL: owner })).toEqual([
      'MIGRATION_DATABASE_URL needs DATABASE_URL (the role the service runs as)',
    ]);
  });

  it('reads the database settings alone for tools, by the same rules, without secrets', () => {
    const url = 'postgres://jejak:secret@db.internal:5432/jejak';
    const owner = 'postgres://jejak_owner:owner-secret@db.internal:5432/jejak';
    expect(validateDatabaseEnvironment({ DATABASE_URL: url, PORT: 'eighty' })).toEqual({
      databaseUrl: url,
      ownerUrl: url,
    });
    expect(
      validateDatabaseEnvironment({ DATABASE_URL: url, MIGRATION_DATABASE_URL: owner }),
    ).toEqual({ databaseUrl: url, ownerUrl: owner });
    expect(validateDatabaseEnvironment({ DATABASE_URL: '' })).toEqual({
      databaseUrl: undefined,
      ownerUrl: undefined,
    });
    const problems = (env: Record<string, string>) => {
      try {
        validateDatabaseEnvironment(env);
        return [];
      } catch (error) {
        if (error instanceof ConfigurationError) return error.problems;
        throw error;
      }
    };
    expect(problems({ DATABASE_URL: 'mysql://root:hunter2@db/jejak' })).toEqual([
      expect.stringMatching(/^DATABASE_URL must be .*\(value hidden\)$/),
    ]);
    expect(problems({ MIGRATION_DATABASE_URL: owner })).toEqual([
      'MIGRATION_DATABASE_URL needs DATABASE_URL (the role the service runs as)',
    ]);
  });

  it('treats empty variables as unset', () => {
    const vars = validateEnvironment({ PORT: '', DATABASE_URL: '' });
    expect(vars.PORT).toBe(3000);
    expect(vars.DATABASE_URL).toBeUndefined();
  });

  it('reads data keys with ids for rotation: the first encrypts, the rest decrypt', () => {
    const current = Buffer.alloc(32, 2).toString('base64');
    const previous = Buffer.alloc(32, 3).toString('base64');
    expect(
      validateEnvironment({
        ...PRODUCTION_LIKE,
        DATA_KEY: `2026b:${current},2026a:${previous}`,
        BLIND_INDEX_KEY: previous,
      }),
    ).toBeDefined();
    const keys = parseDataKeys(`2026b:${current},2026a:${previous}`);
    expect(keys.map((k) => k.id)).toEqual(['2026b', '2026a']);
    expect(keys[0].key).toEqual(Buffer.alloc(32, 2));
    // Without an explicit id, a key is named by its fingerprint, wherever it stands in the list.
    const alone = parseDataKeys(previous)[0].id;
    expect(alone).toMatch(/^[0-9a-f]{8}$/);
    expect(parseDataKeys(`${current},${previous}`)[1].id).toBe(alone);
    expect(problemsOf({ ...PRODUCTION_LIKE, DATA_KEY: `a:${current},a:${previous}` })).toEqual([
      'DATA_KEY names the same key id twice',
    ]);
    expect(
      problemsOf({ ...PRODUCTION_LIKE, DATA_KEY: Buffer.alloc(16, 1).toString('base64') }),
    ).toHaveLength(1);
  });
});
