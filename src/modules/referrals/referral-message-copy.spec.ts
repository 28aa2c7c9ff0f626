import { MessageLanguage } from '../agencies/agency.enums';
import { NotificationKind } from '../notifications/notification.enums';
import {
  priorityLabel,
  type ReferralMessageContext,
  renderReferralMessage,
  serviceLabel,
  statusLabel,
} from './referral-message-copy';
import { ReferralPriority, ReferralService, ReferralStatus } from './referral.enums';

const ACTION_URL = 'https://jejak.example.go.id/r/8f3c2a9e1b7d';
const REFERRAL_API_URL = 'https://jejak.example.go.id/api/v1/referrals/2a4e9c1d';

function referralContext(overrides: Partial<ReferralMessageContext> = {}): ReferralMessageContext {
  return {
    kind: NotificationKind.ReferralSent,
    language: MessageLanguage.Indonesian,
    timeZone: 'Asia/Jakarta',
    recipientName: 'LBH Bandar Lampung',
    recipientIsSupervisor: false,
    caseNumber: 'JJK-2024-000123',
    referringAgencyName: 'BP3MI Lampung',
    receivingAgencyName: 'LBH Bandar Lampung',
    service: ReferralService.LegalAid,
    priority: ReferralPriority.High,
    status: ReferralStatus.Sent,
    // Tuesday 14 May 2024, 10:00 WIB.
    sentAt: new Date('2024-05-14T03:00:00Z'),
    // End of Thursday 16 May 2024, WIB.
    acknowledgeDueAt: new Date('2024-05-16T16:59:59.999Z'),
    // End of Tuesday 28 May 2024, WIB.
    dueAt: new Date('2024-05-28T16:59:59.999Z'),
    reminderNumber: 1,
    remindersIgnored: 0,
    actionUrl: ACTION_URL,
    actionUrlExpiresAt: new Date('2024-06-11T16:59:59.999Z'),
    referralApiUrl: REFERRAL_API_URL,
    ...overrides,
  };
}

const REFERRAL_KINDS = [
  NotificationKind.ReferralSent,
  NotificationKind.AcknowledgeReminder,
  NotificationKind.DueSoonReminder,
  NotificationKind.OverdueReminder,
  NotificationKind.Escalation,
] as const;

describe('labels', () => {
  it('names every service, priority and status in both languages', () => {
    for (const language of [MessageLanguage.Indonesian, MessageLanguage.English]) {
      for (const service of Object.values(ReferralService))
        expect(serviceLabel(service, language)).toMatch(/^\p{Lu}/u);
      for (const priority of Object.values(ReferralPriority))
        expect(priorityLabel(priority, language)).toMatch(/^\p{Lu}/u);
      for (const status of Object.values(ReferralStatus))
        expect(statusLabel(status, language)).toMatch(/^\p{Lu}/u);
    }
  });

  it('speaks Indonesian and English', () => {
    expect(serviceLabel(ReferralService.RepatriationRemains, MessageLanguage.Indonesian)).toBe(
      'Pemulangan jenazah',
    );
    expect(serviceLabel(ReferralService.RepatriationRemains, MessageLanguage.English)).toBe(
      'Repatriation of remains',
    );
    expect(priorityLabel(ReferralPriority.Critical, MessageLanguage.Indonesian)).toBe('Kritis');
    expect(statusLabel(ReferralStatus.Declined, MessageLanguage.English)).toBe('Declined');
  });
});

