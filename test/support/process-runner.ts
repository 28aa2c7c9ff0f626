import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const BUILT_MAIN = path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');

/**
 * The Node flags the service ships with: those of package.json's `start:prod`, which `npm start`
 * runs and the image's command repeats (the project files test keeps them alike).
 */
export const SHIPPED_NODE_FLAGS: readonly string[] = (
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts['start:prod']
  .split(' ')
  .slice(1, -1);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningService {
  child: ChildProcess;
  /** stdout and stderr, interleaved as they came. */
  output(): string;
  /** What the process wrote to stderr alone. */
  errors(): string;
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the built service as a user would, with only the given environment. `ownProcessGroup` makes
 * it the leader of a process group, as a shell does for a command it runs, so the test can signal
 * the whole group the way Ctrl-C in a terminal does (`process.kill(-child.pid, 'SIGINT')`).
 */
export function runService(
  cwd: string,
  env: Record<string, string>,
  options: { ownProcessGroup?: boolean } = {},
): RunningService {
  const child = spawn(process.execPath, [...SHIPPED_NODE_FLAGS, BUILT_MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    errors: () => errors,
    exited,
    waitForOutput: async (pattern, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`Timed out waiting for ${pattern}; output so far:\n${output}`);
    },
  };
}
