/**
 * Fails a test file in which the pg driver warns that a query was sent on a client already running
 * one (two queries at once on one transaction's connection): pg 9 will refuse it outright.
 */
import { runInThisContext } from 'node:vm';

const CONCURRENT_QUERY_WARNING = 'Calling client.query() when the client is already executing';

const seen: string[] = [];
let tolerated = false;
const collect = (warning: Error): void => {
  if (warning.name === 'DeprecationWarning' && warning.message.includes(CONCURRENT_QUERY_WARNING))
    seen.push(warning.stack ?? warning.message);
};

/**
 * For a test file that drives a library which sends queries in parallel on one client itself
 * (TypeORM's schema diff), never for the service's own code paths.
 */
export function tolerateConcurrentQueryWarnings(): void {
  tolerated = true;
}

// Jest hands each test file its own `process`, which never hears warnings: node emits them on the
// real one, reachable from the main context.
const realProcess = runInThisContext('process') as NodeJS.Process;

beforeAll(() => {
  realProcess.on('warning', collect);
});

afterAll(async () => {
  // Warnings are emitted on the next tick after the query that caused them.
  await new Promise((resolve) => setImmediate(resolve));
  realProcess.off('warning', collect);
  if (seen.length > 0 && !tolerated)
    throw new Error(`Two queries ran at once on one pg client:\n${seen.join('\n---\n')}`);
});
