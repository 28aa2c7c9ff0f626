import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

export interface OutgoingMail {
  to: string | string[];
  /** A stable id lets mail systems drop a message delivered twice (a retry after a lost reply). */
  messageId?: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * A delivery the mail server or the network refused. Its message names only the SMTP status:
 * servers quote the recipient's address in their replies, and this error ends up in logs and in
 * the queue's record of failed jobs.
 */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  readonly messageIsSafe = true;

  constructor(
    readonly responseCode: number | undefined,
    readonly errorCode: string | undefined,
  ) {
    super(
      `Mail delivery failed (${responseCode ? `SMTP ${responseCode}` : (errorCode ?? 'unknown error')})`,
    );
  }

  /** A 5xx reply means the server will never accept this message; retrying cannot help. */
  get permanent(): boolean {
    return this.responseCode !== undefined && this.responseCode >= 500 && this.responseCode < 600;
  }
}

@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly transport?: Transporter;

  /**
   * The longest a send may take in all, however its server behaves: a server that trickles its
   * replies keeps each socket timeout from firing, and a send that outlives the lease on its row
   * is sent again by another worker.
   */
  private readonly sendTimeoutMs: number;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const halfLeaseMs = config.notifications.requeueSeconds * 500;
    this.sendTimeoutMs = Math.min(60_000, halfLeaseMs);
    if (config.mail.smtpUrl)
      this.transport = createTransport({
        url: config.mail.smtpUrl,
        // Reminders fall due in bursts; reusing connections keeps the mail server from being
        // asked for a new one per message.
        pool: true,
        maxConnections: Math.max(1, Math.min(config.notifications.concurrency, 20)),
        // A delivery holds a lease on its notification row; it must give up well before then,
        // or another worker takes the row and sends the message a second time.
        connectionTimeout: Math.min(10_000, halfLeaseMs),
        greetingTimeout: Math.min(10_000, halfLeaseMs),
        socketTimeout: Math.min(30_000, halfLeaseMs),
      });
  }

  get configured(): boolean {
    return this.transport !== undefined;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not set; use printInsteadOfSending');
    try {
      await this.transport.sendMail({
        from: this.config.mail.from,
        ...mail,
        signal: AbortSignal.timeout(this.sendTimeoutMs),
      });
    } catch (error) {
      const { responseCode, code } = error as { responseCode?: number; code?: string };
      // EABORT: the send ran out of its time (sendTimeoutMs), a timeout like any other.
      throw new MailDeliveryError(responseCode, code === 'EABORT' ? 'ETIMEDOUT' : code);
    }
  }

  /**
   * Without SMTP_URL, which configuration allows only for the embedded default on one's own
   * machine, an operator reads action links off the console. Written to stdout, not to the
   * structured log, and without the recipient's address.
   */
  printInsteadOfSending(reference: string, body: string): void {
    process.stdout.write(`\n[mail not sent: SMTP_URL is not set] ${reference}:\n${body}\n\n`);
  }

  /** After the workers have finished their jobs (beforeApplicationShutdown), sends included. */
  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
