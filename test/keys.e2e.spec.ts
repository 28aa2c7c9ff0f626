import { createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataCipher } from '../src/common/crypto/personal-data-cipher';
import { SignedTokens } from '../src/common/crypto/signed-tokens';
import { AppConfig, KEY_PURPOSES } from '../src/config/app-config';
import { ConfigurationError, validateEnvironment } from '../src/config/environment';
import {
  buildConfig,
  loadOrCreateLocalSecrets,
  prepareRuntime,
  secretsFromEnvironment,
} from '../src/infrastructure/runtime';
import { AccessTokenService } from '../src/modules/auth/access-token.service';
import { ReferralLinksService } from '../src/modules/referrals/referral-links.service';
import { UserRole } from '../src/modules/users/user-role';
import { bearer, createUser, SignedInUser } from './support/factories';
import { referralWorld, ReferralWorld } from './support/referral-fixtures';
import { createReferral, legalAidReferral } from './support/referral-helpers';
import { startTestApp, TEST_APP_SECRET, TEST_DATA_KEY, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-env';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const PRODUCTION_LIKE = {
  DATABASE_URL: 'postgres://jejak:secret@db.internal:5432/jejak',
  APP_SECRET: 'a'.repeat(40),
  DATA_KEY: `a:${KEY_A}`,
  SMTP_URL: 'smtp://mail.internal:587',
};

function configFor(env: Record<string, string>): AppConfig {
  const vars = validateEnvironment({ ...PRODUCTION_LIKE, ...env });
  return buildConfig(vars, {
    databaseUrl: vars.DATABASE_URL!,
    migrationUrl: vars.DATABASE_URL!,
    separateRoles: false,
    embedded: false,
    dataDir: tmpdir(),
    secrets: secretsFromEnvironment(vars),
  });
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnvironment({ ...PRODUCTION_LIKE, ...env });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

/** The blind index as it was computed before BLIND_INDEX_KEY: keyed from a raw data key. */
function hashAsBefore(rawKeyBase64: string, kind: string, value: string): string {
  const key = Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(rawKeyBase64, 'base64'),
      Buffer.alloc(0),
      'jejak blind index v1',
      32,
    ),
  );
  return createHmac('sha256', key).update(`${kind}\u0000${value}`).digest('hex');
}

describe('a key for each purpose', () => {
  it('derives a different key per purpose, and a version changes only its own', () => {
    const base = configFor({});
    const exported = KEY_PURPOSES.map((purpose) => base.keys[purpose].key.export().toString('hex'));
    expect(new Set(exported).size).toBe(KEY_PURPOSES.length);
    expect(exported).not.toContain(Buffer.from(PRODUCTION_LIKE.APP_SECRET).toString('hex'));

    const rotated = configFor({ ACTION_LINK_KEY_VERSION: '2' });
    for (const purpose of KEY_PURPOSES) {
      const same = rotated.keys[purpose].key.equals(base.keys[purpose].key);
      expect([purpose, same]).toEqual([purpose, purpose !== 'actionLinks']);
    }
    expect(rotated.keys.actionLinks.version).toBe(2);
  });

  it('signs links per purpose: a link of one kind is no link of another, and rotation is per kind', () => {
    const before = new SignedTokens(configFor({}));
    const id = randomUUID();
    const actionLink = before.sign('actionLinks', id);
    const passwordLink = before.sign('passwordLinks', id);
    expect(before.verify('actionLinks', actionLink)).toEqual({ id, legacy: false });
    expect(before.verify('passwordLinks', actionLink)).toBeUndefined();
    expect(before.verify('actionLinks', passwordLink)).toBeUndefined();

    const afterRotation = new SignedTokens(configFor({ ACTION_LINK_KEY_VERSION: '2' }));
    expect(afterRotation.verify('actionLinks', actionLink)).toBeUndefined();
    expect(afterRotation.verify('passwordLinks', passwordLink)).toEqual({ id, legacy: false });
  });

  it('signs everyone out when the access-token key version is raised, and only then', async () => {
    const tokensFor = (config: AppConfig) =>
      new AccessTokenService(new JwtService({ secret: config.keys.accessTokens.key }), config);
    const token = await tokensFor(configFor({})).issue(randomUUID(), 1);
    expect(await tokensFor(configFor({ PASSWORD_LINK_KEY_VERSION: '3' })).verify(token)).toEqual(
      expect.objectContaining({ tv: 1 }),
    );
    expect(await tokensFor(configFor({ ACCESS_TOKEN_KEY_VERSION: '2' })).verify(token)).toBe(
      undefined,
    );
  });
});

