// First, so that the heap limit holds while the modules below load (see heap-growth.ts).
import './infrastructure/heap-growth-at-start';
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import {
  API_PREFIX,
  createHttpApp,
  createWorkerContext,
  DOCS_PATH,
  STOP_SIGNALS,
} from './app.factory';
import { settleWithin } from './common/settle-within';
import { StartupNotices } from './common/startup-notices';
import { ConfigurationError, validateEnvironment } from './config/environment';
import { EmbeddedPostgresUnavailableError } from './infrastructure/embedded-postgres';
import {
  assertHttpPortFree,
  everyInterface,
  HttpPortUnavailableError,
} from './infrastructure/http-port';
import { InfrastructureUnavailableError, prepareRuntime } from './infrastructure/runtime';

/** Closing after a failed start must not hang: a stuck close would leave a process that ignores SIGTERM. */
const FAILED_START_CLOSE_MS = 10_000;

/**
 * A stop that has not ended by then is stuck (a job's own deadline is 10 s), and a process that
 * ignores SIGTERM would be killed without its exit handlers: the embedded database would be left
 * running. What was still running is taken again, as stalled, by the next start.
 */
const STOP_DEADLINE_MS = 25_000;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function bootstrap(): Promise<void> {
  const startedAt = Date.now();
  // eslint-disable-next-line no-restricted-properties -- the one place the environment is read
  const env = process.env;
  const { APP_ROLE, PORT } = validateEnvironment(env);
  if (APP_ROLE !== 'worker') await assertHttpPortFree(PORT);
  const runtime = await prepareRuntime(env, (line) => say(`[jejak] ${line}`));
  const { config } = runtime;
  // The embedded database runs in its own process group, so a terminal's Ctrl-C or hang-up no
  // longer reaches it: it is told to stop from this process's exit, whenever that comes. Until the
  // app's own shutdown hooks are in place, a signal ends the start-up here.
  process.once('exit', () => runtime.signalStop());
  const endStartUp = (signal: NodeJS.Signals) => {
    process.stderr.write(`Jejak stopped while starting (${signal})\n`);
    process.exit(1);
  };
  for (const signal of STOP_SIGNALS) process.once(signal, endStartUp);
  const startUpOver = () => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, endStartUp);
  };

  let app: INestApplicationContext | undefined;
  try {
    if (config.role === 'worker') {
      app = await createWorkerContext(config);
      await app.init();
    } else {
      const httpApp = await createHttpApp(config);
      app = httpApp;
      // Another program may have taken the port since the check above.
      await httpApp.listen(config.port, everyInterface()).catch((error: unknown) => {
        throw HttpPortUnavailableError.fromListenError(config.port, error);
      });
    }
  } catch (error) {
    startUpOver();
    // Close connections and workers before the embedded database goes away under them.
    await settleWithin(app?.close(), FAILED_START_CLOSE_MS);
    await settleWithin(runtime.stop(), FAILED_START_CLOSE_MS);
    throw error;
  }
  // From here on a stop signal makes Nest close workers and connections, then exit; the embedded
  // database is told to stop last, from the exit event.
  startUpOver();
  for (const signal of STOP_SIGNALS)
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`Jejak did not stop within ${STOP_DEADLINE_MS / 1000}s; exiting\n`);
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
    });

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  say('');
  say(`Jejak is running (role ${config.role}, started in ${seconds}s)`);
  if (config.role !== 'worker') {
    say(`  API:   ${config.publicBaseUrl}/${API_PREFIX}`);
    say(`  Docs:  ${config.publicBaseUrl}/${DOCS_PATH}`);
    say(`  Health: ${config.publicBaseUrl}/health`);
  }
  say(
    `  Database: ${config.database.embedded ? `embedded PostgreSQL, data in ${config.dataDir}` : 'DATABASE_URL'}`,
  );
  say(
    `  Queue: ${config.queue.backend === 'redis' ? 'Redis (REDIS_URL)' : 'PostgreSQL (no REDIS_URL)'}`,
  );
  if (!config.mail.smtpUrl)
    say('  Mail: SMTP_URL is not set; emails (password links) are printed here instead');
  for (const line of app.get(StartupNotices).all()) say(`  ${line}`);
  if (config.database.embedded) {
    say(
      '  Sign in: POST /api/v1/auth/login with the admin email and password, or try it from the docs page.',
    );
  }
  say('');
}

bootstrap().catch((error: unknown) => {
  if (
    error instanceof ConfigurationError ||
    error instanceof InfrastructureUnavailableError ||
    error instanceof EmbeddedPostgresUnavailableError ||
    error instanceof HttpPortUnavailableError
  ) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Jejak failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
