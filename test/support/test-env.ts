/** Where the tests find PostgreSQL and Redis; override with TEST_DATABASE_URL / TEST_REDIS_URL. */
export const TEST_ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_DATABASE_PREFIX = 'jejak_test_';
/**
 * The role test apps run as, like production's service role: it owns nothing, so a grant the
 * service lacks fails the test that needs it. Roles are cluster-wide; this one is shared by every
 * run and created once, idempotently.
 */
export const TEST_SERVICE_ROLE = 'jejak_test_service';

/** Set by the global setup, inherited by the Jest workers, so concurrent runs do not collide. */
export function testRunId(): string {
  const id = process.env.JEJAK_TEST_RUN_ID;
  if (!id)
    throw new Error(
      'JEJAK_TEST_RUN_ID is unset: run the tests through Jest (test/support/global-setup.ts)',
    );
  return id;
}

export function templateDatabase(): string {
  return `${TEST_DATABASE_PREFIX}${testRunId()}_template`;
}

export function databaseUrl(name: string): string {
  const url = new URL(TEST_ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The same database, signed in as the service role (trusted locally, like the admin). */
export function serviceDatabaseUrl(name: string): string {
  const url = new URL(databaseUrl(name));
  url.username = TEST_SERVICE_ROLE;
  url.password = '';
  return url.toString();
}
