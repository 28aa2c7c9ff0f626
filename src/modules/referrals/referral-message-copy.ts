import { MessageLanguage } from '../agencies/agency.enums';
import {
  type CopyLanguage,
  copyLanguageOf,
  type RenderedMessage,
} from '../notifications/rendered-message';
import { NotificationKind } from '../notifications/notification.enums';
import { ReferralPriority, ReferralService, ReferralStatus } from './referral.enums';
import { formatForAgency } from './working-calendar';

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

const SERVICE_LABELS: Record<ReferralService, Record<CopyLanguage, string>> = {
  [ReferralService.RepatriationLiving]: {
    id: 'Pemulangan PMI ke daerah asal',
    en: 'Repatriation of the worker',
  },
  [ReferralService.RepatriationRemains]: {
    id: 'Pemulangan jenazah',
    en: 'Repatriation of remains',
  },
  [ReferralService.RescueConsular]: {
    id: 'Penyelamatan dan pelindungan konsuler',
    en: 'Rescue and consular protection',
  },
  [ReferralService.PoliceInvestigation]: {
    id: 'Penyelidikan dan penyidikan kepolisian',
    en: 'Police investigation',
  },
  [ReferralService.LegalAid]: { id: 'Bantuan hukum', en: 'Legal aid' },
  [ReferralService.RestitutionClaim]: { id: 'Permohonan restitusi', en: 'Restitution claim' },
  [ReferralService.InsuranceBenefitClaim]: {
    id: 'Klaim manfaat asuransi atau jaminan sosial',
    en: 'Insurance or social security benefit claim',
  },
  [ReferralService.MedicalCare]: { id: 'Layanan kesehatan', en: 'Medical care' },
  [ReferralService.PsychosocialSupport]: {
    id: 'Dukungan psikososial',
    en: 'Psychosocial support',
  },
  [ReferralService.Shelter]: { id: 'Rumah aman', en: 'Shelter' },
  [ReferralService.FamilyTracing]: { id: 'Penelusuran keluarga', en: 'Family tracing' },
  [ReferralService.IdentityDocuments]: {
    id: 'Pengurusan dokumen identitas',
    en: 'Identity documents',
  },
  [ReferralService.SkillsTraining]: { id: 'Pelatihan keterampilan', en: 'Skills training' },
  [ReferralService.EconomicSupport]: { id: 'Pemberdayaan ekonomi', en: 'Economic support' },
  [ReferralService.Other]: { id: 'Layanan lainnya', en: 'Other service' },
};

const PRIORITY_LABELS: Record<ReferralPriority, Record<CopyLanguage, string>> = {
  [ReferralPriority.Critical]: { id: 'Kritis', en: 'Critical' },
  [ReferralPriority.High]: { id: 'Tinggi', en: 'High' },
  [ReferralPriority.Normal]: { id: 'Biasa', en: 'Normal' },
  [ReferralPriority.Low]: { id: 'Rendah', en: 'Low' },
};

const STATUS_LABELS: Record<ReferralStatus, Record<CopyLanguage, string>> = {
  [ReferralStatus.Draft]: { id: 'Draf', en: 'Draft' },
  [ReferralStatus.Sent]: { id: 'Menunggu konfirmasi', en: 'Awaiting acknowledgement' },
  [ReferralStatus.Acknowledged]: { id: 'Penerimaan dikonfirmasi', en: 'Acknowledged' },
  [ReferralStatus.InProgress]: { id: 'Sedang ditangani', en: 'In progress' },
  [ReferralStatus.Completed]: { id: 'Selesai', en: 'Completed' },
  [ReferralStatus.Declined]: { id: 'Ditolak', en: 'Declined' },
  [ReferralStatus.Cancelled]: { id: 'Dibatalkan', en: 'Cancelled' },
};

export function serviceLabel(service: ReferralService, language: MessageLanguage): string {
  return SERVICE_LABELS[service][copyLanguageOf(language)];
}

export function priorityLabel(priority: ReferralPriority, language: MessageLanguage): string {
  return PRIORITY_LABELS[priority][copyLanguageOf(language)];
}

export function statusLabel(status: ReferralStatus, language: MessageLanguage): string {
  return STATUS_LABELS[status][copyLanguageOf(language)];
}