describe('referral messages in Indonesian', () => {
  it.each(REFERRAL_KINDS)('%s carries the case, service, due date and action link', (kind) => {
    const { subject, text } = renderReferralMessage(referralContext({ kind, remindersIgnored: 3 }));
    expect(subject).toMatch(/^\[Jejak\] /);
    expect(subject).toContain('JJK-2024-000123');
    expect(text).toMatch(/^Yth\. LBH Bandar Lampung,\n/);
    expect(text).toContain('Nomor kasus: JJK-2024-000123');
    expect(text).toContain('Layanan: Bantuan hukum');
    expect(text).toContain('Batas waktu penanganan: Selasa, 28 Mei 2024 23.59 WIB');
    expect(text).toContain(`\n${ACTION_URL}\n`);
    expect(text).toContain('berlaku sampai Selasa, 11 Juni 2024 23.59 WIB');
    expect(text).toContain('Jangan teruskan tautan ini');
  });

  it('asks a new referral to be acknowledged by its date', () => {
    const { subject, text } = renderReferralMessage(referralContext());
    expect(subject).toBe(
      '[Jejak] Rujukan baru kasus JJK-2024-000123: Bantuan hukum – prioritas tinggi',
    );
    expect(text).toContain('BP3MI Lampung mengirimkan rujukan baru kepada LBH Bandar Lampung');
    expect(text).toContain('Batas konfirmasi penerimaan: Kamis, 16 Mei 2024 23.59 WIB');
    expect(text).toContain('Mohon konfirmasi penerimaan');
  });

  it('reminds of the acknowledge-by date', () => {
    const { subject, text } = renderReferralMessage(
      referralContext({ kind: NotificationKind.AcknowledgeReminder }),
    );
    expect(subject).toContain('Mohon konfirmasi penerimaan rujukan kasus JJK-2024-000123');
    expect(text).toContain('belum dikonfirmasi penerimaannya');
    expect(text).toContain('Batas konfirmasi penerimaan: Kamis, 16 Mei 2024 23.59 WIB');
  });

  it('leaves the acknowledge-by date out once the referral was acknowledged', () => {
    const { text } = renderReferralMessage(
      referralContext({
        kind: NotificationKind.DueSoonReminder,
        status: ReferralStatus.Acknowledged,
      }),
    );
    expect(text).not.toContain('Batas konfirmasi penerimaan');
    expect(text).toContain('Status: Penerimaan dikonfirmasi');
  });

  it('counts overdue reminders and says since when it is late', () => {
    const { subject, text } = renderReferralMessage(
      referralContext({
        kind: NotificationKind.OverdueReminder,
        status: ReferralStatus.InProgress,
        reminderNumber: 3,
      }),
    );
    expect(subject).toContain('Terlambat');
    expect(subject).toContain('pengingat ke-3');
    expect(text).toContain(
      'sudah terlambat: batas waktu penanganannya berakhir pada Selasa, 28 Mei 2024 23.59 WIB.',
    );
    expect(text).toContain('Ini adalah pengingat ke-3.');
  });

  it('tells an escalation contact how many reminders went unanswered, with the action link', () => {
    const { subject, text } = renderReferralMessage(
      referralContext({
        kind: NotificationKind.Escalation,
        recipientName: 'Kepala LBH Bandar Lampung',
        remindersIgnored: 3,
      }),
    );
    expect(subject).toContain('Eskalasi');
    expect(text).toContain('sebagai kontak eskalasi LBH Bandar Lampung');
    expect(text).toContain('belum menanggapi 3 pengingat');
    expect(text).toContain(ACTION_URL);
  });

  it('gives the supervisor the referral in Jejak, never the agency action link', () => {
    const { text } = renderReferralMessage(
      referralContext({
        kind: NotificationKind.Escalation,
        recipientName: 'Siti Rahmawati',
        recipientIsSupervisor: true,
        remindersIgnored: 2,
      }),
    );
    expect(text).toContain('sebagai penyelia kasus JJK-2024-000123');
    expect(text).toContain('belum menanggapi 2 pengingat');
    expect(text).toContain(REFERRAL_API_URL);
    expect(text).not.toContain(ACTION_URL);
    expect(text).not.toContain('Jangan teruskan tautan ini');
  });

  it('points to the referral in Jejak when there is no action link', () => {
    const { text } = renderReferralMessage(
      referralContext({ actionUrl: null, actionUrlExpiresAt: null }),
    );
    expect(text).toContain(`Buka rujukan di Jejak:\n${REFERRAL_API_URL}`);
    expect(text).not.toContain('Jangan teruskan tautan ini');
  });

  it('shows dates in the agency time zone', () => {
    const { text } = renderReferralMessage(
      referralContext({
        receivingAgencyName: 'Dinas Sosial Kota Makassar',
        timeZone: 'Asia/Makassar',
      }),
    );
    // 23:59 WIB is already 00:59 the next day in Makassar.
    expect(text).toContain('Batas waktu penanganan: Rabu, 29 Mei 2024 00.59 WITA');
    expect(text).toContain('Batas konfirmasi penerimaan: Jumat, 17 Mei 2024 00.59 WITA');
    expect(text).not.toContain('WIB');
  });
});

describe('referral messages in English', () => {
  const english = (overrides: Partial<ReferralMessageContext>): ReferralMessageContext =>
    referralContext({ language: MessageLanguage.English, ...overrides });

  it.each(REFERRAL_KINDS)('%s carries the case, service, due date and action link', (kind) => {
    const { subject, text } = renderReferralMessage(english({ kind, remindersIgnored: 3 }));
    expect(subject).toMatch(/^\[Jejak\] /);
    expect(subject).toContain('JJK-2024-000123');
    expect(text).toMatch(/^Dear LBH Bandar Lampung,\n/);
    expect(text).toContain('Case number: JJK-2024-000123');
    expect(text).toContain('Service: Legal aid');
    expect(text).toContain('Due: Tuesday 28 May 2024, 23:59 GMT+7');
    expect(text).toContain(`\n${ACTION_URL}\n`);
    expect(text).toContain('valid until Tuesday 11 June 2024, 23:59 GMT+7');
    expect(text).toContain('Do not forward this link');
    expect(text).not.toMatch(/\b(Yth|rujukan|tautan)\b/);
  });

  it('shows the acknowledge-by date on a new referral and its reminder', () => {
    for (const kind of [
      NotificationKind.ReferralSent,
      NotificationKind.AcknowledgeReminder,
    ] as const) {
      expect(renderReferralMessage(english({ kind })).text).toContain(
        'Acknowledge by: Thursday 16 May 2024, 23:59 GMT+7',
      );
    }
  });

  it('counts overdue reminders', () => {
    const { subject, text } = renderReferralMessage(
      english({ kind: NotificationKind.OverdueReminder, reminderNumber: 2 }),
    );
    expect(subject).toBe(
      '[Jejak] Overdue: referral for case JJK-2024-000123 (reminder 2) – high priority',
    );
    expect(text).toContain('it was due on Tuesday 28 May 2024, 23:59 GMT+7');
    expect(text).toContain('This is reminder number 2.');
  });

  it('escalates to the supervisor without the action link', () => {
    const { text } = renderReferralMessage(
      english({
        kind: NotificationKind.Escalation,
        recipientIsSupervisor: true,
        remindersIgnored: 1,
      }),
    );
    expect(text).toContain('as the supervisor of case JJK-2024-000123');
    expect(text).toContain('has left 1 reminder about');
    expect(text).toContain(REFERRAL_API_URL);
    expect(text).not.toContain(ACTION_URL);
  });
});

