import { DateTime } from 'luxon';
import type { MessageLanguage } from '../agencies/agency.enums';
import {
  compileCatalogue,
  type MessageKey,
  type MessageValues,
} from '../notifications/message-catalogue';
import { copyLanguageOf, type RenderedMessage } from '../notifications/rendered-message';
import { serviceLabel, statusLabel } from '../referrals/referral-message-copy';
import type { ReferralService, ReferralStatus } from '../referrals/referral.enums';
import { formatForAgency } from '../referrals/working-calendar';
import en from './messages/en.json';
import id from './messages/id.json';

/** The wording is in messages/id.json and messages/en.json, for translators to edit. */
type TaskMessageKey = MessageKey<typeof id>;

/*
 * Everything a message says comes from its context; nothing is looked up here. The contexts carry
 * no victim data, so a message forwarded or read over someone's shoulder gives away no more than
 * a case number and which agencies are involved.
 */

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

const taskMessages = compileCatalogue<TaskMessageKey>('tasks', { id, en });

export function renderTaskReminder(ctx: TaskReminderContext): RenderedMessage {
  const language = copyLanguageOf(ctx.language);
  const say = (key: TaskMessageKey, values?: MessageValues): string =>
    taskMessages.format(language, key, values);
  const values = {
    recipientName: ctx.recipientName,
    caseNumber: ctx.caseNumber,
    dueAt: formatForAgency(ctx.dueAt, ctx.timeZone, language),
  };
  // The title stays out of the subject: staff may write names into it, and subjects show on
  // lock screens and in mail previews.
  return {
    subject: `[Jejak] ${say('taskReminder.subject', values)}`,
    text: [
      say('greeting', values),
      '',
      say('taskReminder.intro', values),
      '',
      ctx.taskTitle,
      '',
      say('taskReminder.openInJejak'),
      ctx.taskApiUrl,
      '',
      say('footer'),
    ].join('\n'),
  };
}

export function renderDigest(ctx: DigestContext): RenderedMessage {
  const language = copyLanguageOf(ctx.language);
  const en = language === 'en';
  const say = (key: TaskMessageKey, values?: MessageValues): string =>
    taskMessages.format(language, key, values);
  const day = DateTime.fromISO(ctx.day, { zone: ctx.timeZone });
  if (!day.isValid) throw new RangeError(`A digest day must be a date as yyyy-mm-dd`);
  const dayLabel = day
    .setLocale(en ? 'en-GB' : 'id-ID')
    .toFormat(en ? 'cccc d LLLL yyyy' : 'cccc, d LLLL yyyy');
  const at = (instant: Date): string => formatForAgency(instant, ctx.timeZone, language);

  const taskLines = ctx.tasks.map((task) =>
    say('digest.task', {
      overdue: task.overdue ? 'yes' : 'no',
      caseNumber: task.caseNumber,
      title: task.title,
      dueAt: at(task.dueAt),
    }),
  );
  const referralLines = ctx.referrals.map((referral) =>
    say('digest.referral', {
      overdue: referral.overdue ? 'yes' : 'no',
      caseNumber: referral.caseNumber,
      service: serviceLabel(referral.service, ctx.language),
      agencyName: referral.agencyName,
      status: statusLabel(referral.status, ctx.language),
      dueAt: at(referral.dueAt),
    }),
  );

  const body: string[] =
    taskLines.length === 0 && referralLines.length === 0
      ? [say('digest.nothingDue', { day: dayLabel })]
      : [
          say('digest.intro', { day: dayLabel }),
          '',
          say('digest.tasks', { count: taskLines.length }),
          ...(taskLines.length > 0 ? taskLines : [say('digest.none')]),
          '',
          say('digest.referrals', { count: referralLines.length }),
          ...(referralLines.length > 0 ? referralLines : [say('digest.none')]),
        ];

  return {
    subject: `[Jejak] ${say('digest.subject', { day: dayLabel })}`,
    text: [
      say('greeting', { recipientName: ctx.recipientName }),
      '',
      ...body,
      '',
      say('footer'),
    ].join('\n'),
  };
}