/** The fixed wording of referral messages; the variable parts arrive already formatted. */
interface ReferralCopy {
  greeting(name: string): string;
  fields: {
    caseNumber: string;
    service: string;
    priority: string;
    referringAgency: string;
    receivingAgency: string;
    status: string;
    sentAt: string;
    acknowledgeBy: string;
    dueAt: string;
  };
  subjectPriority(priority: string): string;
  referralSent: { subject(caseNumber: string, service: string): string; intro: string[] };
  acknowledgeReminder: { subject(caseNumber: string, service: string): string; intro: string[] };
  dueSoonReminder: { subject(caseNumber: string, service: string): string; intro: string[] };
  overdueReminder: {
    subject(caseNumber: string, reminderNumber: number): string;
    intro(dueAt: string, reminderNumber: number): string[];
  };
  escalation: {
    subject(caseNumber: string, receivingAgency: string): string;
    toContact(remindersIgnored: number): string[];
    toSupervisor(caseNumber: string, remindersIgnored: number): string[];
  };
  referralAnswered: {
    subject(caseNumber: string, receivingAgency: string, status: string): string;
    intro: string[];
  };
  closing: {
    referralAnswered: string;
    referralSent: string;
    acknowledgeReminder: string;
    dueSoonReminder: string;
    overdueReminder: string;
    escalationToContact: string;
    escalationToSupervisor: string;
  };
  actionLink(expiresAt: string | null): string;
  doNotForward(receivingAgency: string): string;
  referralInJejak: string;
  footer: string;
}