describe('personal-data encryption', () => {
  // IVs come from a pool drawn from the CSPRNG many at a time: a repeat under one key would let
  // AES-GCM's authentication key be recovered.
  it('encrypts with an IV never used before, across many draws of the IV pool', () => {
    const cipher = new PersonalDataCipher(configFor({}));
    const rowId = '0b5c4d56-8a8e-4a55-9d8b-5a4b1b8f9e01';
    const stored = Array.from({ length: 2000 }, () =>
      cipher.encrypt('victims.nik', rowId, '1801061203880003'),
    );
    const ivs = new Set(stored.map((value) => value.split(':')[2]));
    expect(ivs.size).toBe(stored.length);
    for (const iv of ivs) expect(Buffer.from(iv, 'base64')).toHaveLength(12);
    for (const value of stored.slice(0, 600))
      expect(cipher.decrypt('victims.nik', rowId, value)).toBe('1801061203880003');
    expect(cipher.tryDecrypt('victims.nik', randomUUID(), stored[0])).toBeUndefined();
    expect(cipher.tryDecrypt('victims.passport_number', rowId, stored[0])).toBeUndefined();
  });
});

describe('the blind-index key', () => {
  it('must be named once DATA_KEY lists several keys, and says which one it was', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ DATA_KEY: `b:${KEY_B},a:${KEY_A}` })).toEqual([
      expect.stringMatching(/^BLIND_INDEX_KEY is required when DATA_KEY lists several keys.*"a"/),
    ]);
    expect(problemsOf({ DATA_KEY: `b:${KEY_B},a:${KEY_A}`, BLIND_INDEX_KEY: KEY_A })).toEqual([]);
    expect(problemsOf({ BLIND_INDEX_KEY: 'a:short' })).toEqual([
      expect.stringMatching(/^BLIND_INDEX_KEY must be 32 random bytes/),
    ]);
  });

  it('keeps the hashes of an existing install, whatever the order of DATA_KEY', () => {
    const single = new PersonalDataCipher(configFor({}));
    const rotatedOneWay = new PersonalDataCipher(
      configFor({ DATA_KEY: `b:${KEY_B},a:${KEY_A}`, BLIND_INDEX_KEY: KEY_A }),
    );
    const rotatedOtherWay = new PersonalDataCipher(
      configFor({ DATA_KEY: `a:${KEY_A},b:${KEY_B}`, BLIND_INDEX_KEY: KEY_A }),
    );
    const expected = hashAsBefore(KEY_A, 'nik', '1801061203880003');
    expect(single.blindIndex('nik', '1801061203880003')).toBe(expected);
    expect(rotatedOneWay.blindIndex('nik', '1801061203880003')).toBe(expected);
    expect(rotatedOtherWay.blindIndex('nik', '1801061203880003')).toBe(expected);
  });

  it('is written into an existing embedded secrets.json as the key its hashes were made with', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'jejak-secrets-'));
    try {
      const file = path.join(dir, 'secrets.json');
      await writeFile(
        file,
        JSON.stringify({ appSecret: 'x'.repeat(64), dataKey: `local1:${KEY_B}` }),
      );
      const vars = validateEnvironment({});
      const upgraded = await loadOrCreateLocalSecrets(dir, vars);
      expect(upgraded.blindIndexKey).toBe(KEY_B);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
        dataKey: `local1:${KEY_B}`,
        blindIndexKey: KEY_B,
      });
      // Later rotations of the data key no longer move it.
      await writeFile(
        file,
        JSON.stringify({
          ...JSON.parse(await readFile(file, 'utf8')),
          dataKey: `local2:${KEY_A},local1:${KEY_B}`,
        }),
      );
      expect((await loadOrCreateLocalSecrets(dir, vars)).blindIndexKey).toBe(KEY_B);

      const fresh = await mkdtemp(path.join(tmpdir(), 'jejak-secrets-'));
      try {
        const generated = await loadOrCreateLocalSecrets(fresh, vars);
        expect(generated.blindIndexKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
        expect(generated.dataKey).not.toContain(generated.blindIndexKey);
        expect((await loadOrCreateLocalSecrets(fresh, vars)).blindIndexKey).toBe(
          generated.blindIndexKey,
        );
      } finally {
        await rm(fresh, { recursive: true, force: true });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('keys against a running database', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let world: ReferralWorld;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, UserRole.Admin);
    world = await referralWorld(t);
  });
  afterAll(() => t.close());

  /** Starts a second service on the same database, as an operator would after changing keys. */
  function restartWith(env: Record<string, string>) {
    return prepareRuntime(
      {
        DATABASE_URL: t.serviceDatabaseUrl,
        MIGRATION_DATABASE_URL: t.databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        APP_SECRET: TEST_APP_SECRET,
        DATA_KEY: TEST_DATA_KEY,
        SMTP_URL: 'smtp://127.0.0.1:2525',
        MIGRATIONS_RUN: 'false',
        ...env,
      },
      () => undefined,
    );
  }

  it('refuses an access token signed with APP_SECRET itself', async () => {
    const ownToken = await t
      .http()
      .get('/api/v1/me')
      .set(...bearer(admin));
    expect(ownToken.status).toBe(200);
    const signedAsBefore = new JwtService().sign(
      { sub: admin.id, tv: 0 },
      { secret: TEST_APP_SECRET, algorithm: 'HS256', issuer: 'jejak', audience: 'jejak-api' },
    );
    const claims = JSON.parse(
      Buffer.from(admin.token.split('.')[1], 'base64url').toString('utf8'),
    ) as { tv: number };
    const forged = new JwtService().sign(
      { sub: admin.id, tv: claims.tv },
      { secret: TEST_APP_SECRET, algorithm: 'HS256', issuer: 'jejak', audience: 'jejak-api' },
    );
    for (const token of [signedAsBefore, forged]) {
      const response = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
    }
  });

  it('honours an action link signed before keys had a purpose only for a link issued then', async () => {
    const referral = await createReferral(
      t,
      world.caseworker,
      world.caseId,
      legalAidReferral(world),
    );
    const links = t.app.get(ReferralLinksService);
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    const link = await dataSource.transaction((manager) =>
      links.issue(manager, referral.id, null, new Date(Date.now() + 86_400_000)),
    );
    const signedAsBefore = `${link.id}.${createHmac('sha256', TEST_APP_SECRET)
      .update(`referral-response:${link.id}`)
      .digest('base64url')}`;
    const current = links.tokenFor(link.id);
    expect(current).not.toBe(signedAsBefore);

    const live = (token: string) =>
      dataSource.transaction((manager) => links.findLive(manager, token));
    const used = (token: string) => dataSource.transaction((manager) => links.use(manager, token));
    await expect(live(current)).resolves.toMatchObject({ id: link.id });
    await expect(live(signedAsBefore)).rejects.toMatchObject({ code: 'REFERRAL.LINK_INVALID' });
    await expect(used(signedAsBefore)).rejects.toMatchObject({ code: 'REFERRAL.LINK_INVALID' });

    // The migration marks the links that existed when it ran.
    await t.db.query(`UPDATE referral_response_links SET legacy_signature = true WHERE id = $1`, [
      link.id,
    ]);
    await expect(live(signedAsBefore)).resolves.toMatchObject({ id: link.id });
    await expect(used(signedAsBefore)).resolves.toMatchObject({ id: link.id });
    await expect(live(current)).resolves.toMatchObject({ id: link.id });
  });

  it("keeps an agency's pre-upgrade webhook secret until it is rotated", async () => {
    const agencyId = world.receivingAgencyId;
    const read = () =>
      t
        .http()
        .get(`/api/v1/agencies/${agencyId}/webhook-secret`)
        .set(...bearer(admin));
    const asBefore = createHmac('sha256', TEST_APP_SECRET)
      .update(`webhook-signing:${agencyId}:1`)
      .digest('base64url');
    const underPurposeKey = (await read()).body as { secret: string; version: number };
    expect(underPurposeKey.secret).not.toBe(asBefore);
    expect(underPurposeKey.secret).toBe(
      createHmac('sha256', t.config.keys.webhooks.key)
        .update(`webhook-signing:${agencyId}:1`)
        .digest('base64url'),
    );

    await t.db.query(`UPDATE agencies SET webhook_secret_legacy = true WHERE id = $1`, [agencyId]);
    expect((await read()).body).toEqual({ secret: asBefore, version: 1 });

    const rotated = await t
      .http()
      .post(`/api/v1/agencies/${agencyId}/webhook-secret`)
      .set(...bearer(admin));
    expect(rotated.status).toBe(201);
    expect(rotated.body.version).toBe(2);
    expect(rotated.body.secret).toBe(
      createHmac('sha256', t.config.keys.webhooks.key)
        .update(`webhook-signing:${agencyId}:2`)
        .digest('base64url'),
    );
    expect((await read()).body).toEqual(rotated.body);
  });

  it('stops at start, with one clear message, on a blind-index key the database was not written with', async () => {
    await expect(restartWith({ BLIND_INDEX_KEY: KEY_B })).rejects.toThrow(
      /BLIND_INDEX_KEY is not the key this database was written with/,
    );
    await expect(restartWith({ BLIND_INDEX_KEY: KEY_B })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    // The right key, named explicitly, starts.
    const [, rawKey] = TEST_DATA_KEY.split(':');
    const started = await restartWith({ BLIND_INDEX_KEY: rawKey });
    await started.stop();
  });

  it('stops at start on a DATA_KEY that cannot read what the database holds', async () => {
    const oldRaw = TEST_DATA_KEY.split(':')[1];
    await expect(
      restartWith({ DATA_KEY: `test1:${KEY_B}`, BLIND_INDEX_KEY: oldRaw }),
    ).rejects.toThrow(/DATA_KEY has no working key "test1"/);
    // Both wrong (the only data key also keyed the hashes): both said at once.
    const both = await restartWith({ DATA_KEY: `test1:${KEY_B}` }).catch((error: unknown) => error);
    expect((both as ConfigurationError).problems).toEqual([
      expect.stringMatching(/^BLIND_INDEX_KEY is not the key/),
      expect.stringMatching(/DATA_KEY has no working key "test1"/),
    ]);
    await expect(
      restartWith({ DATA_KEY: `other:${KEY_B}`, BLIND_INDEX_KEY: TEST_DATA_KEY.split(':')[1] }),
    ).rejects.toThrow(/DATA_KEY has no working key "test1"/);
  });

  it('follows a data-key rotation: the new key is probed too, and the old one stays probed', async () => {
    const oldRaw = TEST_DATA_KEY.split(':')[1];
    const rotated = await restartWith({
      DATA_KEY: `test2:${KEY_B},${TEST_DATA_KEY}`,
      BLIND_INDEX_KEY: oldRaw,
    });
    await rotated.stop();
    const { rows } = await t.db.query(`SELECT value FROM key_checks WHERE name = 'data_keys'`);
    expect(rows[0].value.split(' ').map((probe: string) => probe.split(':')[1])).toEqual([
      'test1',
      'test2',
    ]);
    // Both keys, in either order, still start.
    const again = await restartWith({
      DATA_KEY: `${TEST_DATA_KEY},test2:${KEY_B}`,
      BLIND_INDEX_KEY: oldRaw,
    });
    await again.stop();
  });

  it('refuses to start once a rotated-out data key leaves DATA_KEY, as no tool re-encrypts its data', async () => {
    const oldRaw = TEST_DATA_KEY.split(':')[1];
    const rotated = await restartWith({
      DATA_KEY: `test2:${KEY_B},${TEST_DATA_KEY}`,
      BLIND_INDEX_KEY: oldRaw,
    });
    await rotated.stop();
    const withoutOldKey = await restartWith({
      DATA_KEY: `test2:${KEY_B}`,
      BLIND_INDEX_KEY: oldRaw,
    }).catch((error: unknown) => error);
    expect(withoutOldKey).toBeInstanceOf(ConfigurationError);
    expect((withoutOldKey as ConfigurationError).problems).toEqual([
      expect.stringMatching(
        /^DATA_KEY tidak lagi memuat kunci "test1" .* \/ DATA_KEY has no working key "test1"/,
      ),
    ]);
  });
});

