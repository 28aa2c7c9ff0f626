import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MessageLanguage } from '../agencies/agency.enums';
import type { ReferralMessageContext } from './referral-message-copy';
import { Notification } from '../notifications/notification.entity';
import {
  NotificationChannel,
  NotificationKind,
  RecipientKind,
} from '../notifications/notification.enums';
import { webhookSecretFor } from '../notifications/webhook-secrets';
import { User } from '../users/user.entity';
import { reminderStillApplies } from './referral-reminders';
import { ReferralLinksService } from './referral-links.service';
import { ReferralPriority, ReferralService, ReferralStatus } from './referral.enums';

const STAFF_TIME_ZONE = 'Asia/Jakarta';

export type PreparedReferralMessage =
  | { applies: false; reason: string }
  | {
      applies: true;
      context: ReferralMessageContext;
      /** Email recipients; empty when the address is gone (the delivery fails, visibly). */
      emailTo: string[];
      webhook: { url: string; secret: string } | null;
      /**
       * For webhook receivers that answer by machine: the API address (no secret in it) and the
       * token to send in its X-Response-Token header. Only ever inside the signed webhook body.
       */
      actionApi: { url: string; token: string } | null;
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

  /**
   * What each message needs, in one lean round trip for their referrals, cases, both agencies
   * and live links, and one for the staff they go to, if any. This runs for every message, and
   * hydrating four entities per message was most of a delivery's cost.
   */
  async prepareMany(notifications: readonly Notification[]): Promise<PreparedReferralMessage[]> {
    if (notifications.length === 0) return [];
    const manager = this.dataSource.manager;
    const referralIds = [...new Set(notifications.map((n) => n.referralId!))];
    const found = await manager.query<MessageRow[]>(
      `SELECT r.id AS referral_id, r.status, r.acknowledged_at, r.due_at, r.acknowledge_due_at,
              r.sent_at, r.time_zone, r.contact_email, r.service, r.priority, r.reminders_ignored,
              r.assignee_id,
              c.case_number,
              receiving.id AS receiving_id, receiving.name AS receiving_name,
              receiving.preferred_language, receiving.contact_emails, receiving.webhook_url,
              receiving.webhook_secret_version, receiving.webhook_secret_legacy,
              receiving.escalation_contact_name,
              receiving.escalation_contact_email,
              referring.name AS referring_name,
              link.id AS link_id, link.expires_at AS link_expires_at
       FROM referrals r
       JOIN cases c ON c.id = r.case_id
       JOIN agencies receiving ON receiving.id = r.agency_id
       JOIN agencies referring ON referring.id = c.owning_agency_id
       LEFT JOIN LATERAL (
         SELECT id, expires_at FROM referral_response_links
         WHERE referral_id = r.id AND revoked_at IS NULL AND expires_at > now()
         ORDER BY created_at DESC LIMIT 1) link ON true
       WHERE r.id = ANY ($1::uuid[])`,
      [referralIds],
    );
    const referrals = new Map(found.map((row) => [row.referral_id, row]));
    const userIds = [
      ...new Set(
        notifications
          .filter((n) => n.recipientKind === RecipientKind.User)
          .map((n) => n.recipientUserId!),
      ),
    ];
    const users = new Map(
      userIds.length === 0
        ? []
        : (await manager.getRepository(User).findBy({ id: In(userIds) })).map((user) => [
            user.id,
            user,
          ]),
    );
    return notifications.map((notification) =>
      this.messageFor(notification, referrals.get(notification.referralId!), users),
    );
  }

  private messageFor(
    notification: Notification,
    found: MessageRow | undefined,
    users: ReadonlyMap<string, User>,
  ): PreparedReferralMessage {
    if (!found || found.sent_at === null) return { applies: false, reason: 'referral gone' };
    const referral = {
      status: found.status,
      acknowledgedAt: found.acknowledged_at,
      dueAt: found.due_at,
    };
    if (!reminderStillApplies(notification.kind, referral, notification.dueAt))
      return { applies: false, reason: `no longer applies (referral ${referral.status})` };
    const receiving = {
      id: found.receiving_id,
      name: found.receiving_name,
      preferredLanguage: found.preferred_language,
      contactEmails: found.contact_emails,
      webhookUrl: found.webhook_url,
      webhookSecretVersion: found.webhook_secret_version,
      webhookSecretLegacy: found.webhook_secret_legacy,
      escalationContactName: found.escalation_contact_name,
      escalationContactEmail: found.escalation_contact_email,
    };

    let recipientName = receiving.name;
    let language = receiving.preferredLanguage;
    let timeZone = found.time_zone;
    let emailTo: string[] = [];
    let webhook: { url: string; secret: string } | null = null;
    let actionLink = true;
    switch (notification.recipientKind) {
      case RecipientKind.Agency:
        emailTo = unique([
          ...receiving.contactEmails,
          ...(found.contact_email ? [found.contact_email] : []),
        ]);
        if (notification.channel === NotificationChannel.Webhook && receiving.webhookUrl)
          webhook = {
            url: receiving.webhookUrl,
            secret: webhookSecretFor(this.config, receiving),
          };
        break;
      case RecipientKind.AgencyEscalationContact:
        recipientName = receiving.escalationContactName ?? receiving.name;
        emailTo = receiving.escalationContactEmail ? [receiving.escalationContactEmail] : [];
        break;
      case RecipientKind.User: {
        const user = users.get(notification.recipientUserId!);
        if (!user || user.disabledAt) return { applies: false, reason: 'recipient disabled' };
        // Reassigned before the message went: the new assignee has their own.
        if (
          notification.kind === NotificationKind.ReferralAssigned &&
          found.assignee_id !== user.id
        )
          return { applies: false, reason: 'no longer the assignee' };
        recipientName = user.fullName;
        language = MessageLanguage.Indonesian;
        timeZone = STAFF_TIME_ZONE;
        emailTo = [user.email];
        // Staff of the referring agency open the referral in the app, not through the agency's link.
        actionLink = false;
        break;
      }
    }
    const link =
      actionLink && found.link_id ? { id: found.link_id, expiresAt: found.link_expires_at! } : null;
    return {
      applies: true,
      emailTo,
      webhook,
      actionApi: link ? { url: this.links.apiUrl, token: this.links.tokenFor(link.id) } : null,
      context: {
        kind: notification.kind as ReferralMessageContext['kind'],
        language,
        timeZone,
        recipientName,
        recipientIsSupervisor: notification.recipientKind === RecipientKind.User,
        caseNumber: found.case_number,
        referringAgencyName: found.referring_name,
        receivingAgencyName: receiving.name,
        service: found.service,
        priority: found.priority,
        status: found.status,
        sentAt: found.sent_at,
        acknowledgeDueAt: found.acknowledge_due_at!,
        dueAt: found.due_at!,
        reminderNumber: notification.sequence,
        remindersIgnored: found.reminders_ignored,
        actionUrl: link ? this.links.urlFor(link.id) : null,
        actionUrlExpiresAt: link ? link.expiresAt : null,
        referralApiUrl: `${this.config.publicBaseUrl}/api/v1/referrals/${notification.referralId}`,
      },
    };
  }
}

/** The columns `prepareMany` reads, as PostgreSQL names them. */
interface MessageRow {
  referral_id: string;
  status: ReferralStatus;
  acknowledged_at: Date | null;
  due_at: Date | null;
  acknowledge_due_at: Date | null;
  sent_at: Date | null;
  time_zone: string;
  contact_email: string | null;
  service: ReferralService;
  priority: ReferralPriority;
  reminders_ignored: number;
  assignee_id: string | null;
  case_number: string;
  receiving_id: string;
  receiving_name: string;
  preferred_language: MessageLanguage;
  contact_emails: string[];
  webhook_url: string | null;
  webhook_secret_version: number;
  webhook_secret_legacy: boolean;
  escalation_contact_name: string | null;
  escalation_contact_email: string | null;
  referring_name: string;
  link_id: string | null;
  link_expires_at: Date | null;
}

function unique(addresses: string[]): string[] {
  return [...new Set(addresses.map((a) => a.toLowerCase()))];
}
