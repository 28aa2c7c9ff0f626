import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { request } from 'undici';

/** What the receiver recomputes to check that a delivery came from us and was not altered. */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Client errors that say "not now" rather than "never": timeout, conflict, too early, rate limit. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 409, 425, 429]);

const INVALID_URL = 'invalid_url';
const TIMEOUT = 'timeout';

/**
 * A delivery the receiver refused or never answered. Its message names only the HTTP status or
 * the network error code: neither the URL (agencies put tokens in them) nor the response body
 * (which may echo what we sent) may reach the logs or the queue's record of failed jobs.
 */
export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError';
  readonly messageIsSafe = true;
  readonly status?: number;
  readonly code?: string;

  constructor(details: { status: number } | { code: string }) {
    super(
      `Webhook delivery failed (${'status' in details ? `HTTP ${details.status}` : details.code})`,
    );
    if ('status' in details) this.status = details.status;
    else this.code = details.code;
  }

  /**
   * Whether retrying cannot help. Redirects count as refusals because they are not followed: one
   * could send case data to a host the agency never registered.
   */
  get permanent(): boolean {
    if (this.code === INVALID_URL) return true;
    if (this.status === undefined) return false;
    if (this.status >= 300 && this.status < 400) return true;
    if (this.status >= 400 && this.status < 500) return !RETRYABLE_CLIENT_STATUSES.has(this.status);
    return false;
  }
}

@Injectable()
export class WebhookSender {
  /**
   * POSTs `body` as JSON, signed with `options.secret`. Resolves on any 2xx; throws
   * WebhookDeliveryError for everything else, including redirects and timeouts. The receiver
   * sees the same `idempotencyKey` on every retry of one message, so it can drop repeats.
   */
  async post(
    url: string,
    body: unknown,
    options: { secret: string; idempotencyKey: string; timeoutMs?: number },
  ): Promise<void> {
    // The client would quote a malformed URL in its error, and a non-HTTP scheme is never deliverable.
    if (!isHttpUrl(url)) throw new WebhookDeliveryError({ code: INVALID_URL });
    const rawBody = JSON.stringify(body) as string | undefined;
    if (rawBody === undefined) throw new TypeError('A webhook body must be serialisable as JSON');
    const timestamp = Math.floor(Date.now() / 1000).toString();

    // One timer and controller per call: AbortSignal.timeout and fetch's web streams were a
    // third of a webhook's CPU.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let status: number;
    try {
      // undici's request follows no redirect unless told to.
      const response = await request(url, {
        method: 'POST',
        body: rawBody,
        signal: deadline.signal,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Jejak-Webhook/1',
          'Idempotency-Key': options.idempotencyKey,
          'X-Jejak-Timestamp': timestamp,
          'X-Jejak-Signature': webhookSignature(options.secret, timestamp, rawBody),
        },
      });
      status = response.statusCode;
      // Nothing in the answer is read; draining it frees the connection for the next delivery.
      await response.body.dump();
    } catch (error) {
      throw new WebhookDeliveryError({
        code: deadline.signal.aborted ? TIMEOUT : networkErrorCode(error),
      });
    } finally {
      clearTimeout(timer);
    }
    if (status < 200 || status >= 300) throw new WebhookDeliveryError({ status });
  }
}

function isHttpUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === 'https:' || protocol === 'http:';
}

/** The socket's error code (a refused connection, a reset), or undici's for what it detected. */
function networkErrorCode(error: unknown): string {
  const { code, cause, errors } = error as {
    code?: unknown;
    cause?: { code?: unknown };
    // Trying several addresses (IPv6 and IPv4) ends in an AggregateError carrying each attempt.
    errors?: Array<{ code?: unknown }>;
  };
  const found = code ?? cause?.code ?? errors?.[0]?.code;
  return typeof found === 'string' ? found : 'network_error';
}
