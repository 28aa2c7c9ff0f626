import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface MailDeliveryResult {
  /** false when no SMTP server is configured and the message went to the console instead. */
  delivered: boolean;
  messageId?: string;
}

@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private readonly transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.mail.smtpUrl) this.transport = createTransport(config.mail.smtpUrl);
  }

  get configured(): boolean {
    return this.transport !== undefined;
  }

  async send(mail: OutgoingMail): Promise<MailDeliveryResult> {
    if (!this.transport) {
      throw new Error('SMTP_URL is not set; use printInsteadOfSending for console delivery');
    }
    const info = (await this.transport.sendMail({ from: this.config.mail.from, ...mail })) as {
      messageId?: string;
    };
    return { delivered: true, messageId: info.messageId };
  }

  /**
   * Without SMTP_URL (the embedded default) an operator reads action links off the console.
   * The recipient's address stays out of the log; the caller names the message by ids.
   */
  printInsteadOfSending(reference: string, body: string): MailDeliveryResult {
    this.logger.warn(
      `SMTP_URL is not set, so this message was not emailed (${reference}):\n${body}`,
    );
    return { delivered: false };
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
