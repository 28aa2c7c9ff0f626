import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ConfigurationError, validateDatabaseEnvironment } from '../config/environment';
import { migrateWithLock } from '../database/migrate';
import { EmbeddedPostgresUnavailableError } from '../infrastructure/embedded-postgres';
import { InfrastructureUnavailableError, prepareRuntime } from '../infrastructure/runtime';
import { PasswordHasher } from '../modules/auth/password-hasher';
import { prefixFromName } from '../modules/cases/cases.service';
import { UserRole } from '../modules/users/user-role';
import {
  DESTINATIONS,
  FAMILY_NAMES,
  GIVEN_NAMES_FEMININE,
  GIVEN_NAMES_MASCULINE,
  ORIGIN_WEIGHTS,
  SCALE_AGENCIES,
  SCALE_EMAIL_DOMAIN,
  ScaleAgency,
  SERVICE_WEIGHTS,
  SERVICES_ABROAD,
  SERVICES_BY_AGENCY_TYPE,
  SYNTHETIC_SUMMARY,
  Weighted,
} from './scale-data';

export interface ScaleSeedOptions {
  cases: number;
  /** Add to a database that already has cases (more than EXISTING_CASES_LIMIT). */
  append?: boolean;
  /** Cases generated and written per statement; each batch is one progress line. */
  batchSize?: number;
  /** Seeds PostgreSQL's random() (-1..1): the same rows again on the same database state. */
  randomSeed?: number;
}

export interface ScaleSeedResult {
  agenciesCreated: number;
  usersCreated: number;
  /** The password of the users this run created (all of them), when it created any. */
  password?: string;
  inserted: { cases: number; victims: number; referrals: number };
  /** Foreign keys and secondary indexes were dropped for the load and built again after it. */
  rebuiltIndexes: boolean;
  /** Rows in each table written to, after the run. */
  totals: Record<string, number>;
  seconds: { load: number; vacuum: number; total: number };
}

/** A database with more cases than this is not an empty one to fill: adding needs --append. */
export const EXISTING_CASES_LIMIT = 500;

/**
 * The queue triggers a bulk load would fire (migrations/1765000001100-CaseQueues.ts). They are
 * disabled inside the load's transaction, so a failure, a lost connection or a killed process
 * rolls the disabling back with the rows: they cannot be left off.
 */
export const QUEUE_TRIGGERS_OFF_DURING_LOAD = [
  { table: 'victims', trigger: 'victims_case_summary_on_insert' },
  { table: 'referrals', trigger: 'referrals_case_due_on_insert' },
] as const;

export class SeedRefusedError extends Error {
  override name = 'SeedRefusedError';
}

const DEFAULT_BATCH_SIZE = 10_000;
const MAX_CASES = 5_000_000;
/**
 * How far back cases were created: three years, in seconds, since an interval in years scaled
 * by a fraction goes through months of uneven length and would not grow steadily with it.
 */
const SPAN = `interval '1 second' * ${Math.round(3 * 365.25 * 24 * 3600)}`;
/** A second seed waits for the first instead of numbering the same cases. */
const SEED_LOCK = 7_340_001;
const CLOSED_STATUSES = ['closed', 'closed_duplicate', 'closed_unfounded'];
const WRITTEN_TABLES = [
  'agencies',
  'users',
  'cases',
  'victims',
  'referrals',
  'case_number_counters',
] as const;

/**
 * Fills the database `databaseUrl` names with synthetic cases, victims and referrals for
 * measuring the service at volume: migrates it, loads everything in one transaction (rows
 * generated inside PostgreSQL, batch by batch), then VACUUM ANALYZE. `databaseUrl` must sign in
 * as the role that owns the tables (it disables triggers). `log` hears one progress line per
 * batch: counts and rates, never a row's content.
 */
export async function seedScale(
  databaseUrl: string,
  options: ScaleSeedOptions,
  log: (line: string) => void = () => undefined,
): Promise<ScaleSeedResult> {
  checkOptions(options);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const startedAt = performance.now();

  try {
    await migrateWithLock(databaseUrl);
  } catch (error) {
    throw translateLoadError(error);
  }
  // One hash for every seeded account: scrypt costs ~100 ms each, by design.
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await new PasswordHasher().hash(password);

  const client = new Client({
    connectionString: databaseUrl,
    application_name: 'jejak-seed-scale',
  });
  await client.connect();
  try {
    // Each batch's generated rows sit in temporary tables; the default 8 MB would spill them.
    await client.query(`SET temp_buffers = '128MB'`);
    await client.query('SET statement_timeout = 0');
    // Statements over fresh work tables are estimated at millions of rows: JIT then spent 2.2 s
    // compiling a 0.4 s statement, per batch.
    await client.query('SET jit = off');
    await client.query(`SET work_mem = '64MB'`);
    await client.query('BEGIN');
    let loaded: Omit<ScaleSeedResult, 'totals' | 'seconds' | 'password'>;
    try {
      loaded = await load(client, options, batchSize, passwordHash, log);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translateLoadError(error);
    }
    const loadSeconds = (performance.now() - startedAt) / 1000;

    const vacuumStartedAt = performance.now();
    log('VACUUM ANALYZE …');
    // Autovacuum is off on these machines: without statistics the planner guesses at every queue.
    await client.query(`VACUUM (ANALYZE) ${WRITTEN_TABLES.join(', ')}`);
    const vacuumSeconds = (performance.now() - vacuumStartedAt) / 1000;

    const totals: Record<string, number> = {};
    for (const table of WRITTEN_TABLES) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      totals[table] = rows[0].n;
    }
    return {
      ...loaded,
      password: loaded.usersCreated > 0 ? password : undefined,
      totals,
      seconds: {
        load: loadSeconds,
        vacuum: vacuumSeconds,
        total: (performance.now() - startedAt) / 1000,
      },
    };
  } finally {
    await client.end();
  }
}

function checkOptions(options: ScaleSeedOptions): void {
  if (!Number.isInteger(options.cases) || options.cases < 1 || options.cases > MAX_CASES)
    throw new SeedRefusedError(`--cases must be a whole number from 1 to ${MAX_CASES}`);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new SeedRefusedError('--batch-size must be a whole number of at least 1');
  const seed = options.randomSeed;
  if (seed !== undefined && !(seed >= -1 && seed <= 1))
    throw new SeedRefusedError('--random-seed must be a number from -1 to 1');
}

/** An error PostgreSQL answered with (it has a SQLSTATE), or a failed connection. */
export function isDatabaseError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^([0-9A-Z]{5}|E[A-Z]+)$/.test(code);
}

/** PostgreSQL's detail of a failed row can quote it (names): only the message and code are kept. */
function translateLoadError(error: unknown): Error {
  const pgError = error as { code?: string; message?: string };
  if (pgError.code === '42501')
    return new SeedRefusedError(
      `${pgError.message}: the scale seed sets the tables' triggers, keys and indexes aside for ` +
        `the load, which only their owner may do; give it the owner's URL (MIGRATION_DATABASE_URL, ` +
        `or DATABASE_URL when the service signs in as the owner)`,
    );
  if (pgError.code === '55P03')
    return new SeedRefusedError(
      `${pgError.message}: another session holds the victims or referrals table (a running ` +
        `service writing to it?); try again when it is idle`,
    );
  if (isDatabaseError(error)) {
    const bare = new Error(`${error.message} (${error.code})`) as Error & { code: string };
    bare.code = error.code;
    bare.stack = `${bare.message}\n${error.stack?.split('\n').slice(1).join('\n') ?? ''}`;
    return bare;
  }
  return error as Error;
}

