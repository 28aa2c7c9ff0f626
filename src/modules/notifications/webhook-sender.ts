import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';

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
    // fetch would quote a malformed URL in its error, and a non-HTTP scheme is never deliverable.
    if (!isHttpUrl(url)) throw new WebhookDeliveryError({ code: INVALID_URL });
    const rawBody = JSON.stringify(body) as string | undefined;
    if (rawBody === undefined) throw new TypeError('A webhook body must be serialisable as JSON');
    const timestamp = Math.floor(Date.now() / 1000).toString();

    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        body: rawBody,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Jejak-Webhook/1',
          'Idempotency-Key': options.idempotencyKey,
          'X-Jejak-Timestamp': timestamp,
          'X-Jejak-Signature': webhookSignature(options.secret, timestamp, rawBody),
        },
      });
    } catch (error) {
      throw new WebhookDeliveryError({ code: networkErrorCode(error) });
    }
    // Nothing in the answer is read; cancelling frees the connection for the next delivery.
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status >= 300)
      throw new WebhookDeliveryError({ status: response.status });
  }
}

function isHttpUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === 'https:' || protocol === 'http:';
}

/** Node's fetch wraps the socket error in a TypeError("fetch failed") as its cause. */
function networkErrorCode(error: unknown): string {
  const { name, cause } = error as {
    name?: unknown;
    cause?: { code?: unknown; errors?: Array<{ code?: unknown }> };
  };
  // AbortSignal.timeout rejects with a DOMException of this name.
  if (name === 'TimeoutError') return TIMEOUT;
  // Trying several addresses (IPv6 and IPv4) ends in an AggregateError carrying each attempt.
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : 'network_error';
}
