import type { MessageLanguage } from '../agencies/agency.enums';
import type {
  ReferralPriority,
  ReferralService,
  ReferralStatus,
} from '../referrals/referral.enums';
import type { NotificationKind } from './notification.enums';

/**
 * What a message may say. Built at delivery time from the current rows, so a corrected due date
 * or a renewed link is what goes out. None of these carry a victim's identity: the agency reads
 * what the referral shares through the action link, not in the message.
 */
export interface ReferralMessageContext {
  kind:
    | NotificationKind.ReferralSent
    | NotificationKind.AcknowledgeReminder
    | NotificationKind.DueSoonReminder
    | NotificationKind.OverdueReminder
    | NotificationKind.Escalation
    | NotificationKind.ReferralAnswered;
  language: MessageLanguage;
  /** Dates are shown in this zone: the receiving agency's, or Asia/Jakarta for staff. */
  timeZone: string;
  recipientName: string;
  /**
   * Staff of the referring agency (a supervisor told of an escalation, a caseworker told of an
   * answer): they open the referral in Jejak rather than through the agency's action link.
   */
  recipientIsSupervisor: boolean;
  caseNumber: string;
  referringAgencyName: string;
  receivingAgencyName: string;
  service: ReferralService;
  priority: ReferralPriority;
  status: ReferralStatus;
  sentAt: Date;
  acknowledgeDueAt: Date;
  dueAt: Date;
  /** The nth reminder of this kind (overdue reminders repeat). */
  reminderNumber: number;
  /** Reminders the agency has left unanswered so far (for escalations). */
  remindersIgnored: number;
  /** Where the agency answers without an account; null in messages to the referring side. */
  actionUrl: string | null;
  actionUrlExpiresAt: Date | null;
  /** Where staff of the referring agency open the referral in the API. */
  referralApiUrl: string;
}

export interface TaskReminderContext {
  language: MessageLanguage;
  timeZone: string;
  recipientName: string;
  caseNumber: string;
  /** Written by staff for staff; sent only to the assignee's own address. */
  taskTitle: string;
  dueAt: Date;
  taskApiUrl: string;
}

export interface DigestContext {
  language: MessageLanguage;
  timeZone: string;
  recipientName: string;
  /** The local day the digest covers, yyyy-mm-dd. */
  day: string;
  tasks: Array<{ caseNumber: string; title: string; dueAt: Date; overdue: boolean }>;
  referrals: Array<{
    caseNumber: string;
    agencyName: string;
    service: ReferralService;
    status: ReferralStatus;
    dueAt: Date;
    overdue: boolean;
  }>;
}

export interface RenderedMessage {
  subject: string;
  text: string;
}