async function load(
  client: Client,
  options: ScaleSeedOptions,
  batchSize: number,
  passwordHash: string,
  log: (line: string) => void,
): Promise<Omit<ScaleSeedResult, 'totals' | 'seconds' | 'password'>> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
  // Disabling a trigger or dropping a key waits for every transaction using its table: fail
  // after a while with a clear message rather than hang behind a busy service.
  await client.query(`SET LOCAL lock_timeout = '30s'`);
  if (options.randomSeed !== undefined)
    await client.query('SELECT setseed($1)', [options.randomSeed]);

  const { rows: present } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases`,
  );
  if (present[0].n > EXISTING_CASES_LIMIT && !options.append)
    throw new SeedRefusedError(
      `This database already has more than ${EXISTING_CASES_LIMIT} cases: the scale seed fills ` +
        `an empty or small database and refuses to add to a full one by mistake. To add ` +
        `${options.cases} more synthetic cases to it anyway, run it again with --append ` +
        `(npm run seed:scale -- --cases ${options.cases} --append).`,
    );
  // Rebuilding costs time in proportion to what is already there: worth it only when the load
  // is at least as big.
  const rebuild = options.cases >= present[0].n;

  const agencies = await upsertAgencies(client);
  const usersCreated = await upsertUsers(client, agencies, passwordHash);
  await createWorkTables(client, agencies);
  await lockCounters(client, agencies);

  for (const { table, trigger } of QUEUE_TRIGGERS_OFF_DURING_LOAD)
    await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  const setAside = rebuild ? await setAsideIndexesAndForeignKeys(client) : undefined;
  if (setAside)
    log(
      `${setAside.indexes.length} indexes and ${setAside.foreignKeys.length} foreign keys of ` +
        `${LOADED_TABLES.join(', ')} set aside for the load; they are rebuilt (and the keys checked) after it`,
    );

  const inserted = { cases: 0, victims: 0, referrals: 0 };
  const loadStartedAt = performance.now();
  for (let first = 1; first <= options.cases; first += batchSize) {
    const last = Math.min(options.cases, first + batchSize - 1);
    const batch = await loadBatch(client, first, last, options.cases);
    inserted.cases += batch.cases;
    inserted.victims += batch.victims;
    inserted.referrals += batch.referrals;
    const seconds = (performance.now() - loadStartedAt) / 1000;
    const rows = inserted.cases + inserted.victims + inserted.referrals;
    const remaining = (seconds / inserted.cases) * (options.cases - inserted.cases);
    log(
      `cases ${count(inserted.cases)}/${count(options.cases)} ` +
        `(${Math.floor((100 * inserted.cases) / options.cases)}%), ` +
        `victims ${count(inserted.victims)}, referrals ${count(inserted.referrals)}: ` +
        `${count(Math.round(rows / seconds))} rows/s, ${seconds.toFixed(1)} s` +
        (inserted.cases < options.cases ? `, ~${Math.ceil(remaining)} s to go` : ''),
    );
  }

  if (setAside) await restoreIndexesAndForeignKeys(client, setAside, log);

  await client.query(
    `UPDATE case_number_counters c SET last_value = s.last_value
     FROM seed_counters s WHERE c.prefix = s.prefix AND c.year = s.year`,
  );
  // Counters of years in which an agency got no case are left as they were: absent.
  await client.query(
    `DELETE FROM case_number_counters c USING seed_counters s
     WHERE c.prefix = s.prefix AND c.year = s.year AND c.last_value = 0`,
  );
  for (const { table, trigger } of QUEUE_TRIGGERS_OFF_DURING_LOAD)
    await client.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);

  return {
    agenciesCreated: agencies.filter((agency) => agency.created).length,
    usersCreated,
    inserted,
    rebuiltIndexes: setAside !== undefined,
  };
}

const LOADED_TABLES = ['cases', 'victims', 'referrals'] as const;

interface SetAside {
  indexes: Array<{ name: string; definition: string }>;
  foreignKeys: Array<{ table: string; name: string; definition: string }>;
}

/**
 * Drops the foreign keys of the loaded tables and their indexes that enforce nothing (unique ones
 * stay and keep checking numbers and ids), as PostgreSQL's guide to populating a database
 * advises: row by row, sixteen key checks and twenty-six index insertions cost more than
 * generating and writing the rows (measured: 4.1 s against 1.5 s per 10,000 cases), while
 * building each index from sorted rows and checking each key with one join cost a fraction. Inside the
 * load's transaction, so they come back exactly as they were (same names, same definitions) or
 * the drop is rolled back with everything else. Dropping a key locks its referenced table too
 * (users, agencies, countries, regions): the service waits for the seed to finish.
 */
async function setAsideIndexesAndForeignKeys(client: Client): Promise<SetAside> {
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     WHERE i.indrelid = ANY ($1::regclass[]) AND NOT i.indisunique
     ORDER BY 1`,
    [LOADED_TABLES],
  );
  const { rows: foreignKeys } = await client.query<{
    table: string;
    name: string;
    definition: string;
  }>(
    `SELECT conrelid::regclass::text AS table, conname AS name,
            pg_get_constraintdef(oid) AS definition
     FROM pg_constraint
     WHERE contype = 'f' AND conrelid = ANY ($1::regclass[])
     ORDER BY 1, 2`,
    [LOADED_TABLES],
  );
  for (const key of foreignKeys)
    await client.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${quoteIdent(key.name)}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  return { indexes, foreignKeys };
}