function referralCopy(ctx: ReferralMessageContext): ReferralCopy {
  const referring = ctx.referringAgencyName;
  const receiving = ctx.receivingAgencyName;
  if (copyLanguageOf(ctx.language) === 'en') {
    const reminders = (count: number): string =>
      count === 1 ? '1 reminder' : `${count} reminders`;
    return {
      greeting: (name) => `Dear ${name},`,
      fields: {
        caseNumber: 'Case number',
        service: 'Service',
        priority: 'Priority',
        referringAgency: 'Referred by',
        receivingAgency: 'Referred to',
        status: 'Status',
        sentAt: 'Sent',
        acknowledgeBy: 'Acknowledge by',
        dueAt: 'Due',
      },
      subjectPriority: (priority) => ` – ${priority.toLowerCase()} priority`,
      referralSent: {
        subject: (caseNumber, service) => `New referral for case ${caseNumber}: ${service}`,
        intro: [`${referring} has sent ${receiving} a new referral:`],
      },
      acknowledgeReminder: {
        subject: (caseNumber, service) =>
          `Please acknowledge the referral for case ${caseNumber}: ${service}`,
        intro: [
          `The following referral from ${referring} to ${receiving} has not been acknowledged yet:`,
        ],
      },
      dueSoonReminder: {
        subject: (caseNumber, service) => `Referral for case ${caseNumber} due soon: ${service}`,
        intro: [`The following referral from ${referring} to ${receiving} is due soon:`],
      },
      overdueReminder: {
        subject: (caseNumber, reminderNumber) =>
          `Overdue: referral for case ${caseNumber} (reminder ${reminderNumber})`,
        intro: (dueAt, reminderNumber) => [
          `The following referral from ${referring} to ${receiving} is overdue: it was due on ${dueAt}.`,
          `This is reminder number ${reminderNumber}.`,
        ],
      },
      escalation: {
        subject: (caseNumber, receivingAgency) =>
          `Escalation: ${receivingAgency} has not answered the referral for case ${caseNumber}`,
        toContact: (ignored) => [
          `You are receiving this message as the escalation contact of ${receiving}.`,
          `${receiving} has left ${reminders(ignored)} about the following referral from ${referring} unanswered:`,
        ],
        toSupervisor: (caseNumber, ignored) => [
          `You are receiving this message as the supervisor of case ${caseNumber}.`,
          `${receiving} has left ${reminders(ignored)} about the following referral from ${referring} unanswered:`,
        ],
      },
      referralAnswered: {
        subject: (caseNumber, receivingAgency, status) =>
          `Referral for case ${caseNumber} ${status.toLowerCase()} by ${receivingAgency}`,
        intro: [`${receiving} has answered the following referral from ${referring}:`],
      },
      closing: {
        referralAnswered:
          'Read the answer in Jejak; a declined referral may need to go to another agency.',
        referralSent:
          'Please acknowledge receipt by the date above, or decline the referral with a reason.',
        acknowledgeReminder: 'Please acknowledge the referral now, or decline it with a reason.',
        dueSoonReminder: 'Please report progress or completion before the due date.',
        overdueReminder:
          'Please report progress or completion now, or decline the referral with a reason.',
        escalationToContact: 'Please make sure the referral is dealt with promptly.',
        escalationToSupervisor: 'Please follow up on the referral in Jejak.',
      },
      actionLink: (expiresAt) =>
        expiresAt
          ? `Answer the referral through this link, valid until ${expiresAt}:`
          : 'Answer the referral through this link:',
      doNotForward: (agency) =>
        `Do not forward this link: whoever holds it can answer the referral on behalf of ${agency}.`,
      referralInJejak: 'Open the referral in Jejak:',
      footer: 'This message was sent automatically by Jejak.',
    };
  }
  return {
    greeting: (name) => `Yth. ${name},`,
    fields: {
      caseNumber: 'Nomor kasus',
      service: 'Layanan',
      priority: 'Prioritas',
      referringAgency: 'Instansi perujuk',
      receivingAgency: 'Instansi penerima',
      status: 'Status',
      sentAt: 'Dikirim pada',
      acknowledgeBy: 'Batas konfirmasi penerimaan',
      dueAt: 'Batas waktu penanganan',
    },
    subjectPriority: (priority) => ` – prioritas ${priority.toLowerCase()}`,
    referralSent: {
      subject: (caseNumber, service) => `Rujukan baru kasus ${caseNumber}: ${service}`,
      intro: [`${referring} mengirimkan rujukan baru kepada ${receiving} dengan rincian berikut:`],
    },
    acknowledgeReminder: {
      subject: (caseNumber, service) =>
        `Mohon konfirmasi penerimaan rujukan kasus ${caseNumber}: ${service}`,
      intro: [
        `Rujukan dari ${referring} kepada ${receiving} berikut belum dikonfirmasi penerimaannya:`,
      ],
    },
    dueSoonReminder: {
      subject: (caseNumber, service) =>
        `Batas waktu rujukan kasus ${caseNumber} sudah dekat: ${service}`,
      intro: [
        `Batas waktu penanganan rujukan dari ${referring} kepada ${receiving} berikut sudah dekat:`,
      ],
    },
    overdueReminder: {
      subject: (caseNumber, reminderNumber) =>
        `Terlambat: rujukan kasus ${caseNumber} (pengingat ke-${reminderNumber})`,
      intro: (dueAt, reminderNumber) => [
        `Rujukan dari ${referring} kepada ${receiving} berikut sudah terlambat: batas waktu penanganannya berakhir pada ${dueAt}.`,
        `Ini adalah pengingat ke-${reminderNumber}.`,
      ],
    },
    escalation: {
      subject: (caseNumber, receivingAgency) =>
        `Eskalasi: rujukan kasus ${caseNumber} belum ditanggapi oleh ${receivingAgency}`,
      toContact: (ignored) => [
        `Anda menerima pesan ini sebagai kontak eskalasi ${receiving}.`,
        `${receiving} belum menanggapi ${ignored} pengingat mengenai rujukan dari ${referring} berikut:`,
      ],
      toSupervisor: (caseNumber, ignored) => [
        `Anda menerima pesan ini sebagai penyelia kasus ${caseNumber}.`,
        `${receiving} belum menanggapi ${ignored} pengingat mengenai rujukan dari ${referring} berikut:`,
      ],
    },
    referralAnswered: {
      subject: (caseNumber, receivingAgency, status) =>
        `Rujukan kasus ${caseNumber}: ${status.toLowerCase()} oleh ${receivingAgency}`,
      intro: [`${receiving} telah menanggapi rujukan dari ${referring} berikut:`],
    },
    closing: {
      referralAnswered:
        'Baca tanggapannya di Jejak; rujukan yang ditolak mungkin perlu dikirim ke instansi lain.',
      referralSent:
        'Mohon konfirmasi penerimaan rujukan ini sebelum batas konfirmasi penerimaan di atas, atau tolak rujukan dengan menyebutkan alasannya.',
      acknowledgeReminder:
        'Mohon segera konfirmasi penerimaan rujukan ini, atau tolak rujukan dengan menyebutkan alasannya.',
      dueSoonReminder:
        'Mohon laporkan perkembangan atau penyelesaian layanan sebelum batas waktu penanganan.',
      overdueReminder:
        'Mohon segera laporkan perkembangan atau penyelesaian layanan, atau tolak rujukan dengan menyebutkan alasannya.',
      escalationToContact: 'Mohon pastikan rujukan ini segera ditindaklanjuti.',
      escalationToSupervisor: 'Mohon tindak lanjuti rujukan ini di Jejak.',
    },
    actionLink: (expiresAt) =>
      expiresAt
        ? `Tanggapi rujukan melalui tautan berikut, yang berlaku sampai ${expiresAt}:`
        : 'Tanggapi rujukan melalui tautan berikut:',
    doNotForward: (agency) =>
      `Jangan teruskan tautan ini kepada siapa pun: setiap orang yang memegangnya dapat menanggapi rujukan atas nama ${agency}.`,
    referralInJejak: 'Buka rujukan di Jejak:',
    footer: 'Pesan ini dikirim secara otomatis oleh Jejak.',
  };
}

