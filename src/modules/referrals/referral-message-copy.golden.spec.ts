import { MessageLanguage } from '../agencies/agency.enums';
import { NotificationKind } from '../notifications/notification.enums';
import { type ReferralMessageContext, renderReferralMessage } from './referral-message-copy';
import { ReferralPriority, ReferralService, ReferralStatus } from './referral.enums';

/*
 * Whole messages, character for character, as they were written before the wording moved into
 * messages/*.json: a catalogue edit that changes more than its words (a lost line, a space, a
 * count printed as "1,000") shows here.
 */

const context = (overrides: Partial<ReferralMessageContext>): ReferralMessageContext => ({
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
  sentAt: new Date('2024-05-14T03:00:00Z'),
  acknowledgeDueAt: new Date('2024-05-16T16:59:59.999Z'),
  dueAt: new Date('2024-05-28T16:59:59.999Z'),
  reminderNumber: 1,
  remindersIgnored: 0,
  actionUrl: 'https://jejak.example.go.id/r/8f3c2a9e1b7d',
  actionUrlExpiresAt: new Date('2024-06-11T16:59:59.999Z'),
  referralApiUrl: 'https://jejak.example.go.id/api/v1/referrals/2a4e9c1d',
  ...overrides,
});

describe('whole referral messages', () => {
  it('an overdue reminder in Indonesian, in Papua time, with a link that does not expire', () => {
    const message = renderReferralMessage(
      context({
        kind: NotificationKind.OverdueReminder,
        priority: ReferralPriority.Critical,
        status: ReferralStatus.InProgress,
        reminderNumber: 2,
        actionUrlExpiresAt: null,
        timeZone: 'Asia/Jayapura',
      }),
    );
    expect(message).toEqual({
      subject:
        '[Jejak] Terlambat: rujukan kasus JJK-2024-000123 (pengingat ke-2) – prioritas kritis',
      text: [
        'Yth. LBH Bandar Lampung,',
        '',
        'Rujukan dari BP3MI Lampung kepada LBH Bandar Lampung berikut sudah terlambat: batas waktu penanganannya berakhir pada Rabu, 29 Mei 2024 01.59 WIT.',
        'Ini adalah pengingat ke-2.',
        '',
        'Nomor kasus: JJK-2024-000123',
        'Layanan: Bantuan hukum',
        'Prioritas: Kritis',
        'Instansi perujuk: BP3MI Lampung',
        'Instansi penerima: LBH Bandar Lampung',
        'Status: Sedang ditangani',
        'Dikirim pada: Selasa, 14 Mei 2024 12.00 WIT',
        'Batas waktu penanganan: Rabu, 29 Mei 2024 01.59 WIT',
        '',
        'Mohon segera laporkan perkembangan atau penyelesaian layanan, atau tolak rujukan dengan menyebutkan alasannya.',
        '',
        'Tanggapi rujukan melalui tautan berikut:',
        'https://jejak.example.go.id/r/8f3c2a9e1b7d',
        'Jangan teruskan tautan ini kepada siapa pun: setiap orang yang memegangnya dapat menanggapi rujukan atas nama LBH Bandar Lampung.',
        '',
        'Pesan ini dikirim secara otomatis oleh Jejak.',
      ].join('\n'),
    });
  });

  it('an answer, to the referring caseworker, in Indonesian', () => {
    const message = renderReferralMessage(
      context({
        kind: NotificationKind.ReferralAnswered,
        priority: ReferralPriority.Normal,
        status: ReferralStatus.Declined,
        recipientName: 'Dewi Lestari',
        recipientIsSupervisor: true,
      }),
    );
    expect(message).toEqual({
      subject: '[Jejak] Rujukan kasus JJK-2024-000123: ditolak oleh LBH Bandar Lampung',
      text: [
        'Yth. Dewi Lestari,',
        '',
        'LBH Bandar Lampung telah menanggapi rujukan dari BP3MI Lampung berikut:',
        '',
        'Nomor kasus: JJK-2024-000123',
        'Layanan: Bantuan hukum',
        'Prioritas: Biasa',
        'Instansi perujuk: BP3MI Lampung',
        'Instansi penerima: LBH Bandar Lampung',
        'Status: Ditolak',
        'Dikirim pada: Selasa, 14 Mei 2024 10.00 WIB',
        'Batas waktu penanganan: Selasa, 28 Mei 2024 23.59 WIB',
        '',
        'Baca tanggapannya di Jejak; rujukan yang ditolak mungkin perlu dikirim ke instansi lain.',
        '',
        'Buka rujukan di Jejak:',
        'https://jejak.example.go.id/api/v1/referrals/2a4e9c1d',
        '',
        'Pesan ini dikirim secara otomatis oleh Jejak.',
      ].join('\n'),
    });
  });

  it('an escalation to the agency contact in English, a large count printed plainly', () => {
    const message = renderReferralMessage(
      context({
        kind: NotificationKind.Escalation,
        language: MessageLanguage.English,
        remindersIgnored: 1000,
      }),
    );
    expect(message).toEqual({
      subject:
        '[Jejak] Escalation: LBH Bandar Lampung has not answered the referral for case JJK-2024-000123 – high priority',
      text: [
        'Dear LBH Bandar Lampung,',
        '',
        'You are receiving this message as the escalation contact of LBH Bandar Lampung.',
        'LBH Bandar Lampung has left 1000 reminders about the following referral from BP3MI Lampung unanswered:',
        '',
        'Case number: JJK-2024-000123',
        'Service: Legal aid',
        'Priority: High',
        'Referred by: BP3MI Lampung',
        'Referred to: LBH Bandar Lampung',
        'Status: Awaiting acknowledgement',
        'Sent: Tuesday 14 May 2024, 10:00 GMT+7',
        'Acknowledge by: Thursday 16 May 2024, 23:59 GMT+7',
        'Due: Tuesday 28 May 2024, 23:59 GMT+7',
        '',
        'Please make sure the referral is dealt with promptly.',
        '',
        'Answer the referral through this link, valid until Tuesday 11 June 2024, 23:59 GMT+7:',
        'https://jejak.example.go.id/r/8f3c2a9e1b7d',
        'Do not forward this link: whoever holds it can answer the referral on behalf of LBH Bandar Lampung.',
        '',
        'This message was sent automatically by Jejak.',
      ].join('\n'),
    });
  });

  it('an escalation to the supervisor in English, one reminder in the singular', () => {
    const message = renderReferralMessage(
      context({
        kind: NotificationKind.Escalation,
        language: MessageLanguage.English,
        recipientName: 'Siti Rahmawati',
        recipientIsSupervisor: true,
        remindersIgnored: 1,
        status: ReferralStatus.Acknowledged,
      }),
    );
    expect(message).toEqual({
      subject:
        '[Jejak] Escalation: LBH Bandar Lampung has not answered the referral for case JJK-2024-000123 – high priority',
      text: [
        'Dear Siti Rahmawati,',
        '',
        'You are receiving this message as the supervisor of case JJK-2024-000123.',
        'LBH Bandar Lampung has left 1 reminder about the following referral from BP3MI Lampung unanswered:',
        '',
        'Case number: JJK-2024-000123',
        'Service: Legal aid',
        'Priority: High',
        'Referred by: BP3MI Lampung',
        'Referred to: LBH Bandar Lampung',
        'Status: Acknowledged',
        'Sent: Tuesday 14 May 2024, 10:00 GMT+7',
        'Due: Tuesday 28 May 2024, 23:59 GMT+7',
        '',
        'Please follow up on the referral in Jejak.',
        '',
        'Open the referral in Jejak:',
        'https://jejak.example.go.id/api/v1/referrals/2a4e9c1d',
        '',
        'This message was sent automatically by Jejak.',
      ].join('\n'),
    });
  });
});