describe('legacy signatures after their purpose key version is raised', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let world: ReferralWorld;

  beforeAll(async () => {
    t = await startTestApp({ env: { ACTION_LINK_KEY_VERSION: '2', WEBHOOK_KEY_VERSION: '2' } });
    admin = await createUser(t, UserRole.Admin);
    world = await referralWorld(t);
  });
  afterAll(() => t.close());

  it('refuses an action link signed with APP_SECRET itself once ACTION_LINK_KEY_VERSION is 2', async () => {
    const referral = await createReferral(
      t,
      world.caseworker,
      world.caseId,
      legalAidReferral(world),
    );
    const links = t.app.get(ReferralLinksService);
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    const link = await dataSource.transaction((manager) =>
      links.issue(manager, referral.id, null, new Date(Date.now() + 86_400_000)),
    );
    await t.db.query(`UPDATE referral_response_links SET legacy_signature = true WHERE id = $1`, [
      link.id,
    ]);
    const signedAsBefore = `${link.id}.${createHmac('sha256', TEST_APP_SECRET)
      .update(`referral-response:${link.id}`)
      .digest('base64url')}`;
    const read = (token: string) =>
      t.http().get('/api/v1/referral-responses').set('X-Response-Token', token);
    expect((await read(signedAsBefore)).status).toBe(404);
    expect((await read(links.tokenFor(link.id))).status).toBe(200);
  });

  it("signs a pre-upgrade agency's webhooks with the new derived secret once WEBHOOK_KEY_VERSION is 2", async () => {
    const agencyId = world.receivingAgencyId;
    await t.db.query(`UPDATE agencies SET webhook_secret_legacy = true WHERE id = $1`, [agencyId]);
    const read = await t
      .http()
      .get(`/api/v1/agencies/${agencyId}/webhook-secret`)
      .set(...bearer(admin));
    expect(t.config.keys.webhooks.version).toBe(2);
    expect(read.body).toEqual({
      secret: createHmac('sha256', t.config.keys.webhooks.key)
        .update(`webhook-signing:${agencyId}:1`)
        .digest('base64url'),
      version: 1,
    });
  });
});