export function renderReferralMessage(ctx: ReferralMessageContext): RenderedMessage {
  const copy = referralCopy(ctx);
  const language = copyLanguageOf(ctx.language);
  const at = (instant: Date): string => formatForAgency(instant, ctx.timeZone, language);
  const service = serviceLabel(ctx.service, ctx.language);
  const priority = priorityLabel(ctx.priority, ctx.language);
  const dueAt = at(ctx.dueAt);
  const urgent =
    ctx.priority === ReferralPriority.Critical || ctx.priority === ReferralPriority.High;
  const subjectPriority = urgent ? copy.subjectPriority(priority) : '';

  let subject: string;
  let intro: string[];
  let closing: string;
  // The acknowledge-by date matters while the agency still owes an acknowledgement; once it has
  // acknowledged, only the due date does.
  let showAcknowledgeBy: boolean;
  switch (ctx.kind) {
    case NotificationKind.ReferralSent:
      subject = copy.referralSent.subject(ctx.caseNumber, service) + subjectPriority;
      intro = copy.referralSent.intro;
      closing = copy.closing.referralSent;
      showAcknowledgeBy = true;
      break;
    case NotificationKind.AcknowledgeReminder:
      subject = copy.acknowledgeReminder.subject(ctx.caseNumber, service) + subjectPriority;
      intro = copy.acknowledgeReminder.intro;
      closing = copy.closing.acknowledgeReminder;
      showAcknowledgeBy = true;
      break;
    case NotificationKind.DueSoonReminder:
      subject = copy.dueSoonReminder.subject(ctx.caseNumber, service) + subjectPriority;
      intro = copy.dueSoonReminder.intro;
      closing = copy.closing.dueSoonReminder;
      showAcknowledgeBy = ctx.status === ReferralStatus.Sent;
      break;
    case NotificationKind.OverdueReminder:
      subject = copy.overdueReminder.subject(ctx.caseNumber, ctx.reminderNumber) + subjectPriority;
      intro = copy.overdueReminder.intro(dueAt, ctx.reminderNumber);
      closing = copy.closing.overdueReminder;
      showAcknowledgeBy = ctx.status === ReferralStatus.Sent;
      break;
    case NotificationKind.Escalation:
      subject = copy.escalation.subject(ctx.caseNumber, ctx.receivingAgencyName) + subjectPriority;
      intro = ctx.recipientIsSupervisor
        ? copy.escalation.toSupervisor(ctx.caseNumber, ctx.remindersIgnored)
        : copy.escalation.toContact(ctx.remindersIgnored);
      closing = ctx.recipientIsSupervisor
        ? copy.closing.escalationToSupervisor
        : copy.closing.escalationToContact;
      showAcknowledgeBy = ctx.status === ReferralStatus.Sent;
      break;
    case NotificationKind.ReferralAnswered:
      subject = copy.referralAnswered.subject(
        ctx.caseNumber,
        ctx.receivingAgencyName,
        statusLabel(ctx.status, ctx.language),
      );
      intro = copy.referralAnswered.intro;
      closing = copy.closing.referralAnswered;
      showAcknowledgeBy = false;
      break;
    default:
      return unknownKind(ctx.kind);
  }

  const fields: Array<[string, string]> = [
    [copy.fields.caseNumber, ctx.caseNumber],
    [copy.fields.service, service],
    [copy.fields.priority, priority],
    [copy.fields.referringAgency, ctx.referringAgencyName],
    [copy.fields.receivingAgency, ctx.receivingAgencyName],
  ];
  // A new referral is plainly "sent"; later messages say where it stands now.
  if (ctx.kind !== NotificationKind.ReferralSent)
    fields.push([copy.fields.status, statusLabel(ctx.status, ctx.language)]);
  fields.push([copy.fields.sentAt, at(ctx.sentAt)]);
  if (showAcknowledgeBy) fields.push([copy.fields.acknowledgeBy, at(ctx.acknowledgeDueAt)]);
  fields.push([copy.fields.dueAt, dueAt]);

  const lines = [
    copy.greeting(ctx.recipientName),
    '',
    ...intro,
    '',
    ...fields.map(([label, value]) => `${label}: ${value}`),
    '',
    closing,
    '',
    ...linkLines(ctx, copy, at),
    '',
    copy.footer,
  ];
  return { subject: `[Jejak] ${subject}`, text: lines.join('\n') };
}

function linkLines(
  ctx: ReferralMessageContext,
  copy: ReferralCopy,
  at: (instant: Date) => string,
): string[] {
  // A supervisor acts as the referring side, in Jejak with an account; an action link would let
  // them answer for the receiving agency, which is not theirs to do.
  if (ctx.actionUrl === null || ctx.recipientIsSupervisor)
    return [copy.referralInJejak, ctx.referralApiUrl];
  return [
    copy.actionLink(ctx.actionUrlExpiresAt ? at(ctx.actionUrlExpiresAt) : null),
    ctx.actionUrl,
    copy.doNotForward(ctx.receivingAgencyName),
  ];
}

function unknownKind(kind: never): never {
  throw new Error(`No referral message for kind "${String(kind)}"`);
}