async function restoreIndexesAndForeignKeys(
  client: Client,
  setAside: SetAside,
  log: (line: string) => void,
): Promise<void> {
  const startedAt = performance.now();
  // The default 64 MB spills the sort of a million rows' keys to disk.
  await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  for (const index of setAside.indexes) await client.query(index.definition);
  const indexSeconds = (performance.now() - startedAt) / 1000;
  for (const key of setAside.foreignKeys)
    await client.query(
      `ALTER TABLE ${key.table} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.definition}`,
    );
  log(
    `indexes rebuilt in ${indexSeconds.toFixed(1)} s, foreign keys checked in ` +
      `${((performance.now() - startedAt) / 1000 - indexSeconds).toFixed(1)} s`,
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface SeededAgency extends ScaleAgency {
  /** 1-based position, the key the work tables use. */
  k: number;
  id: string;
  /** The prefix the API numbers this agency's cases with (an existing agency keeps its own). */
  prefix: string;
  created: boolean;
}

/** Agencies that already exist under the same short name are used as they are. */
async function upsertAgencies(client: Client): Promise<SeededAgency[]> {
  const { rows: created } = await client.query<{ short_name: string }>(
    `INSERT INTO agencies (name, short_name, type, level, region_code, country_code, contact_emails,
                           time_zone, preferred_language, case_prefix)
     SELECT a.name, a.short_name, a.type, a.level, a.region_code, a.country_code,
            ARRAY['layanan.' || lower(a.case_prefix) || '@${SCALE_EMAIL_DOMAIN}'], a.time_zone, 'id',
            a.case_prefix
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                 $8::text[])
          AS a (name, short_name, type, level, region_code, country_code, time_zone, case_prefix)
     ON CONFLICT ((lower(short_name))) DO NOTHING
     RETURNING short_name`,
    [
      SCALE_AGENCIES.map((a) => a.name),
      SCALE_AGENCIES.map((a) => a.shortName),
      SCALE_AGENCIES.map((a) => a.type),
      SCALE_AGENCIES.map((a) => a.level),
      SCALE_AGENCIES.map((a) => a.regionCode),
      SCALE_AGENCIES.map((a) => a.countryCode),
      SCALE_AGENCIES.map((a) => a.timeZone),
      SCALE_AGENCIES.map((a) => a.casePrefix),
    ],
  );
  const createdNames = new Set(created.map((row) => row.short_name.toLowerCase()));
  const { rows } = await client.query<{
    id: string;
    short_name: string;
    case_prefix: string | null;
  }>(`SELECT id, short_name, case_prefix FROM agencies WHERE lower(short_name) = ANY($1)`, [
    SCALE_AGENCIES.map((a) => a.shortName.toLowerCase()),
  ]);
  const byName = new Map(rows.map((row) => [row.short_name.toLowerCase(), row]));
  return SCALE_AGENCIES.map((agency, index) => {
    const row = byName.get(agency.shortName.toLowerCase());
    if (row === undefined) throw new Error(`agency ${agency.shortName} was neither found nor made`);
    return {
      ...agency,
      k: index + 1,
      id: row.id,
      prefix: row.case_prefix ?? prefixFromName(row.short_name),
      created: createdNames.has(agency.shortName.toLowerCase()),
    };
  });
}

function staffOf(agency: ScaleAgency): Array<{ email: string; role: UserRole }> {
  const local = agency.casePrefix.toLowerCase();
  const caseworkers = agency.caseWeight >= 3 ? 4 : 2;
  return [
    { email: `supervisor.${local}@${SCALE_EMAIL_DOMAIN}`, role: UserRole.Supervisor },
    ...Array.from({ length: caseworkers }, (_, i) => ({
      email: `petugas${i + 1}.${local}@${SCALE_EMAIL_DOMAIN}`,
      role: UserRole.Caseworker,
    })),
  ];
}

/** One supervisor and a few caseworkers per agency, with made-up names; returns how many were new. */
async function upsertUsers(
  client: Client,
  agencies: SeededAgency[],
  passwordHash: string,
): Promise<number> {
  const staff = agencies.flatMap((agency) =>
    staffOf(agency).map((person) => ({ ...person, agencyId: agency.id })),
  );
  const { rowCount } = await client.query(
    `INSERT INTO users (email, full_name, role, agency_id, password_hash, password_changed_at)
     SELECT s.email,
            ($5::text[])[1 + ((s.i * 7) % cardinality($5::text[]))::int] || ' '
              || ($6::text[])[1 + ((s.i * 11) % cardinality($6::text[]))::int],
            s.role, s.agency_id, $4, now()
     FROM unnest($1::text[], $2::text[], $3::uuid[]) WITH ORDINALITY AS s (email, role, agency_id, i)
     ON CONFLICT (email) DO NOTHING`,
    [
      staff.map((s) => s.email),
      staff.map((s) => s.role),
      staff.map((s) => s.agencyId),
      passwordHash,
      [...GIVEN_NAMES_FEMININE, ...GIVEN_NAMES_MASCULINE],
      FAMILY_NAMES,
    ],
  );
  return rowCount ?? 0;
}

interface PoolEntry {
  pool: string;
  agencyK: number;
}

/**
 * Owners and receivers are drawn from pools: a case is owned by an agency of its victim's
 * province (65%), else by the mission in the country of exploitation (15%), else by a national
 * body; a referral goes to an agency offering its service near the victim (abroad for consular
 * services), else to any that offers it. A weight is a number of places in the pool.
 */
function buildPools(agencies: SeededAgency[]): PoolEntry[] {
  const entries: PoolEntry[] = [];
  const add = (pool: string, agencyK: number, times = 1) => {
    for (let i = 0; i < times; i += 1) entries.push({ pool, agencyK });
  };
  for (const agency of agencies) {
    const province = agency.regionCode?.slice(0, 2);
    if (agency.caseWeight > 0) {
      if (province !== undefined) add(`own:p:${province}`, agency.k, agency.caseWeight);
      else if (agency.countryCode !== null)
        add(`own:c:${agency.countryCode}`, agency.k, agency.caseWeight);
      else add('own:*', agency.k, agency.caseWeight);
    }
    for (const service of SERVICES_BY_AGENCY_TYPE[agency.type] ?? []) {
      if (province !== undefined) add(`${service}:p:${province}`, agency.k);
      if (agency.countryCode !== null) add(`${service}:c:${agency.countryCode}`, agency.k);
      add(`${service}:*`, agency.k);
    }
  }
  // A receiver is never the referring agency: with two agencies in every fallback pool, one of
  // two neighbouring places is always another agency.
  for (const [service] of SERVICE_WEIGHTS) {
    const offering = new Set(
      entries.filter((e) => e.pool === `${service}:*`).map((e) => e.agencyK),
    );
    if (offering.size < 2) throw new Error(`scale data: fewer than two agencies offer ${service}`);
  }
  if (!entries.some((e) => e.pool === 'own:*'))
    throw new Error('scale data: no national agency owns cases');
  return entries;
}

async function createWorkTables(client: Client, agencies: SeededAgency[]): Promise<void> {
  const { rows: staff } = await client.query<{
    agency_id: string;
    supervisor_id: string;
    caseworker_ids: string[];
  }>(
    `SELECT agency_id,
            (array_agg(id ORDER BY email) FILTER (WHERE role = 'supervisor'))[1] AS supervisor_id,
            array_agg(id ORDER BY email) FILTER (WHERE role = 'caseworker') AS caseworker_ids
     FROM users WHERE email = ANY($1) GROUP BY agency_id`,
    [agencies.flatMap((agency) => staffOf(agency).map((person) => person.email))],
  );
  const staffByAgency = new Map(staff.map((row) => [row.agency_id, row]));

  await client.query(
    `CREATE TEMP TABLE seed_agencies (
       k int PRIMARY KEY, id uuid NOT NULL, prefix text NOT NULL, time_zone text NOT NULL,
       supervisor_id uuid NOT NULL, caseworker_ids uuid[] NOT NULL) ON COMMIT DROP`,
  );
  await client.query(
    `INSERT INTO seed_agencies
     SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::uuid[])
            AS a (k, id, prefix, time_zone, supervisor_id)
     CROSS JOIN LATERAL (SELECT ($6::text[])[a.k]::uuid[] AS caseworker_ids) w`,
    [
      agencies.map((a) => a.k),
      agencies.map((a) => a.id),
      agencies.map((a) => a.prefix),
      agencies.map((a) => a.timeZone),
      agencies.map((a) => staffByAgency.get(a.id)?.supervisor_id),
      agencies.map((a) => `{${staffByAgency.get(a.id)?.caseworker_ids.join(',')}}`),
    ],
  );

  const pools = buildPools(agencies);
  await client.query(
    `CREATE TEMP TABLE seed_pools (pool text, k int, agency_k int NOT NULL, PRIMARY KEY (pool, k))
     ON COMMIT DROP`,
  );
  await client.query(
    `INSERT INTO seed_pools
     SELECT pool, row_number() OVER (PARTITION BY pool ORDER BY i), agency_k
     FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS p (pool, agency_k, i)`,
    [pools.map((p) => p.pool), pools.map((p) => p.agencyK)],
  );
  await client.query(
    `CREATE TEMP TABLE seed_pool_sizes ON COMMIT DROP AS
     SELECT pool, count(*)::int AS n FROM seed_pools GROUP BY pool`,
  );
  await client.query(`ALTER TABLE seed_pool_sizes ADD PRIMARY KEY (pool)`);

  // Villages drawn with replacement, each weighted prefix getting places in proportion to its
  // weight; a case then picks one place at random.
  await client.query(
    `CREATE TEMP TABLE seed_origins ON COMMIT DROP AS
     SELECT (row_number() OVER ())::int AS n, picked.code, regency.name AS regency_name
     FROM (
       SELECT villages.codes[1 + floor(random() * cardinality(villages.codes))::int] AS code
       FROM unnest($1::text[], $2::int[]) AS w (prefix, weight)
       CROSS JOIN LATERAL (
         SELECT array_agg(code ORDER BY code) AS codes FROM regions
         WHERE level = 4 AND starts_with(code, w.prefix || '.')) AS villages
       CROSS JOIN LATERAL generate_series(1, w.weight * 100) AS place
       WHERE villages.codes IS NOT NULL
       OFFSET 0) AS picked
     JOIN regions regency ON regency.code = left(picked.code, 5)`,
    [ORIGIN_WEIGHTS.map(([prefix]) => prefix), ORIGIN_WEIGHTS.map(([, weight]) => weight)],
  );
  await client.query(`ALTER TABLE seed_origins ADD PRIMARY KEY (n)`);
  const { rows: origins } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM seed_origins`,
  );
  if (origins[0].n === 0)
    throw new Error('the regions table has no villages under the seed origin provinces');

  await client.query(
    `CREATE TEMP TABLE seed_cases (
       n int, id uuid, case_number text, owning_agency_id uuid, title text, incident_type text,
       exploitation_types text[], methods_of_control text[], recruitment_methods text[],
       recruitment_platforms text[], exploitation_country text, exploitation_city text,
       transit_countries text[], incident_date date, reported_date date, source text,
       assigned_caseworker_id uuid, supervisor_id uuid, priority text, suggested_priority text,
       priority_override_reason text, status text, tags text[], created_by uuid, version int,
       created_at timestamptz, updated_at timestamptz, last_activity_at timestamptz,
       prefix text, year int, closed boolean, scam boolean, origin_code text,
       victim_total int, referral_total int, owner_k int) ON COMMIT DROP`,
  );
  // Shaped like the real tables, so that a batch moves over with INSERT ... SELECT *.
  await client.query(
    `CREATE TEMP TABLE seed_victims (LIKE victims INCLUDING DEFAULTS) ON COMMIT DROP`,
  );
  await client.query(`CREATE INDEX ON seed_victims (case_id)`);
  await client.query(
    `CREATE TEMP TABLE seed_referrals (LIKE referrals INCLUDING DEFAULTS) ON COMMIT DROP`,
  );
  await client.query(`CREATE INDEX ON seed_referrals (case_id)`);
  await client.query(
    `CREATE TEMP TABLE seed_counters (prefix text, year int, last_value int NOT NULL,
                                      PRIMARY KEY (prefix, year)) ON COMMIT DROP`,
  );
}

/**
 * Holds every counter the load numbers from until it commits: a case created through the API
 * meanwhile waits, then takes the number after the seeded ones (the API's own upsert adds one).
 */
async function lockCounters(client: Client, agencies: SeededAgency[]): Promise<void> {
  const prefixes = [...new Set(agencies.map((agency) => agency.prefix))];
  const years = `generate_series(
      extract(year FROM (now() - ${SPAN} - interval '1 day') AT TIME ZONE 'Asia/Jakarta')::int,
      extract(year FROM now() AT TIME ZONE 'Asia/Jakarta')::int)`;
  await client.query(
    `INSERT INTO case_number_counters (prefix, year, last_value)
     SELECT prefix, year, 0 FROM unnest($1::text[]) AS prefix, ${years} AS year
     ON CONFLICT (prefix, year) DO NOTHING`,
    [prefixes],
  );
  await client.query(
    `SELECT 1 FROM case_number_counters
     WHERE prefix = ANY($1) AND year IN (SELECT ${years}) FOR UPDATE`,
    [prefixes],
  );
  await client.query(
    `INSERT INTO seed_counters
     SELECT prefix, year, last_value FROM case_number_counters
     WHERE prefix = ANY($1) AND year IN (SELECT ${years})`,
    [prefixes],
  );
}

/** A SQL literal of one of our own constants (never of input). */
function literal(value: string | null): string {
  return value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}

/** `random` (a column in [0, 1)) mapped onto weighted choices, as a CASE expression. */
function pick(random: string, choices: Weighted<string | null>, cast = ''): string {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let cumulative = 0;
  const branches = choices.slice(0, -1).map(([value, weight]) => {
    cumulative += weight;
    return `WHEN ${random} < ${cumulative / total} THEN ${literal(value)}${cast}`;
  });
  return `CASE ${branches.join(' ')} ELSE ${literal(choices[choices.length - 1][0])}${cast} END`;
}

/** `list[1 + floor(random * length)]` for an array of our constants. */
function pickFrom(random: string, values: string[]): string {
  return `(ARRAY[${values.map(literal).join(', ')}])[1 + floor(${random} * ${values.length})::int]`;
}

const SCAM_COUNTRIES = DESTINATIONS.filter((d) => d.scam).map((d) => literal(d.code));

const TITLES: Record<string, string> = {
  trafficking: 'Dugaan TPPO terhadap %s asal %s di %s',
  death_abroad: '%s asal %s meninggal di %s',
  non_procedural_placement: 'Penempatan non-prosedural %s asal %s ke %s',
  unpaid_wages: 'Gaji %s asal %s tidak dibayar di %s',
  abuse_or_violence: 'Kekerasan terhadap %s asal %s di %s',
  detention_abroad: '%s asal %s ditahan di %s',
  stranded_or_missing: '%s asal %s hilang kontak di %s',
  other: 'Pengaduan %s asal %s di %s',
};

const CASES_SQL = `
INSERT INTO seed_cases
WITH g AS MATERIALIZED (
  SELECT n,
         -- Monotonic in n, so each batch is a slice of time and numbers follow creation; the
         -- exponent makes recent months busier than three years ago.
         now() - ${SPAN} * (1 - power((n - 1 + random()) / $3::float8, 0.75)) AS created_at,
         1 + floor(random() * $4::int)::int AS origin_n,
         random() AS r_country, random() AS r_city, random() AS r_owner, random() AS r_owner_pick, random() AS r_critical,
         random() AS r_status, random() AS r_kind, random() AS r_priority, random() AS r_type,
         random() AS r_scam, random() AS r_victims, random() AS r_victims_many,
         random() AS r_referrals, random() AS r_referrals_many, random() AS r_unassigned,
         random() AS r_worker, random() AS r_creator, random() AS r_creator_pick, random() AS r_updated, random() AS r_activity,
         random() AS r_incident, random() AS r_incident_gap, random() AS r_reported,
         random() AS r_exploitation, random() AS r_control, random() AS r_recruitment,
         random() AS r_platform, random() AS r_transit, random() AS r_source, random() AS r_tag,
         random() AS r_version
  FROM generate_series($1::int, $2::int) AS n
), placed AS (
  SELECT g.*, o.code AS origin_code, o.regency_name, left(o.code, 2) AS province,
         ${pick(
           'g.r_country',
           DESTINATIONS.map((d) => [d.code, d.weight]),
         )} AS country,
         extract(epoch FROM now() - g.created_at) / 86400 AS age_days
  FROM g JOIN seed_origins o ON o.n = g.origin_n
), classified AS (
  SELECT p.*, p.country IN (${SCAM_COUNTRIES.join(', ')}) AS scam,
         CASE
           WHEN p.r_status < least(0.93, p.age_days / 420) THEN
             ${pick('p.r_kind', [
               ['closed', 88],
               ['closed_unfounded', 7],
               ['closed_duplicate', 5],
             ])}
           WHEN p.age_days < 14 THEN
             ${pick('p.r_kind', [
               ['intake', 50],
               ['open', 40],
               ['in_assistance', 10],
             ])}
           WHEN p.r_kind < 0.05 AND p.age_days < 90 THEN 'intake'
           WHEN p.r_kind < 0.27 THEN 'open'
           WHEN p.r_kind < 0.82 THEN 'in_assistance'
           WHEN p.r_kind < 0.94 OR p.age_days < 90 THEN 'closure_requested'
           ELSE 'reopened'
         END AS status,
         CASE WHEN p.r_owner < 0.65 AND ps.n IS NOT NULL THEN ps.pool
              WHEN p.r_owner < 0.80 AND cs.n IS NOT NULL THEN cs.pool
              ELSE 'own:*' END AS owner_pool
  FROM placed p
  LEFT JOIN seed_pool_sizes ps ON ps.pool = 'own:p:' || p.province
  LEFT JOIN seed_pool_sizes cs ON cs.pool = 'own:c:' || p.country
), typed AS (
  SELECT c.*, c.status IN (${CLOSED_STATUSES.map(literal).join(', ')}) AS closed,
         CASE WHEN c.scam AND c.r_scam < 0.8 THEN 'trafficking' ELSE ${pick('c.r_type', [
           ['trafficking', 33],
           ['non_procedural_placement', 20],
           ['unpaid_wages', 15],
           ['abuse_or_violence', 10],
           ['death_abroad', 7],
           ['stranded_or_missing', 6],
           ['detention_abroad', 5],
           ['other', 4],
         ])} END AS incident_type,
         ${pick('c.r_recruitment', [
           ['{ThroughInformalBroker}', 45],
           ['{ThroughOnlineSocialNetworks}', 22],
           ['{ThroughLicensedPlacementCompany}', 15],
           ['{ThroughFamilyOrFamilyEvents}', 8],
           ['{ThroughFriendsOrSocialEvents}', 7],
           ['{}', 3],
         ])}::text[] AS recruitment_methods,
         CASE WHEN c.r_victims < 0.73 THEN 1
              WHEN c.r_victims < 0.90 THEN 2
              WHEN c.r_victims < 0.96 THEN 3
              WHEN c.r_victims < 0.993 THEN 4 + floor(c.r_victims_many * 3)::int
              ELSE 8 + floor(c.r_victims_many * 7)::int END AS victim_total,
         CASE WHEN c.r_referrals < 0.15 THEN 0
              WHEN c.r_referrals < 0.40 THEN 1
              WHEN c.r_referrals < 0.65 THEN 2
              WHEN c.r_referrals < 0.85 THEN 3
              WHEN c.r_referrals < 0.95 THEN 4
              ELSE 5 + floor(c.r_referrals_many * 2)::int END AS referral_total,
         ((c.created_at AT TIME ZONE 'Asia/Jakarta')::date - floor(c.r_reported * 3)::int) AS reported_date
  FROM classified c
), owned AS (
  SELECT t.*, a.k AS owner_k, a.id AS owning_agency_id, a.prefix, a.supervisor_id, a.caseworker_ids,
         extract(year FROM t.created_at AT TIME ZONE 'Asia/Jakarta')::int AS year,
         CASE WHEN t.incident_type = 'death_abroad' AND t.r_critical < 0.5 THEN 'critical'
              ELSE ${pick('t.r_priority', [
                ['critical', 3],
                ['high', 18],
                ['normal', 69],
                ['low', 10],
              ])} END AS priority
  FROM typed t
  JOIN seed_pool_sizes os ON os.pool = t.owner_pool
  JOIN seed_pools op ON op.pool = t.owner_pool AND op.k = 1 + floor(t.r_owner_pick * os.n)::int
  JOIN seed_agencies a ON a.k = op.agency_k
)
SELECT o.n, gen_random_uuid(),
       o.prefix || '-' || o.year || '-' || lpad(o.seq::text, greatest(6, length(o.seq::text)), '0'),
       o.owning_agency_id,
       CASE o.incident_type
         ${Object.entries(TITLES)
           .map(
             ([type, title]) =>
               `WHEN ${literal(type)} THEN format(${literal(title)}, who, o.regency_name, o.country_name)`,
           )
           .join('\n         ')}
       END,
       o.incident_type,
       CASE WHEN o.scam AND o.incident_type = 'trafficking' THEN '{ForcedCriminality,OnlineScam}'::text[]
            ELSE ${pick(
              'o.r_exploitation',
              [
                ['{ForcedLabour}', 45],
                ['{Servitude}', 15],
                ['{ForcedLabour,Servitude}', 10],
                ['{SexualExploitation}', 5],
                ['{}', 25],
              ],
              '::text[]',
            )} END,
       ${pick(
         'o.r_control',
         [
           ['{FalsePromises,WithholdsDocuments}', 25],
           ['{DebtBondage,TakesEarnings}', 15],
           ['{WithholdsDocuments,ExcessiveWorkingHours}', 15],
           ['{PhysicalAbuse,PsychologicalAbuse}', 8],
           ['{FalsePromises}', 12],
           ['{}', 25],
         ],
         '::text[]',
       )},
       o.recruitment_methods,
       CASE WHEN o.recruitment_methods = '{ThroughOnlineSocialNetworks}' THEN ${pick(
         'o.r_platform',
         [
           ['{Facebook}', 40],
           ['{WhatsApp}', 20],
           ['{TikTok}', 20],
           ['{Telegram}', 10],
           ['{Facebook,WhatsApp}', 10],
         ],
         '::text[]',
       )} ELSE '{}'::text[] END,
       o.country,
       CASE o.country
         ${DESTINATIONS.map((d) => `WHEN ${literal(d.code)} THEN ${pickFrom('o.r_city', d.cities)}`).join('\n         ')}
       END,
       CASE WHEN o.scam AND o.r_transit < 0.4 THEN '{MY}'::text[]
            WHEN o.scam AND o.r_transit < 0.6 THEN '{TH}'::text[]
            ELSE '{}'::text[] END,
       CASE WHEN o.r_incident < 0.2 THEN NULL
            ELSE o.reported_date - floor(power(o.r_incident_gap, 2) * 365)::int END,
       o.reported_date,
       ${pick('o.r_source', [
         ['family', 35],
         ['hotline', 18],
         ['embassy_report', 15],
         ['village_head', 8],
         ['other_agency', 8],
         ['media', 5],
         ['police', 5],
         ['self_report', 5],
         ['other', 1],
       ])},
       CASE WHEN NOT o.closed AND o.r_unassigned < 0.1 THEN NULL
            ELSE o.caseworker_ids[1 + floor(o.r_worker * cardinality(o.caseworker_ids))::int] END,
       o.supervisor_id,
       o.priority,
       CASE WHEN o.priority = 'low' THEN 'normal' ELSE o.priority END,
       CASE WHEN o.priority = 'low'
            THEN 'Ditangani melalui layanan rutin. / Handled through routine services.' END,
       o.status,
       array_remove(ARRAY[
         CASE WHEN o.incident_type = 'trafficking' THEN 'tppo' END,
         CASE WHEN o.scam THEN 'online-scam' END,
         ${pick('o.r_tag', [
           ['viral', 4],
           ['deportasi', 8],
           ['prioritas-nasional', 3],
           [null, 85],
         ])}], NULL),
       CASE WHEN o.r_creator < 0.1 THEN o.supervisor_id
            ELSE o.caseworker_ids[1 + floor(o.r_creator_pick * cardinality(o.caseworker_ids))::int] END,
       1 + floor(o.r_version * CASE WHEN o.closed THEN 8 ELSE 4 END)::int,
       o.created_at, o.updated_at,
       -- Most of the time the last change to the case was its last activity; sometimes a
       -- referral's answer or a note came a few days before the last edit.
       greatest(o.created_at, o.updated_at - power(o.r_activity, 3) * interval '7 days'),
       o.prefix, o.year, o.closed, o.scam, o.origin_code, o.victim_total, o.referral_total, o.owner_k
FROM (
  SELECT w.*,
         coalesce(sc.last_value, 0)
           + row_number() OVER (PARTITION BY w.prefix, w.year ORDER BY w.created_at, w.n) AS seq,
         CASE WHEN w.victim_total > 1 THEN w.victim_total || ' PMI' ELSE 'PMI' END AS who,
         CASE w.country
           ${DESTINATIONS.map((d) => `WHEN ${literal(d.code)} THEN ${literal(d.nameId)}`).join(' ')}
         END AS country_name,
         CASE WHEN w.closed
              THEN least(now(), w.created_at + (20 + w.r_updated * 280) * interval '1 day')
              ELSE w.created_at + w.r_updated * (now() - w.created_at) END AS updated_at
  FROM owned w LEFT JOIN seed_counters sc ON sc.prefix = w.prefix AND sc.year = w.year
) o`;

const VICTIMS_SQL = `
INSERT INTO seed_victims (id, case_id, person_id, full_name, gender, date_of_birth, estimated_age,
  recruitment_date, minor_at_recruitment, citizenship, origin_region_code, migration_channel,
  occupation_abroad, current_situation, death_date, death_country, remains_status,
  trafficking_status, trafficking_status_decided_by, version, created_at, updated_at)
WITH x AS MATERIALIZED (
  SELECT c.id AS case_id, c.created_at, c.closed, c.scam, c.incident_type, c.exploitation_country,
         c.origin_code, c.incident_date, c.reported_date, k,
         1 + floor(random() * $1::int)::int AS origin_n,
         random() AS r_origin, random() AS r_gender, random() AS r_given, random() AS r_family,
         random() AS r_form, random() AS r_father, random() AS r_age, random() AS r_minor,
         random() AS r_minor_known, random() AS r_dob, random() AS r_dob_days, random() AS r_recruited,
         random() AS r_recruited_days, random() AS r_channel, random() AS r_job,
         random() AS r_situation, random() AS r_remains, random() AS r_trafficking,
         random() AS r_decider
  FROM seed_cases c CROSS JOIN LATERAL generate_series(1, c.victim_total) AS k
), v AS (
  SELECT x.*,
         -- Victims of one case were often recruited together, from the same village.
         CASE WHEN x.k = 1 OR x.r_origin < 0.6 THEN x.origin_code ELSE o.code END AS origin,
         ${pick('x.r_gender', [
           ['Feminine', 62],
           ['Masculine', 37],
           ['NonSpecifiedUnknown', 1],
         ])} AS gender,
         CASE WHEN x.r_minor < 0.04 THEN 15 + floor(x.r_age * 3)::int
              ELSE 18 + floor(power(x.r_age, 1.4) * 33)::int END AS age,
         CASE WHEN x.incident_type = 'death_abroad' AND x.k = 1 THEN 'deceased'
              WHEN x.closed THEN ${pick('x.r_situation', [
                ['home', 62],
                ['repatriated', 28],
                ['abroad', 7],
                ['deceased', 3],
              ])}
              ELSE ${pick('x.r_situation', [
                ['abroad', 45],
                ['repatriated', 17],
                ['home', 17],
                ['detained', 8],
                ['missing', 6],
                ['hospitalised', 4],
                ['deceased', 3],
              ])} END AS situation,
         CASE WHEN x.incident_type = 'trafficking' THEN ${pick('x.r_trafficking', [
           ['PossibleVictimOfTrafficking', 55],
           ['ActualVictimOfTrafficking', 35],
           ['NotAVictimOfTrafficking', 10],
         ])} ELSE ${pick('x.r_trafficking', [
           ['PossibleVictimOfTrafficking', 80],
           ['ActualVictimOfTrafficking', 8],
           ['NotAVictimOfTrafficking', 12],
         ])} END AS trafficking
  FROM x JOIN seed_origins o ON o.n = x.origin_n
)
SELECT gen_random_uuid(), v.case_id, gen_random_uuid(),
       CASE WHEN v.gender = 'Feminine' THEN ($2::text[])[1 + floor(v.r_given * cardinality($2::text[]))::int]
            ELSE ($3::text[])[1 + floor(v.r_given * cardinality($3::text[]))::int] END
       || CASE WHEN v.r_form < 0.35 THEN ''
               WHEN v.r_form < 0.88 THEN ' ' || ($4::text[])[1 + floor(v.r_family * cardinality($4::text[]))::int]
               ELSE CASE WHEN v.gender = 'Feminine' THEN ' binti ' ELSE ' bin ' END
                    || ($3::text[])[1 + floor(v.r_father * cardinality($3::text[]))::int] END,
       v.gender,
       CASE WHEN v.r_dob < 0.45
            THEN v.reported_date - (v.age * 365 + floor(v.r_dob_days * 365))::int END,
       CASE WHEN v.r_dob >= 0.45 THEN v.age END,
       CASE WHEN v.r_recruited < 0.6
            THEN coalesce(v.incident_date, v.reported_date) - (30 + floor(v.r_recruited_days * 700))::int END,
       CASE WHEN v.r_minor_known < 0.1 THEN NULL ELSE v.age < 18 END,
       'ID', v.origin,
       CASE WHEN v.incident_type IN ('trafficking', 'non_procedural_placement') THEN ${pick(
         'v.r_channel',
         [
           ['non_procedural', 75],
           ['procedural', 10],
           ['unknown', 15],
         ],
       )} ELSE ${pick('v.r_channel', [
         ['procedural', 50],
         ['non_procedural', 35],
         ['unknown', 15],
       ])} END,
       CASE WHEN v.scam AND v.r_job < 0.85 THEN 'operator penipuan daring (dipaksa)'
            ELSE ${pick('v.r_job', [
              ['pekerja rumah tangga', 40],
              ['buruh perkebunan kelapa sawit', 15],
              ['buruh pabrik', 12],
              ['perawat lansia', 8],
              ['anak buah kapal perikanan', 8],
              ['pekerja konstruksi', 7],
              [null, 10],
            ])} END,
       v.situation,
       CASE WHEN v.situation = 'deceased'
            THEN coalesce(v.incident_date, v.reported_date - 5) END,
       CASE WHEN v.situation = 'deceased' THEN v.exploitation_country END,
       CASE WHEN v.situation <> 'deceased' THEN NULL
            WHEN v.closed THEN ${pick('v.r_remains', [
              ['repatriated', 70],
              ['buried_abroad', 30],
            ])}
            ELSE ${pick('v.r_remains', [
              ['awaiting_repatriation', 60],
              ['repatriated', 30],
              ['buried_abroad', 10],
            ])} END,
       v.trafficking,
       CASE WHEN v.trafficking <> 'PossibleVictimOfTrafficking' THEN ${pick('v.r_decider', [
         ['Police', 70],
         ['NGO', 15],
         ['NonPoliceGovernmentalOrganization', 15],
       ])} END,
       1, v.created_at, v.created_at
FROM v`;

/** Calendar days standing in for working days; sla_policies' defaults, roughly. */
const ACKNOWLEDGE_WITHIN = `CASE x.priority WHEN 'critical' THEN interval '4 hours'
  WHEN 'high' THEN interval '1 day' WHEN 'normal' THEN interval '2 days' ELSE interval '3 days' END`;
const COMPLETE_FACTOR = `CASE x.priority WHEN 'critical' THEN 0.34 WHEN 'high' THEN 0.67
  WHEN 'normal' THEN 1.0 ELSE 1.5 END`;

const REFERRALS_SQL = `
INSERT INTO seed_referrals (id, case_id, agency_id, service, priority, status, reason, request,
  victim_ids, consent, consent_recorded_at, consent_recorded_by, no_consent_reason,
  no_consent_approved_by, shared_fields, time_zone, acknowledge_due_at, due_at, sent_at, sent_by,
  acknowledged_at, completed_at, declined_at, decline_reason, progress_note, outcome,
  outcome_notes, last_response_at, created_by, version, created_at, updated_at,
  referring_agency_id)
WITH x AS MATERIALIZED (
  SELECT c.id AS case_id, c.owning_agency_id, c.owner_k, c.created_at AS case_created_at,
         c.updated_at AS case_updated_at, c.closed, c.priority, c.exploitation_country,
         left(c.origin_code, 2) AS province, c.supervisor_id,
         coalesce(c.assigned_caseworker_id, c.created_by) AS caseworker_id, vi.victim_ids, j,
         random() AS r_service, random() AS r_receiver, random() AS r_status, random() AS r_sent,
         random() AS r_drafted, random() AS r_acknowledged, random() AS r_due, random() AS r_done,
         random() AS r_consent, random() AS r_outcome
  FROM seed_cases c
  JOIN (SELECT case_id, array_agg(id ORDER BY id) AS victim_ids FROM seed_victims GROUP BY case_id)
    AS vi ON vi.case_id = c.id
  CROSS JOIN LATERAL generate_series(1, c.referral_total) AS j
), serviced AS (
  SELECT x.*,
         ${pick('x.r_service', SERVICE_WEIGHTS)} AS service,
         CASE WHEN x.closed THEN ${pick('x.r_status', [
           ['completed', 82],
           ['declined', 18],
         ])} ELSE ${pick('x.r_status', [
           ['sent', 22],
           ['acknowledged', 18],
           ['in_progress', 30],
           ['completed', 20],
           ['declined', 10],
         ])} END AS status
  FROM x
), routed AS MATERIALIZED (
  SELECT s.*,
         CASE WHEN s.service IN (${SERVICES_ABROAD.map(literal).join(', ')})
              THEN s.service || ':c:' || s.exploitation_country
              ELSE s.service || ':p:' || s.province END AS near_pool
  FROM serviced s
), received AS (
  SELECT r.*,
         CASE WHEN n1.agency_k <> r.owner_k THEN n1.agency_k
              WHEN n2.agency_k <> r.owner_k THEN n2.agency_k
              WHEN a1.agency_k <> r.owner_k THEN a1.agency_k
              ELSE a2.agency_k END AS receiver_k
  FROM routed r
  LEFT JOIN seed_pool_sizes ns ON ns.pool = r.near_pool
  LEFT JOIN seed_pools n1 ON n1.pool = r.near_pool AND n1.k = 1 + floor(r.r_receiver * ns.n)::int
  LEFT JOIN seed_pools n2
    ON n2.pool = r.near_pool AND n2.k = 1 + (floor(r.r_receiver * ns.n)::int + 1) % ns.n
  JOIN seed_pool_sizes fs ON fs.pool = r.service || ':*'
  JOIN seed_pools a1 ON a1.pool = r.service || ':*' AND a1.k = 1 + floor(r.r_receiver * fs.n)::int
  JOIN seed_pools a2
    ON a2.pool = r.service || ':*' AND a2.k = 1 + (floor(r.r_receiver * fs.n)::int + 1) % fs.n
), sent AS (
  SELECT x.*, a.id AS receiver_id, a.time_zone AS receiver_time_zone,
         -- Open referrals were sent lately, so that their deadlines fall around today (some
         -- passed); answered ones any time while the case was open.
         CASE WHEN x.status = 'sent'
                THEN greatest(x.case_created_at, now() - power(x.r_sent, 3) * interval '7 days')
              WHEN x.status IN ('acknowledged', 'in_progress')
                THEN greatest(x.case_created_at, now() - power(x.r_sent, 2) * interval '45 days')
              ELSE x.case_created_at
                   + x.r_sent * 0.7 * (least(now(), x.case_updated_at) - x.case_created_at) END
           AS sent_at,
         ${ACKNOWLEDGE_WITHIN} AS acknowledge_within,
         (5 + x.r_due * 40) * ${COMPLETE_FACTOR} * interval '1 day' AS complete_within
  FROM received x JOIN seed_agencies a ON a.k = x.receiver_k
), answered AS (
  SELECT s.*,
         CASE WHEN s.status IN ('acknowledged', 'in_progress', 'completed')
              THEN least(now(), s.sent_at + s.r_acknowledged * 1.6 * s.acknowledge_within) END
           AS acknowledged_at,
         CASE WHEN s.status = 'declined'
              THEN least(now(), s.sent_at + s.r_acknowledged * 2 * s.acknowledge_within) END
           AS declined_at
  FROM sent s
), done AS (
  SELECT a.*,
         CASE WHEN a.status = 'completed'
              THEN least(now(), a.acknowledged_at + a.r_done * 1.1 * a.complete_within) END
           AS completed_at,
         CASE WHEN a.status = 'in_progress'
              THEN a.acknowledged_at + a.r_done * (now() - a.acknowledged_at) END AS progressed_at
  FROM answered a
)
SELECT gen_random_uuid(), d.case_id, d.receiver_id, d.service, d.priority, d.status,
       'Rujukan sintetis untuk uji skala. / Synthetic referral for scale testing.',
       'Mohon tindak lanjut sesuai layanan yang diminta. / Please follow up with the requested service.',
       d.victim_ids,
       consent,
       CASE WHEN consent <> 'not_obtained' THEN drafted_at END,
       CASE WHEN consent <> 'not_obtained' THEN d.caseworker_id END,
       CASE WHEN consent = 'not_obtained'
            THEN 'Korban belum dapat dihubungi. / The victim could not be reached yet.' END,
       CASE WHEN consent = 'not_obtained' THEN d.supervisor_id END,
       '{full_name,sex,age,current_situation}',
       d.receiver_time_zone,
       d.sent_at + d.acknowledge_within, d.sent_at + d.complete_within,
       d.sent_at, d.caseworker_id,
       d.acknowledged_at, d.completed_at, d.declined_at,
       CASE WHEN d.status = 'declined'
            THEN 'Di luar kewenangan lembaga kami. / Outside our mandate.' END,
       CASE WHEN d.status = 'in_progress' THEN 'Sedang diproses. / In progress.' END,
       CASE WHEN d.status = 'completed' THEN ${pick('d.r_outcome', [
         ['achieved', 65],
         ['partially_achieved', 25],
         ['not_achieved', 10],
       ])} END,
       CASE WHEN d.status = 'completed' THEN 'Layanan telah diberikan. / The service was delivered.' END,
       last_response_at,
       d.caseworker_id,
       CASE d.status WHEN 'sent' THEN 2 WHEN 'acknowledged' THEN 3 WHEN 'declined' THEN 3
                     WHEN 'in_progress' THEN 4 ELSE 5 END,
       drafted_at, coalesce(last_response_at, d.sent_at), d.owning_agency_id
FROM done d
CROSS JOIN LATERAL (SELECT
  ${pick('d.r_consent', [
    ['victim', 70],
    ['family', 25],
    ['not_obtained', 5],
  ])} AS consent,
  greatest(d.case_created_at, d.sent_at - d.r_drafted * interval '3 hours') AS drafted_at,
  coalesce(d.completed_at, d.declined_at, d.progressed_at, d.acknowledged_at) AS last_response_at
  OFFSET 0) AS extra`;

/**
 * The queue columns, computed as the migration's backfill and the triggers compute them
 * (migrations/1765000001100-CaseQueues.ts: ORIGINS_OF, NEXT_DUE_OF), from the batch's victims
 * and referrals before they are written: each case row is then written once, with its final
 * values. An UPDATE of every case afterwards would write each row and its index entries a
 * second time and leave as many dead rows for VACUUM.
 */
const QUEUE_COLUMNS_OF = (caseId: string) => `
  (SELECT count(*)::int FROM seed_victims v WHERE v.case_id = ${caseId}),
  coalesce((SELECT array_agg(DISTINCT code COLLATE "C" ORDER BY code COLLATE "C")
            FROM seed_victims v, unnest(region_code_ancestry(v.origin_region_code)) AS code
            WHERE v.case_id = ${caseId}), '{}'),
  (SELECT min(referral_next_deadline(r.status, r.acknowledge_due_at, r.due_at))
   FROM seed_referrals r WHERE r.case_id = ${caseId})`;

const CASE_COLUMNS = `id, case_number, owning_agency_id, title, summary, incident_type,
  exploitation_types, methods_of_control, recruitment_methods, recruitment_platforms,
  exploitation_country, exploitation_city, transit_countries, incident_date, reported_date, source,
  assigned_caseworker_id, supervisor_id, priority, suggested_priority, priority_override_reason,
  status, tags, created_by, version, created_at, updated_at`;

const WRITE_CASES_SQL = `
INSERT INTO cases (${CASE_COLUMNS}, victim_count, origin_region_codes, next_due_at, last_activity_at)
SELECT ${CASE_COLUMNS.replace('summary', literal(SYNTHETIC_SUMMARY))},
       ${QUEUE_COLUMNS_OF('c.id')}, c.last_activity_at
FROM seed_cases c ORDER BY c.created_at, c.n`;

async function loadBatch(
  client: Client,
  first: number,
  last: number,
  total: number,
): Promise<{ cases: number; victims: number; referrals: number }> {
  await client.query('TRUNCATE seed_cases, seed_victims, seed_referrals');
  const { rows: pool } = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM seed_origins',
  );
  const originCount = pool[0].n;
  await client.query(CASES_SQL, [first, last, total, originCount]);
  await client.query(VICTIMS_SQL, [
    originCount,
    GIVEN_NAMES_FEMININE,
    GIVEN_NAMES_MASCULINE,
    FAMILY_NAMES,
  ]);
  await client.query(REFERRALS_SQL);
  const cases = await client.query(WRITE_CASES_SQL);
  const victims = await client.query('INSERT INTO victims SELECT * FROM seed_victims');
  // Made-up people are nobody's duplicates: the duplicate checks' sweep, which looks back two days
  // for victims never checked, would otherwise spend minutes on the newest after a load.
  await client.query(
    `INSERT INTO victim_duplicate_checks (victim_id, checked_version)
     SELECT id, version FROM seed_victims WHERE updated_at > now() - interval '7 days'`,
  );
  const referrals = await client.query('INSERT INTO referrals SELECT * FROM seed_referrals');
  await client.query(
    `UPDATE seed_counters s SET last_value = b.last_value
     FROM (SELECT prefix, year, max(split_part(case_number, '-', 3)::int) AS last_value
           FROM seed_cases GROUP BY prefix, year) b
     WHERE s.prefix = b.prefix AND s.year = b.year`,
  );
  return {
    cases: cases.rowCount ?? 0,
    victims: victims.rowCount ?? 0,
    referrals: referrals.rowCount ?? 0,
  };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function parseScaleSeedArguments(args: string[]): ScaleSeedOptions {
  const { values } = parseArgs({
    args,
    options: {
      cases: { type: 'string', default: '10000' },
      append: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
      'random-seed': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const whole = (name: string, value: string): number => {
    if (!/^\d+$/.test(value)) throw new SeedRefusedError(`--${name} must be a whole number`);
    return Number(value);
  };
  const options: ScaleSeedOptions = {
    cases: whole('cases', values.cases),
    append: values.append,
    batchSize:
      values['batch-size'] === undefined ? undefined : whole('batch-size', values['batch-size']),
    randomSeed: values['random-seed'] === undefined ? undefined : Number(values['random-seed']),
  };
  // Before anything starts: a bad number must not first start the embedded database.
  checkOptions(options);
  return options;
}

/**
 * The database the service would use, as the role that owns it. Without DATABASE_URL that is the
 * embedded PostgreSQL, started (and migrated) as the service starts it, and stopped after.
 */
async function ownerDatabase(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<{ url: string; stop(): Promise<void> }> {
  const { ownerUrl } = validateDatabaseEnvironment(env);
  if (ownerUrl !== undefined) return { url: ownerUrl, stop: () => Promise.resolve() };
  const runtime = await prepareRuntime(env, log);
  return { url: runtime.config.database.migrationUrl, stop: () => runtime.stop() };
}

async function main(): Promise<void> {
  let options: ScaleSeedOptions;
  try {
    options = parseScaleSeedArguments(process.argv.slice(2));
  } catch (error) {
    throw error instanceof SeedRefusedError
      ? error
      : new SeedRefusedError((error as Error).message);
  }
  const progress = (line: string) => process.stderr.write(`[seed:scale] ${line}\n`);
  const database = await ownerDatabase(process.env, progress);
  try {
    const result = await seedScale(database.url, options, progress);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const { inserted, seconds } = result;
    out(
      `Seeded ${count(inserted.cases)} cases, ${count(inserted.victims)} victims and ` +
        `${count(inserted.referrals)} referrals in ${seconds.total.toFixed(1)} s ` +
        `(load ${seconds.load.toFixed(1)} s, VACUUM ANALYZE ${seconds.vacuum.toFixed(1)} s).`,
    );
    out(`Agencies created: ${result.agenciesCreated}; users created: ${result.usersCreated}.`);
    if (result.password !== undefined)
      out(
        `Password of the users created (supervisor.<prefix>@${SCALE_EMAIL_DOMAIN}, ` +
          `petugas<n>.<prefix>@${SCALE_EMAIL_DOMAIN}): ${result.password}`,
      );
    out('Rows now in each table:');
    for (const [table, rows] of Object.entries(result.totals))
      out(`  ${table.padEnd(22)} ${count(rows).padStart(12)}`);
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const expected =
      error instanceof SeedRefusedError ||
      error instanceof ConfigurationError ||
      error instanceof InfrastructureUnavailableError ||
      error instanceof EmbeddedPostgresUnavailableError ||
      isDatabaseError(error);
    process.stderr.write(`${expected ? error.message : String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  });
}
