import { randomBytes } from 'node:crypto';
import { PasswordHasher } from '../../src/modules/auth/password-hasher';
import { AgencyLevel, AgencyType } from '../../src/modules/agencies/agency.enums';
import { UserRole } from '../../src/modules/users/user-role';
import { TestApp } from './test-app';

export interface AgencyRow {
  id: string;
  short_name: string;
  version: number;
}

export interface SignedInUser {
  id: string;
  email: string;
  password: string;
  role: UserRole;
  agencyId: string;
  token: string;
}

const hasher = new PasswordHasher();
let passwordHashCache: Promise<string> | undefined;
export const FACTORY_PASSWORD = 'factory-password-123';

function unique(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

export async function createAgency(
  t: TestApp,
  overrides: Partial<{
    name: string;
    shortName: string;
    type: AgencyType;
    level: AgencyLevel;
    regionCode: string | null;
    countryCode: string | null;
  }> = {},
): Promise<AgencyRow> {
  const shortName = overrides.shortName ?? unique('Agency');
  const level = overrides.level ?? AgencyLevel.Regency;
  const result = await t.db.query<AgencyRow>(
    `INSERT INTO agencies (name, short_name, type, level, region_code, country_code)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, short_name, version`,
    [
      overrides.name ?? `${shortName} (full name)`,
      shortName,
      overrides.type ?? AgencyType.Disnakertrans,
      level,
      overrides.regionCode !== undefined
        ? overrides.regionCode
        : level === AgencyLevel.Regency
          ? '18.01'
          : null,
      overrides.countryCode ?? null,
    ],
  );
  return result.rows[0];
}

/** Inserts a user with a known password and signs them in through the API. */
export async function createUser(
  t: TestApp,
  role: UserRole,
  options: { agencyId?: string; email?: string } = {},
): Promise<SignedInUser> {
  const agencyId = options.agencyId ?? (await createAgency(t)).id;
  const email = options.email ?? `${unique(role)}@example.org`;
  passwordHashCache ??= hasher.hash(FACTORY_PASSWORD);
  const inserted = await t.db.query<{ id: string }>(
    `INSERT INTO users (email, full_name, role, agency_id, password_hash, password_changed_at)
     VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
    [email, `Test ${role}`, role, agencyId, await passwordHashCache],
  );
  const token = await signIn(t, email, FACTORY_PASSWORD);
  return { id: inserted.rows[0].id, email, password: FACTORY_PASSWORD, role, agencyId, token };
}

export async function signIn(t: TestApp, email: string, password: string): Promise<string> {
  const response = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (response.status !== 200)
    throw new Error(`sign-in failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return (response.body as { accessToken: string }).accessToken;
}

export function bearer(user: { token: string }): [string, string] {
  return ['Authorization', `Bearer ${user.token}`];
}
