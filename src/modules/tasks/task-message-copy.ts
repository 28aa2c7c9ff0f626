import { DateTime } from 'luxon';
import type { MessageLanguage } from '../agencies/agency.enums';
import { copyLanguageOf, type RenderedMessage } from '../notifications/rendered-message';
import { serviceLabel, statusLabel } from '../referrals/referral-message-copy';
import type { ReferralService, ReferralStatus } from '../referrals/referral.enums';
import { formatForAgency } from '../referrals/working-calendar';

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

export function renderTaskReminder(ctx: TaskReminderContext): RenderedMessage {
  const language = copyLanguageOf(ctx.language);
  const dueAt = formatForAgency(ctx.dueAt, ctx.timeZone, language);
  // The title stays out of the subject: staff may write names into it, and subjects show on
  // lock screens and in mail previews.
  if (language === 'en') {
    return {
      subject: `[Jejak] Task reminder for case ${ctx.caseNumber}`,
      text: [
        `Dear ${ctx.recipientName},`,
        '',
        `The following task on case ${ctx.caseNumber} is due on ${dueAt}:`,
        '',
        ctx.taskTitle,
        '',
        'Open the task in Jejak:',
        ctx.taskApiUrl,
        '',
        'This message was sent automatically by Jejak.',
      ].join('\n'),
    };
  }
  return {
    subject: `[Jejak] Pengingat tugas kasus ${ctx.caseNumber}`,
    text: [
      `Yth. ${ctx.recipientName},`,
      '',
      `Tugas berikut pada kasus ${ctx.caseNumber} perlu diselesaikan paling lambat ${dueAt}:`,
      '',
      ctx.taskTitle,
      '',
      'Buka tugas di Jejak:',
      ctx.taskApiUrl,
      '',
      'Pesan ini dikirim secara otomatis oleh Jejak.',
    ].join('\n'),
  };
}

export function renderDigest(ctx: DigestContext): RenderedMessage {
  const language = copyLanguageOf(ctx.language);
  const en = language === 'en';
  const day = DateTime.fromISO(ctx.day, { zone: ctx.timeZone });
  if (!day.isValid) throw new RangeError(`A digest day must be a date as yyyy-mm-dd`);
  const dayLabel = day
    .setLocale(en ? 'en-GB' : 'id-ID')
    .toFormat(en ? 'cccc d LLLL yyyy' : 'cccc, d LLLL yyyy');
  const at = (instant: Date): string => formatForAgency(instant, ctx.timeZone, language);
  const overdue = en ? '[OVERDUE] ' : '[TERLAMBAT] ';
  const due = en ? 'due' : 'batas waktu';

  const taskLines = ctx.tasks.map(
    (task) =>
      `- ${task.overdue ? overdue : ''}${task.caseNumber}: ${task.title} (${due} ${at(task.dueAt)})`,
  );
  const referralLines = ctx.referrals.map(
    (referral) =>
      `- ${referral.overdue ? overdue : ''}${referral.caseNumber}: ` +
      `${serviceLabel(referral.service, ctx.language)}, ${referral.agencyName}, ` +
      `${statusLabel(referral.status, ctx.language)} (${due} ${at(referral.dueAt)})`,
  );
  const none = en ? '- none' : '- tidak ada';

  const body: string[] =
    taskLines.length === 0 && referralLines.length === 0
      ? [
          en
            ? `No task or referral is due on ${dayLabel}, and none is overdue.`
            : `Tidak ada tugas atau rujukan yang jatuh tempo pada ${dayLabel}, dan tidak ada yang terlambat.`,
        ]
      : [
          en
            ? `Tasks and referrals due on ${dayLabel}, or overdue:`
            : `Tugas dan rujukan yang jatuh tempo pada ${dayLabel} atau sudah terlambat:`,
          '',
          `${en ? 'Tasks' : 'Tugas'} (${taskLines.length}):`,
          ...(taskLines.length > 0 ? taskLines : [none]),
          '',
          `${en ? 'Referrals' : 'Rujukan'} (${referralLines.length}):`,
          ...(referralLines.length > 0 ? referralLines : [none]),
        ];

  return {
    subject: en ? `[Jejak] Daily digest, ${dayLabel}` : `[Jejak] Ringkasan harian, ${dayLabel}`,
    text: [
      en ? `Dear ${ctx.recipientName},` : `Yth. ${ctx.recipientName},`,
      '',
      ...body,
      '',
      en
        ? 'This message was sent automatically by Jejak.'
        : 'Pesan ini dikirim secara otomatis oleh Jejak.',
    ].join('\n'),
  };
}
