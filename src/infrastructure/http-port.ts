import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';

/** The HTTP port cannot be had; its message is the one line a person needs. */
export class HttpPortUnavailableError extends Error {
  override name = 'HttpPortUnavailableError';

  constructor(port: number, code: string | undefined) {
    super(
      code === 'EADDRINUSE'
        ? `Port ${port} sudah dipakai program lain / is already in use by another program: ` +
            `stop that program or set PORT to a free port.`
        : `Port ${port} tidak dapat dibuka / cannot be opened (${code ?? 'unknown error'}): ` +
            `set PORT to another port${code === 'EACCES' ? ' (ports below 1024 need root)' : ''}.`,
    );
  }

  /** Turns a failed `listen` into this error; any other error is returned as it is. */
  static fromListenError(port: number, error: unknown): Error {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')
      return new HttpPortUnavailableError(port, code);
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Opens and closes the port the way the HTTP server will (every interface), so a port held by
 * another program stops the start before the database, migrations and workers are brought up.
 */
export function assertHttpPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (error) => reject(HttpPortUnavailableError.fromListenError(port, error)));
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/**
 * The host that means "every interface", as Node picks it for a listen without one: IPv6's `::`
 * (which takes IPv4 too) where the machine has IPv6, `0.0.0.0` otherwise. Fastify would listen on
 * localhost alone without a host.
 */
export function everyInterface(): string {
  const hasIpv6 = Object.values(networkInterfaces()).some((addresses) =>
    (addresses ?? []).some((address) => address.family === 'IPv6'),
  );
  return hasIpv6 ? '::' : '0.0.0.0';
}
