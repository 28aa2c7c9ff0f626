import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One message the sink accepted. */
export interface ReceivedMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO), as given by the client. */
  to: string[];
  /** The whole message as received: headers and encoded body. */
  raw: string;
  /** The decoded Subject header (RFC 2047 encoded words resolved). */
  subject: string;
  /** The decoded text/plain part (quoted-printable or base64 undone). */
  text: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:PORT`, for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** Accepted messages, in arrival order. */
  readonly messages: ReadonlyArray<ReceivedMail>;
  /** How many messages were refused because of `failNext`. */
  readonly rejectedCount: number;
  /** Refuses the next `count` messages at the end of DATA with `451 try later` (a temporary failure). */
  failNext(count: number): void;
  /** Refuses this recipient for good (550), quoting the address as real servers do. */
  rejectRecipient(address: string): void;
  /** Messages whose envelope names this recipient (case-insensitive). */
  messagesTo(address: string): ReceivedMail[];
  /**
   * Resolves once at least `count` messages (to `to`, if given) have been accepted, with those
   * messages; rejects with what did arrive if `timeoutMs` passes first.
   */
  waitFor(count: number, timeoutMs?: number, to?: string): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives, for end-to-end mail tests. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let failuresLeft = 0;
  let rejectedCount = 0;
  const refusedRecipients = new Set<string>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'jejak test sink',
    // Without this, close() waits up to 30 s for connections a client left open.
    closeTimeout: 500,
    onRcptTo(address, _session, callback) {
      if (refusedRecipients.has(address.address.toLowerCase())) {
        rejectedCount += 1;
        callback(
          Object.assign(
            new Error(`<${address.address}>: Recipient address rejected: User unknown`),
            {
              responseCode: 550,
            },
          ),
        );
        return;
      }
      callback();
    },
    onData(
      stream: SMTPServerDataStream,
      session: SMTPServerSession,
      callback: (err?: Error | null) => void,
    ) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          rejectedCount += 1;
          callback(Object.assign(new Error('try later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelopeFrom = session.envelope.mailFrom;
        messages.push({
          from: envelopeFrom ? envelopeFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw,
          ...decodeMessage(raw),
        });
        callback();
        for (const wake of [...waiters]) wake();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors after listening (a client hanging up mid-session) are not the test's business.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;

  const messagesTo = (address: string): ReceivedMail[] =>
    messages.filter((m) =>
      m.to.some((recipient) => recipient.toLowerCase() === address.toLowerCase()),
    );

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    get rejectedCount() {
      return rejectedCount;
    },
    failNext(count: number) {
      failuresLeft = count;
    },
    rejectRecipient(address: string) {
      refusedRecipients.add(address.toLowerCase());
    },
    messagesTo,
    waitFor(count: number, timeoutMs = 10_000, to?: string): Promise<ReceivedMail[]> {
      const matching = (): ReceivedMail[] => (to === undefined ? [...messages] : messagesTo(to));
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = matching();
          if (found.length < count) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          const found = matching();
          reject(
            new Error(
              `expected ${count} message(s)${to ? ` to ${to}` : ''} within ${timeoutMs} ms, got ${found.length}` +
                ` (sink holds ${messages.length}, refused ${rejectedCount})`,
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// A small MIME reader, enough for what nodemailer sends: headers, multipart bodies, and the
// quoted-printable / base64 transfer encodings.

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): MimePart {
  const normalised = raw.replace(/\r\n/g, '\n');
  const end = normalised.indexOf('\n\n');
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const body = end === -1 ? '' : normalised.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function headerParam(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(value);
  return match?.[1];
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64')
    return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return part.body;
}

export function decodeQuotedPrintable(text: string): string {
  const softBreaksRemoved = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < softBreaksRemoved.length; i += 1) {
    const char = softBreaksRemoved[i];
    const hex = softBreaksRemoved.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_, _charset: string, kind: string, data: string) =>
        kind.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function findTextPart(part: MimePart): MimePart | undefined {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('text/plain')) return part;
  if (!type.startsWith('multipart/')) return undefined;
  const boundary = headerParam(part.headers.get('content-type')!, 'boundary');
  if (!boundary) return undefined;
  const sections = part.body.split(`--${boundary}`).slice(1);
  for (const section of sections) {
    if (section.startsWith('--')) break;
    const found = findTextPart(splitPart(section.replace(/^\n/, '')));
    if (found) return found;
  }
  return undefined;
}

function decodeMessage(raw: string): { subject: string; text: string } {
  const message = splitPart(raw);
  const textPart = findTextPart(message);
  return {
    subject: decodeEncodedWords(message.headers.get('subject') ?? ''),
    text: textPart ? decodeBody(textPart) : '',
  };
}
