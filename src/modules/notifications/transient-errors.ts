/** Errors of PostgreSQL and the network, sorted by whether trying again may cure them. */

export function postgresCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Connection losses, shutdowns, conflicts and timeouts: a later try may well succeed. */
const TRANSIENT_POSTGRES_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '40001',
  '40P01',
  '55P03',
  '57014',
]);
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const CONNECTION_LOST =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established/i;

/** An error that trying the same transaction again may cure; any other will recur. */
export function isTransient(error: unknown): boolean {
  const driverError = (error as { driverError?: unknown } | null)?.driverError;
  const code = postgresCode(error) ?? postgresCode(driverError);
  if (code !== undefined)
    return (
      code.startsWith('08') ||
      TRANSIENT_POSTGRES_CODES.has(code) ||
      TRANSIENT_SOCKET_CODES.has(code)
    );
  const message = error instanceof Error ? error.message : '';
  return CONNECTION_LOST.test(message);
}
