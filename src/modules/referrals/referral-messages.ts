import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MessageLanguage } from '../agencies/agency.enums';
import { ReferralMessageContext } from '../notifications/message-contexts';
import { Notification } from '../notifications/notification.entity';
import { NotificationChannel, RecipientKind } from '../notifications/notification.enums';
import { webhookSecretFor } from '../notifications/webhook-secrets';
import { User } from '../users/user.entity';
import { reminderStillApplies } from './referral-reminders';
import { ReferralLinksService } from './referral-links.service';
import { Referral } from './referral.entity';

const STAFF_TIME_ZONE = 'Asia/Jakarta';

export type PreparedReferralMessage =
  | { applies: false; reason: string }
  | {
      applies: true;
      context: ReferralMessageContext;
      /** Email recipients; empty when the address is gone (the delivery fails, visibly). */
      emailTo: string[];
      webhook: { url: string; secret: string } | null;
      /** The action link as an API route, for webhook receivers that answer by machine. */
      actionApiUrl: string | null;
    };

/**
 * Everything a referral message needs, read when it is sent: current deadlines and status, the
 * live action link, and the recipient's current address.
 */
@Injectable()
export class ReferralMessages {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: ReferralLinksService,
  ) {}

  async prepare(notification: Notification): Promise<PreparedReferralMessage> {
    const manager = this.dataSource.manager;
    // One round trip for the referral, its case and both agencies: this runs for every message.
    const referral = await manager
      .getRepository(Referral)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.case', 'c')
      .innerJoinAndSelect('r.agency', 'receiving')
      .innerJoinAndSelect('c.owningAgency', 'referring')
      .where('r.id = :id', { id: notification.referralId })
      .getOne();
    if (!referral || referral.sentAt === null) return { applies: false, reason: 'referral gone' };
    if (!reminderStillApplies(notification.kind, referral, notification.dueAt))
      return { applies: false, reason: `no longer applies (referral ${referral.status})` };
    const record = referral.case!;
    const receiving = referral.agency!;
    const referring = record.owningAgency!;

    let recipientName = receiving.name;
    let language = receiving.preferredLanguage;
    let timeZone = referral.timeZone;
    let emailTo: string[] = [];
    let webhook: { url: string; secret: string } | null = null;
    let actionLink = true;
    switch (notification.recipientKind) {
      case RecipientKind.Agency:
        emailTo = unique([
          ...receiving.contactEmails,
          ...(referral.contactEmail ? [referral.contactEmail] : []),
        ]);
        if (notification.channel === NotificationChannel.Webhook && receiving.webhookUrl)
          webhook = {
            url: receiving.webhookUrl,
            secret: webhookSecretFor(
              this.config.appSecret,
              receiving.id,
              receiving.webhookSecretVersion,
            ),
          };
        break;
      case RecipientKind.AgencyEscalationContact:
        recipientName = receiving.escalationContactName ?? receiving.name;
        emailTo = receiving.escalationContactEmail ? [receiving.escalationContactEmail] : [];
        break;
      case RecipientKind.User: {
        const user = await manager
          .getRepository(User)
          .findOneBy({ id: notification.recipientUserId! });
        if (!user || user.disabledAt) return { applies: false, reason: 'recipient disabled' };
        recipientName = user.fullName;
        language = MessageLanguage.Indonesian;
        timeZone = STAFF_TIME_ZONE;
        emailTo = [user.email];
        // Staff of the referring agency open the referral in the app, not through the agency's link.
        actionLink = false;
        break;
      }
    }
    const link = actionLink ? await this.links.activeLink(referral.id) : null;
    return {
      applies: true,
      emailTo,
      webhook,
      actionApiUrl: link ? this.links.apiUrlFor(link.id) : null,
      context: {
        kind: notification.kind as ReferralMessageContext['kind'],
        language,
        timeZone,
        recipientName,
        recipientIsSupervisor: notification.recipientKind === RecipientKind.User,
        caseNumber: record.caseNumber,
        referringAgencyName: referring.name,
        receivingAgencyName: receiving.name,
        service: referral.service,
        priority: referral.priority,
        status: referral.status,
        sentAt: referral.sentAt,
        acknowledgeDueAt: referral.acknowledgeDueAt!,
        dueAt: referral.dueAt!,
        reminderNumber: notification.sequence,
        remindersIgnored: referral.remindersIgnored,
        actionUrl: link ? this.links.urlFor(link.id) : null,
        actionUrlExpiresAt: link ? link.expiresAt : null,
        referralApiUrl: `${this.config.publicBaseUrl}/api/v1/referrals/${referral.id}`,
      },
    };
  }
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses.map((a) => a.toLowerCase()))];
}
