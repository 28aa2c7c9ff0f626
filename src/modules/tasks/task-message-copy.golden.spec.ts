import { MessageLanguage } from '../agencies/agency.enums';
import { ReferralService, ReferralStatus } from '../referrals/referral.enums';
import { renderDigest, renderTaskReminder } from './task-message-copy';

/*
 * Whole messages, character for character, as they were written before the wording moved into
 * messages/*.json: a catalogue edit that changes more than its words shows here.
 */

const overdueTask = {
  caseNumber: 'JJK-2024-000123',
  title: 'Kirim salinan paspor ke LBH',
  dueAt: new Date('2024-05-19T09:00:00Z'),
  overdue: true,
};

describe('whole task messages', () => {
  it('a task reminder in Indonesian', () => {
    const message = renderTaskReminder({
      language: MessageLanguage.Indonesian,
      timeZone: 'Asia/Jakarta',
      recipientName: 'Dewi Lestari',
      caseNumber: 'JJK-2024-000123',
      taskTitle: 'Hubungi KBRI Phnom Penh soal dokumen perjalanan',
      dueAt: new Date('2024-05-20T09:00:00Z'),
      taskApiUrl: 'https://jejak.example.go.id/api/v1/tasks/77c1',
    });
    expect(message).toEqual({
      subject: '[Jejak] Pengingat tugas kasus JJK-2024-000123',
      text: [
        'Yth. Dewi Lestari,',
        '',
        'Tugas berikut pada kasus JJK-2024-000123 perlu diselesaikan paling lambat Senin, 20 Mei 2024 16.00 WIB:',
        '',
        'Hubungi KBRI Phnom Penh soal dokumen perjalanan',
        '',
        'Buka tugas di Jejak:',
        'https://jejak.example.go.id/api/v1/tasks/77c1',
        '',
        'Pesan ini dikirim secara otomatis oleh Jejak.',
      ].join('\n'),
    });
  });

  it('a digest in English with an overdue task and a referral due that day', () => {
    const message = renderDigest({
      language: MessageLanguage.English,
      timeZone: 'Asia/Makassar',
      recipientName: 'Dewi Lestari',
      day: '2024-05-20',
      tasks: [overdueTask],
      referrals: [
        {
          caseNumber: 'JJK-2024-000140',
          agencyName: 'LBH Bandar Lampung',
          service: ReferralService.LegalAid,
          status: ReferralStatus.Sent,
          dueAt: new Date('2024-05-20T15:59:59.999Z'),
          overdue: false,
        },
      ],
    });
    expect(message).toEqual({
      subject: '[Jejak] Daily digest, Monday 20 May 2024',
      text: [
        'Dear Dewi Lestari,',
        '',
        'Tasks and referrals due on Monday 20 May 2024, or overdue:',
        '',
        'Tasks (1):',
        '- [OVERDUE] JJK-2024-000123: Kirim salinan paspor ke LBH (due Sunday 19 May 2024, 17:00 GMT+8)',
        '',
        'Referrals (1):',
        '- JJK-2024-000140: Legal aid, LBH Bandar Lampung, Awaiting acknowledgement (due Monday 20 May 2024, 23:59 GMT+8)',
        '',
        'This message was sent automatically by Jejak.',
      ].join('\n'),
    });
  });

  it('a digest in Indonesian with no referral', () => {
    const message = renderDigest({
      language: MessageLanguage.Indonesian,
      timeZone: 'Asia/Makassar',
      recipientName: 'Dewi Lestari',
      day: '2024-05-20',
      tasks: [overdueTask],
      referrals: [],
    });
    expect(message).toEqual({
      subject: '[Jejak] Ringkasan harian, Senin, 20 Mei 2024',
      text: [
        'Yth. Dewi Lestari,',
        '',
        'Tugas dan rujukan yang jatuh tempo pada Senin, 20 Mei 2024 atau sudah terlambat:',
        '',
        'Tugas (1):',
        '- [TERLAMBAT] JJK-2024-000123: Kirim salinan paspor ke LBH (batas waktu Minggu, 19 Mei 2024 17.00 WITA)',
        '',
        'Rujukan (0):',
        '- tidak ada',
        '',
        'Pesan ini dikirim secara otomatis oleh Jejak.',
      ].join('\n'),
    });
  });
});
