import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConfigurationError } from '../config/environment';
import { buildDataSourceOptions } from '../database/data-source-options';
import { EmbeddedPostgresUnavailableError } from '../infrastructure/embedded-postgres';
import { InfrastructureUnavailableError, prepareRuntime } from '../infrastructure/runtime';
import { PasswordHasher } from '../modules/auth/password-hasher';
import { DEMO_AGENCIES, DEMO_USERS } from './demo-data';

export interface SeedResult {
  agenciesCreated: string[];
  usersCreated: Array<{ email: string; role: string }>;
  password?: string;
}

/**
 * Creates the demo agencies and one user per role. Idempotent: what exists (matched by short name
 * and email) is left as it is, so running it twice changes nothing.
 */
export async function seedDemo(dataSource: DataSource, demoPassword?: string): Promise<SeedResult> {
  const result: SeedResult = { agenciesCreated: [], usersCreated: [] };
  await dataSource.transaction(async (manager) => {
    for (const agency of DEMO_AGENCIES) {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO agencies (name, short_name, type, level, region_code, country_code, contact_emails, time_zone, preferred_language, case_prefix)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT ((lower(short_name))) DO NOTHING RETURNING id`,
        [
          agency.name,
          agency.shortName,
          agency.type,
          agency.level,
          agency.regionCode,
          agency.countryCode,
          agency.contactEmails,
          agency.timeZone,
          agency.preferredLanguage,
          agency.casePrefix ?? null,
        ],
      );
      if (inserted.length > 0) result.agenciesCreated.push(agency.shortName);
    }

    const password = demoPassword ?? randomBytes(9).toString('base64url');
    const passwordHash = await new PasswordHasher().hash(password);
    for (const user of DEMO_USERS) {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO users (email, full_name, role, agency_id, password_hash, password_changed_at)
         SELECT $1, $2, $3, id, $5, now() FROM agencies WHERE lower(short_name) = lower($4)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [user.email, user.fullName, user.role, user.agencyShortName, passwordHash],
      );
      if (inserted.length > 0) result.usersCreated.push({ email: user.email, role: user.role });
    }
    if (result.usersCreated.length > 0) result.password = password;
  });
  return result;
}

const ALLOW_ANY_DATABASE = '--allow-any-database';

class SeedRefusedError extends Error {}

async function main(): Promise<void> {
  // Demo accounts with a shared, printed password have no place next to real victims' data.
  const allowAnyDatabase = process.argv.includes(ALLOW_ANY_DATABASE);
  if (process.env.DATABASE_URL && !allowAnyDatabase) {
    throw new SeedRefusedError(
      `DATABASE_URL is set: the demo seed only runs on the embedded database unless you add ` +
        `${ALLOW_ANY_DATABASE} (npm run seed:demo -- ${ALLOW_ANY_DATABASE}).`,
    );
  }
  const demoPassword = process.env.DEMO_PASSWORD || undefined;
  if (demoPassword !== undefined && demoPassword.length < 12) {
    throw new SeedRefusedError('DEMO_PASSWORD must be at least 12 characters');
  }
  const runtime = await prepareRuntime(process.env, (line) =>
    process.stdout.write(`[jejak] ${line}\n`),
  );
  const dataSource = new DataSource(buildDataSourceOptions(runtime.config.database.url));
  try {
    await dataSource.initialize();
    const result = await seedDemo(dataSource, demoPassword);
    process.stdout.write(
      `Agencies created: ${result.agenciesCreated.length ? result.agenciesCreated.join(', ') : 'none (all existed)'}\n`,
    );
    if (result.usersCreated.length === 0) {
      process.stdout.write('Users created: none (all existed)\n');
    } else {
      process.stdout.write(`Users created (password for all of them: ${result.password}):\n`);
      for (const user of result.usersCreated)
        process.stdout.write(`  ${user.role.padEnd(15)} ${user.email}\n`);
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await runtime.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const expected =
      error instanceof SeedRefusedError ||
      error instanceof ConfigurationError ||
      error instanceof InfrastructureUnavailableError ||
      error instanceof EmbeddedPostgresUnavailableError;
    process.stderr.write(`${expected ? error.message : String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  });
}