describe('links', () => {
  it('are only the ones the context gives', () => {
    for (const kind of REFERRAL_KINDS) {
      for (const recipientIsSupervisor of [false, true]) {
        const { text } = renderReferralMessage(referralContext({ kind, recipientIsSupervisor }));
        const links = [...text.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]);
        expect(links).toEqual([recipientIsSupervisor ? REFERRAL_API_URL : ACTION_URL]);
      }
    }
  });
});

describe('news of an answer, to the referring caseworker', () => {
  const answered = (language: MessageLanguage, status: ReferralStatus) =>
    renderReferralMessage(
      referralContext({
        kind: NotificationKind.ReferralAnswered,
        language,
        status,
        recipientName: 'Dewi Lestari',
        recipientIsSupervisor: true,
      }),
    );

  it('says which agency answered and how, in Indonesian', () => {
    const { subject, text } = answered(MessageLanguage.Indonesian, ReferralStatus.Declined);
    expect(subject).toBe('[Jejak] Rujukan kasus JJK-2024-000123: ditolak oleh LBH Bandar Lampung');
    expect(text).toMatch(/^Yth\. Dewi Lestari,\n/);
    expect(text).toContain('LBH Bandar Lampung telah menanggapi rujukan dari BP3MI Lampung');
    expect(text).toContain('Status: Ditolak');
    expect(text).toContain('instansi lain');
  });

  it('and in English', () => {
    const { subject, text } = answered(MessageLanguage.English, ReferralStatus.Completed);
    expect(subject).toBe(
      '[Jejak] Referral for case JJK-2024-000123 completed by LBH Bandar Lampung',
    );
    expect(text).toContain('LBH Bandar Lampung has answered the following referral');
  });

  it('points staff to the referral in Jejak, never to the agency’s action link', () => {
    const { text } = answered(MessageLanguage.Indonesian, ReferralStatus.Completed);
    expect(text).toContain(REFERRAL_API_URL);
    expect(text).not.toContain(ACTION_URL);
    expect(text).not.toContain('Batas konfirmasi penerimaan');
  });
});

describe('an assignment, to the receiving agency’s caseworker', () => {
  const assigned = (language: MessageLanguage, status: ReferralStatus) =>
    renderReferralMessage(
      referralContext({
        kind: NotificationKind.ReferralAssigned,
        language,
        status,
        recipientName: 'Rina Marlina',
        recipientIsSupervisor: true,
      }),
    );

  it('says the referral is theirs now, with its deadlines, in Indonesian', () => {
    const { subject, text } = assigned(MessageLanguage.Indonesian, ReferralStatus.Sent);
    expect(subject).toBe(
      '[Jejak] Rujukan kasus JJK-2024-000123 ditugaskan kepada Anda: Bantuan hukum – prioritas tinggi',
    );
    expect(text).toMatch(/^Yth\. Rina Marlina,\n/);
    expect(text).toContain('ditugaskan kepada Anda untuk ditangani');
    expect(text).toContain('Batas konfirmasi penerimaan');
    expect(text).toContain('Batas waktu penanganan');
  });

  it('and in English, without the acknowledgement deadline once acknowledged', () => {
    const { subject, text } = assigned(MessageLanguage.English, ReferralStatus.Acknowledged);
    expect(subject).toBe(
      '[Jejak] Referral for case JJK-2024-000123 assigned to you: Legal aid – high priority',
    );
    expect(text).toContain('has been assigned to you');
    expect(text).not.toContain('Acknowledge by');
  });

  it('points them to the referral in Jejak, never to the agency’s action link', () => {
    const { text } = assigned(MessageLanguage.Indonesian, ReferralStatus.Sent);
    expect(text).toContain(REFERRAL_API_URL);
    expect(text).not.toContain(ACTION_URL);
  });
});
