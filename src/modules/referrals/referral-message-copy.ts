import { MessageLanguage } from '../agencies/agency.enums';
import {
  compileCatalogue,
  type MessageKey,
  type MessageValues,
} from '../notifications/message-catalogue';
import { copyLanguageOf, type RenderedMessage } from '../notifications/rendered-message';
import { NotificationKind } from '../notifications/notification.enums';
import { ReferralPriority, ReferralService, ReferralStatus } from './referral.enums';
import en from './messages/en.json';
import id from './messages/id.json';
import { formatForAgency } from './working-calendar';

/** The wording is in messages/id.json and messages/en.json, for translators to edit. */
type ReferralMessageKey = MessageKey<typeof id>;

/*
 * Everything a message says comes from its context; nothing is looked up here. The contexts carry
 * no victim data, so a message forwarded or read over someone's shoulder gives away no more than
 * a case number and which agencies are involved.
 */

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
    | NotificationKind.ReferralAnswered
    | NotificationKind.ReferralAssigned;
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

const referralMessages = compileCatalogue<ReferralMessageKey>('referrals', { id, en });

export function serviceLabel(service: ReferralService, language: MessageLanguage): string {
  return referralMessages.format(copyLanguageOf(language), `service.${service}`);
}

export function priorityLabel(priority: ReferralPriority, language: MessageLanguage): string {
  return referralMessages.format(copyLanguageOf(language), `priority.${priority}`);
}

export function statusLabel(status: ReferralStatus, language: MessageLanguage): string {
  return referralMessages.format(copyLanguageOf(language), `status.${status}`);
}

export function renderReferralMessage(ctx: ReferralMessageContext): RenderedMessage {
  const language = copyLanguageOf(ctx.language);
  const say = (key: ReferralMessageKey, values?: MessageValues): string =>
    referralMessages.format(language, key, values);
  const at = (instant: Date): string => formatForAgency(instant, ctx.timeZone, language);
  const service = serviceLabel(ctx.service, ctx.language);
  const priority = priorityLabel(ctx.priority, ctx.language);
  const status = statusLabel(ctx.status, ctx.language);
  const dueAt = at(ctx.dueAt);
  const values: MessageValues = {
    recipientName: ctx.recipientName,
    caseNumber: ctx.caseNumber,
    service,
    referringAgency: ctx.referringAgencyName,
    receivingAgency: ctx.receivingAgencyName,
    dueAt,
    reminderNumber: ctx.reminderNumber,
    remindersIgnored: ctx.remindersIgnored,
  };
  const urgent =
    ctx.priority === ReferralPriority.Critical || ctx.priority === ReferralPriority.High;
  const withPriority = (subject: string): string =>
    urgent ? say('subjectWithPriority', { subject, priority: priority.toLowerCase() }) : subject;

  let subject: string;
  let intro: string[];
  let closing: string;
  // The acknowledge-by date matters while the agency still owes an acknowledgement; once it has
  // acknowledged, only the due date does.
  let showAcknowledgeBy: boolean;
  switch (ctx.kind) {
    case NotificationKind.ReferralSent:
      subject = withPriority(say('referralSent.subject', values));
      intro = [say('referralSent.intro', values)];
      closing = say('referralSent.closing');
      showAcknowledgeBy = true;
      break;
    case NotificationKind.AcknowledgeReminder:
      subject = withPriority(say('acknowledgeReminder.subject', values));
      intro = [say('acknowledgeReminder.intro', values)];
      closing = say('acknowledgeReminder.closing');
      showAcknowledgeBy = true;
      break;
    case NotificationKind.DueSoonReminder:
      subject = withPriority(say('dueSoonReminder.subject', values));
      intro = [say('dueSoonReminder.intro', values)];
      closing = say('dueSoonReminder.closing');
      showAcknowledgeBy = ctx.status === ReferralStatus.Sent;
      break;
    case NotificationKind.OverdueReminder:
      subject = withPriority(say('overdueReminder.subject', values));
      intro = [say('overdueReminder.intro', values), say('overdueReminder.reminderNumber', values)];
      closing = say('overdueReminder.closing');
      showAcknowledgeBy = ctx.status === ReferralStatus.Sent;
      break;
    case NotificationKind.Escalation:
      subject = withPriority(say('escalation.subject', values));
      intro = [
        ctx.recipientIsSupervisor
          ? say('escalation.toSupervisor', values)
          : say('escalation.toContact', values),
        say('escalation.unanswered', values),
      ];
      closing = ctx.recipientIsSupervisor
        ? say('escalation.closingToSupervisor')
        : say('escalation.closingToContact');
      showAcknowledgeBy = ctx.status === ReferralStatus.Sent;
      break;
    case NotificationKind.ReferralAnswered:
      subject = say('referralAnswered.subject', { ...values, status: status.toLowerCase() });
      intro = [say('referralAnswered.intro', values)];
      closing = say('referralAnswered.closing');
      showAcknowledgeBy = false;
      break;
    case NotificationKind.ReferralAssigned:
      subject = withPriority(say('referralAssigned.subject', values));
      intro = [say('referralAssigned.intro', values)];
      closing = say('referralAssigned.closing');
      showAcknowledgeBy = ctx.status === ReferralStatus.Sent;
      break;
    default:
      return unknownKind(ctx.kind);
  }

  const fields: Array<[ReferralMessageKey, string]> = [
    ['field.caseNumber', ctx.caseNumber],
    ['field.service', service],
    ['field.priority', priority],
    ['field.referringAgency', ctx.referringAgencyName],
    ['field.receivingAgency', ctx.receivingAgencyName],
  ];
  // A new referral is plainly "sent"; later messages say where it stands now.
  if (ctx.kind !== NotificationKind.ReferralSent) fields.push(['field.status', status]);
  fields.push(['field.sentAt', at(ctx.sentAt)]);
  if (showAcknowledgeBy) fields.push(['field.acknowledgeBy', at(ctx.acknowledgeDueAt)]);
  fields.push(['field.dueAt', dueAt]);

  const lines = [
    say('greeting', values),
    '',
    ...intro,
    '',
    ...fields.map(([label, value]) => `${say(label)}: ${value}`),
    '',
    closing,
    '',
    ...linkLines(ctx, say, at),
    '',
    say('footer'),
  ];
  return { subject: `[Jejak] ${subject}`, text: lines.join('\n') };
}

function linkLines(
  ctx: ReferralMessageContext,
  say: (key: ReferralMessageKey, values?: MessageValues) => string,
  at: (instant: Date) => string,
): string[] {
  // A supervisor acts as the referring side, in Jejak with an account; an action link would let
  // them answer for the receiving agency, which is not theirs to do.
  if (ctx.actionUrl === null || ctx.recipientIsSupervisor)
    return [say('link.referralInJejak'), ctx.referralApiUrl];
  return [
    ctx.actionUrlExpiresAt
      ? say('link.actionUntil', { expiresAt: at(ctx.actionUrlExpiresAt) })
      : say('link.action'),
    ctx.actionUrl,
    say('link.doNotForward', { receivingAgency: ctx.receivingAgencyName }),
  ];
}

function unknownKind(kind: never): never {
  throw new Error(`No referral message for kind "${String(kind)}"`);
}
