import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookSignature } from '../../src/modules/notifications/webhook-sender';

/** One delivery the receiver accepted (answered 2xx). */
export interface ReceivedWebhook {
  method: string;
  /** Path and query string as requested, e.g. `/agencies/lbh`. */
  path: string;
  /** Node lower-cases header names. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
  rawBody: string;
  idempotencyKey: string | undefined;
  /** Whether `X-Jejak-Signature` matches the body; undefined when no secret is configured. */
  signatureValid: boolean | undefined;
  receivedAt: Date;
}

export interface WebhookReceiverOptions {
  /** The secret agencies share with Jejak; a function picks one per request (by path, say). */
  secret?: string | ((request: IncomingMessage) => string);
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT`; append any path, every path is accepted. */
  readonly url: string;
  readonly port: number;
  /** Accepted deliveries, in arrival order. */
  readonly requests: ReadonlyArray<ReceivedWebhook>;
  /** How many requests were refused because of `failNext`, or for a body that is not JSON. */
  readonly rejectedCount: number;
  /** How many requests are hanging because of `holdNext`. */
  readonly heldCount: number;
  /**
   * Answers the next `count` requests with `status` and does not record them. A 3xx carries a
   * `Location` on this receiver (`/redirected`), so a client that follows it shows up as a request.
   */
  failNext(count: number, status?: number): void;
  /** Leaves the next request unanswered, as a stuck receiver would, until `releaseHeld`. */
  holdNext(): void;
  /** Leaves every request unanswered from now on (a receiver that hangs), until `recover`. */
  hang(): void;
  /** Answers again: the held requests whose sender still waits are accepted, as are new ones. */
  recover(): void;
  /**
   * The most requests held open at once (their senders still waiting) since the last `reset`,
   * each count taken 50 ms after a request arrives.
   */
  readonly peakOpenHeld: number;
  /**
   * Accepts the held requests as a slow receiver would: they are recorded, and answered 200 if
   * the sender is still waiting. A sender that gave up meanwhile will have retried, so the same
   * idempotency key can then appear twice.
   */
  releaseHeld(): void;
  /**
   * Resolves once at least `count` accepted requests (matching `predicate`, if given) exist, with
   * those requests; rejects with what did arrive if `timeoutMs` passes first.
   */
  waitFor(
    count: number,
    timeoutMs?: number,
    predicate?: (request: ReceivedWebhook) => boolean,
  ): Promise<ReceivedWebhook[]>;
  /** How many distinct messages arrived, however often each was retried. */
  uniqueIdempotencyKeys(): number;
  byIdempotencyKey(key: string): ReceivedWebhook[];
  /** Forgets what was received and what was asked of it; held requests are cut off. */
  reset(): void;
  close(): Promise<void>;
}

interface HeldRequest {
  request: IncomingMessage;
  response: ServerResponse;
  rawBody: string;
}

/** A real HTTP server on loopback that keeps the webhooks it receives, for end-to-end tests. */
export async function startWebhookReceiver(
  options: WebhookReceiverOptions = {},
): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  const held: HeldRequest[] = [];
  let failuresLeft = 0;
  let failureStatus = 503;
  let holdsLeft = 0;
  let hanging = false;
  let peakOpenHeld = 0;
  let rejectedCount = 0;
  let baseUrl = '';

  const signatureValid = (request: IncomingMessage, rawBody: string): boolean | undefined => {
    if (options.secret === undefined) return undefined;
    const secret = typeof options.secret === 'function' ? options.secret(request) : options.secret;
    const timestamp = request.headers['x-jejak-timestamp'];
    const signature = request.headers['x-jejak-signature'];
    if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
    return signature === webhookSignature(secret, timestamp, rawBody);
  };

  const accept = (request: IncomingMessage, response: ServerResponse, rawBody: string): void => {
    let body: unknown;
    try {
      // An empty body is kept, not refused: a client that followed a redirect sends none.
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      rejectedCount += 1;
      answer(response, 400, { error: 'body is not JSON' });
      return;
    }
    const idempotencyKey = request.headers['idempotency-key'];
    requests.push({
      method: request.method ?? 'POST',
      path: request.url ?? '/',
      headers: request.headers,
      body,
      rawBody,
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      signatureValid: signatureValid(request, rawBody),
      receivedAt: new Date(),
    });
    answer(response, 200, { received: true });
    for (const wake of [...waiters]) wake();
  };

  const server = createServer((request, response) => {
    // A sender that gives up mid-answer resets the socket; that is the sender's story, not ours.
    response.on('error', () => undefined);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => undefined);
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      if (hanging || holdsLeft > 0) {
        if (!hanging) holdsLeft -= 1;
        held.push({ request, response, rawBody });
        // Counted a moment later: a sender that gave up on one request and sent the next at once
        // may have its new request read here before the old connection's close.
        setTimeout(() => {
          const open = held.filter((h) => !h.request.socket.destroyed).length;
          peakOpenHeld = Math.max(peakOpenHeld, open);
        }, 50).unref();
        return;
      }
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        rejectedCount += 1;
        const redirect = failureStatus >= 300 && failureStatus < 400;
        answer(
          response,
          failureStatus,
          { error: 'refused by the test receiver' },
          redirect ? { Location: `${baseUrl}/redirected` } : {},
        );
        return;
      }
      accept(request, response, rawBody);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  const matching = (predicate?: (request: ReceivedWebhook) => boolean): ReceivedWebhook[] =>
    predicate ? requests.filter(predicate) : [...requests];

  return {
    url: baseUrl,
    port,
    requests,
    get rejectedCount() {
      return rejectedCount;
    },
    get heldCount() {
      return held.length;
    },
    get peakOpenHeld() {
      return peakOpenHeld;
    },
    hang() {
      hanging = true;
    },
    recover() {
      hanging = false;
      for (const { request, response, rawBody } of held.splice(0))
        if (!request.socket.destroyed) accept(request, response, rawBody);
    },
    failNext(count: number, status = 503) {
      failuresLeft = count;
      failureStatus = status;
    },
    holdNext() {
      holdsLeft += 1;
    },
    releaseHeld() {
      for (const { request, response, rawBody } of held.splice(0))
        accept(request, response, rawBody);
    },
    waitFor(
      count: number,
      timeoutMs = 10_000,
      predicate?: (request: ReceivedWebhook) => boolean,
    ): Promise<ReceivedWebhook[]> {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = matching(predicate);
          if (found.length < count) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          const found = matching(predicate);
          const arrived = requests.map(
            (r) =>
              `${r.method} ${r.path} key=${r.idempotencyKey ?? '-'} signature=${describeSignature(r.signatureValid)}`,
          );
          reject(
            new Error(
              `expected ${count} webhook(s)${predicate ? ' matching the predicate' : ''} within ${timeoutMs} ms, got ${found.length}` +
                ` (accepted ${requests.length}${arrived.length > 0 ? `: ${arrived.join('; ')}` : ''};` +
                ` refused ${rejectedCount}; holding ${held.length})`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        const wake = (): void => void check();
        waiters.add(wake);
        check();
      });
    },
    uniqueIdempotencyKeys: () => new Set(requests.map((r) => r.idempotencyKey)).size,
    byIdempotencyKey: (key: string) => requests.filter((r) => r.idempotencyKey === key),
    reset() {
      requests.length = 0;
      failuresLeft = 0;
      failureStatus = 503;
      holdsLeft = 0;
      hanging = false;
      peakOpenHeld = 0;
      rejectedCount = 0;
      for (const { response } of held.splice(0)) response.socket?.destroy();
    },
    close() {
      for (const { response } of held.splice(0)) response.socket?.destroy();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; close() alone would wait for them to time out.
        server.closeAllConnections();
      });
    },
  };
}

function answer(
  response: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function describeSignature(valid: boolean | undefined): string {
  if (valid === undefined) return 'unchecked';
  return valid ? 'valid' : 'invalid';
}
