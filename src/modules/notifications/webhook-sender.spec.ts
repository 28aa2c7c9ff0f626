import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhook-receiver';
import { WebhookDeliveryError, WebhookSender, webhookSignature } from './webhook-sender';

const SECRET = 'shared-with-the-agency';

describe('webhookSignature', () => {
  it('is v1= and the hex HMAC-SHA256 of "timestamp.body"', () => {
    // echo -n '1715673600.{"a":1}' | openssl dgst -sha256 -hmac key
    expect(webhookSignature('key', '1715673600', '{"a":1}')).toBe(
      'v1=cb3778263553535fc5319b0f2b783875e2707c73f6cf55bab8b66f2b3a28dbbc',
    );
  });
});

describe('WebhookDeliveryError', () => {
  it.each([
    [301, true],
    [302, true],
    [400, true],
    [401, true],
    [404, true],
    [410, true],
    [408, false],
    [409, false],
    [425, false],
    [429, false],
    [500, false],
    [503, false],
  ])('HTTP %i is permanent: %s', (status, permanent) => {
    expect(new WebhookDeliveryError({ status }).permanent).toBe(permanent);
  });

  it('names the status or the error code, and nothing else', () => {
    expect(new WebhookDeliveryError({ status: 503 }).message).toBe(
      'Webhook delivery failed (HTTP 503)',
    );
    expect(new WebhookDeliveryError({ code: 'ECONNREFUSED' }).message).toBe(
      'Webhook delivery failed (ECONNREFUSED)',
    );
    expect(new WebhookDeliveryError({ code: 'timeout' }).permanent).toBe(false);
  });
});

describe('WebhookSender against a real receiver', () => {
  const sender = new WebhookSender();
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
  });
  afterEach(() => receiver.reset());
  afterAll(() => receiver.close());

  const deliveryError = async (promise: Promise<void>): Promise<WebhookDeliveryError> => {
    const error: unknown = await promise.then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(WebhookDeliveryError);
    return error as WebhookDeliveryError;
  };

  it('posts signed JSON with an idempotency key', async () => {
    const body = { event: 'referral.sent', caseNumber: 'JJK-2024-0001' };
    const before = Math.floor(Date.now() / 1000);
    await sender.post(`${receiver.url}/agencies/lbh?token=abc`, body, {
      secret: SECRET,
      idempotencyKey: 'notification-1',
    });

    const [received] = await receiver.waitFor(1, 1000);
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/agencies/lbh?token=abc');
    expect(received.body).toEqual(body);
    expect(received.rawBody).toBe(JSON.stringify(body));
    expect(received.signatureValid).toBe(true);
    expect(received.idempotencyKey).toBe('notification-1');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['user-agent']).toBe('Jejak-Webhook/1');
    const timestamp = Number(received.headers['x-jejak-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('is caught by the receiver when signed with another secret', async () => {
    await sender.post(
      receiver.url,
      { ok: true },
      { secret: 'not-the-secret', idempotencyKey: 'k' },
    );
    const [received] = await receiver.waitFor(1, 1000);
    expect(received.signatureValid).toBe(false);
  });

  it('keeps the idempotency key across retries, so the receiver can drop repeats', async () => {
    receiver.failNext(1, 503);
    const options = { secret: SECRET, idempotencyKey: 'notification-2' };
    await expect(sender.post(receiver.url, { n: 2 }, options)).rejects.toThrow(
      WebhookDeliveryError,
    );
    await sender.post(receiver.url, { n: 2 }, options);
    await sender.post(receiver.url, { n: 2 }, options);
    expect(receiver.byIdempotencyKey('notification-2')).toHaveLength(2);
    expect(receiver.uniqueIdempotencyKeys()).toBe(1);
  });

  it('treats a 500 as transient and names only the status', async () => {
    receiver.failNext(1, 500);
    const error = await deliveryError(
      sender.post(
        `${receiver.url}/hook?secret=do-not-log`,
        { n: 3 },
        {
          secret: SECRET,
          idempotencyKey: 'k3',
        },
      ),
    );
    expect(error.status).toBe(500);
    expect(error.permanent).toBe(false);
    expect(error.messageIsSafe).toBe(true);
    expect(error.message).toBe('Webhook delivery failed (HTTP 500)');
    expect(receiver.rejectedCount).toBe(1);
    expect(receiver.requests).toHaveLength(0);
  });

  it('treats a 400 as permanent', async () => {
    receiver.failNext(1, 400);
    const error = await deliveryError(
      sender.post(receiver.url, { n: 4 }, { secret: SECRET, idempotencyKey: 'k4' }),
    );
    expect(error.status).toBe(400);
    expect(error.permanent).toBe(true);
  });

  it('does not follow a redirect, and treats it as permanent', async () => {
    receiver.failNext(1, 302);
    const error = await deliveryError(
      sender.post(receiver.url, { n: 5 }, { secret: SECRET, idempotencyKey: 'k5' }),
    );
    expect(error.status).toBe(302);
    expect(error.permanent).toBe(true);
    // Following would have posted to the receiver's /redirected.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.requests).toHaveLength(0);
  });

  it('reports a refused connection as transient, with its code', async () => {
    const closedPort = await unusedPort();
    const error = await deliveryError(
      sender.post(
        `http://127.0.0.1:${closedPort}/hook`,
        { n: 6 },
        {
          secret: SECRET,
          idempotencyKey: 'k6',
        },
      ),
    );
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.status).toBeUndefined();
    expect(error.permanent).toBe(false);
    expect(error.message).toBe('Webhook delivery failed (ECONNREFUSED)');
  });

  it('gives up on a receiver that does not answer, as a transient failure', async () => {
    receiver.holdNext();
    const error = await deliveryError(
      sender.post(receiver.url, { n: 7 }, { secret: SECRET, idempotencyKey: 'k7', timeoutMs: 300 }),
    );
    expect(error.code).toBe('timeout');
    expect(error.permanent).toBe(false);
    expect(error.message).toBe('Webhook delivery failed (timeout)');
    expect(receiver.heldCount).toBe(1);

    // The receiver did get it, late: a retry then repeats the same key.
    receiver.releaseHeld();
    await sender.post(receiver.url, { n: 7 }, { secret: SECRET, idempotencyKey: 'k7' });
    expect(receiver.byIdempotencyKey('k7')).toHaveLength(2);
    expect(receiver.uniqueIdempotencyKeys()).toBe(1);
  });

  it('refuses a URL it cannot deliver to without quoting it', async () => {
    const error = await deliveryError(
      sender.post('ftp://files.example/secret-token', {}, { secret: SECRET, idempotencyKey: 'k8' }),
    );
    expect(error.permanent).toBe(true);
    expect(error.message).not.toContain('secret-token');
  });
});

/** A port nothing listens on: bound once by the OS, then released. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
