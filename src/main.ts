import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { API_PREFIX, createHttpApp, createWorkerContext, DOCS_PATH } from './app.factory';
import { StartupNotices } from './common/startup-notices';
import { ConfigurationError } from './config/environment';
import { EmbeddedPostgresUnavailableError } from './infrastructure/embedded-postgres';
import { InfrastructureUnavailableError, prepareRuntime } from './infrastructure/runtime';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function bootstrap(): Promise<void> {
  const startedAt = Date.now();
  // eslint-disable-next-line no-restricted-properties -- the one place the environment is read
  const runtime = await prepareRuntime(process.env, (line) => say(`[jejak] ${line}`));
  const { config } = runtime;

  let app: INestApplicationContext | undefined;
  try {
    if (config.role === 'worker') {
      app = await createWorkerContext(config);
      await app.init();
    } else {
      const httpApp = await createHttpApp(config);
      app = httpApp;
      await httpApp.listen(config.port);
    }
  } catch (error) {
    // Close connections and workers before the embedded database goes away under them.
    await app?.close().catch(() => undefined);
    await runtime.stop();
    throw error;
  }
  // On SIGTERM/SIGINT Nest closes workers and connections, then exits; the embedded database is
  // told to stop last, from the exit event.
  process.once('exit', () => runtime.signalStop());

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
    error instanceof EmbeddedPostgresUnavailableError
  ) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Jejak failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
