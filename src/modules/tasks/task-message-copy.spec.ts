import { MessageLanguage } from '../agencies/agency.enums';
import { ReferralService, ReferralStatus } from '../referrals/referral.enums';
import {
  type DigestContext,
  renderDigest,
  renderTaskReminder,
  type TaskReminderContext,
} from './task-message-copy';

describe('task reminders', () => {
  const task: TaskReminderContext = {
    language: MessageLanguage.Indonesian,
    timeZone: 'Asia/Jakarta',
    recipientName: 'Dewi Lestari',
    caseNumber: 'JJK-2024-000123',
    taskTitle: 'Hubungi KBRI Phnom Penh soal dokumen perjalanan',
    dueAt: new Date('2024-05-20T09:00:00Z'),
    taskApiUrl: 'https://jejak.example.go.id/api/v1/tasks/77c1',
  };

  it('names the task, the case, the due date and the link, in Indonesian', () => {
    const { subject, text } = renderTaskReminder(task);
    expect(subject).toBe('[Jejak] Pengingat tugas kasus JJK-2024-000123');
    expect(text).toContain('Yth. Dewi Lestari,');
    expect(text).toContain('paling lambat Senin, 20 Mei 2024 16.00 WIB');
    expect(text).toContain(task.taskTitle);
    expect(text).toContain(task.taskApiUrl);
  });

  it('keeps the title, written by staff, out of the subject', () => {
    expect(renderTaskReminder(task).subject).not.toContain('KBRI');
  });

  it('speaks English and follows the time zone', () => {
    const { subject, text } = renderTaskReminder({
      ...task,
      language: MessageLanguage.English,
      timeZone: 'Asia/Jayapura',
    });
    expect(subject).toBe('[Jejak] Task reminder for case JJK-2024-000123');
    expect(text).toContain('due on Monday 20 May 2024, 18:00 GMT+9');
    expect(text).toContain(task.taskApiUrl);
  });
});

describe('daily digest', () => {
  const digest = (overrides: Partial<DigestContext> = {}): DigestContext => ({
    language: MessageLanguage.Indonesian,
    timeZone: 'Asia/Makassar',
    recipientName: 'Dewi Lestari',
    day: '2024-05-20',
    tasks: [
      {
        caseNumber: 'JJK-2024-000123',
        title: 'Kirim salinan paspor ke LBH',
        dueAt: new Date('2024-05-19T09:00:00Z'),
        overdue: true,
      },
      {
        caseNumber: 'JJK-2024-000140',
        title: 'Jadwalkan wawancara keluarga',
        dueAt: new Date('2024-05-20T08:00:00Z'),
        overdue: false,
      },
    ],
    referrals: [
      {
        caseNumber: 'JJK-2024-000123',
        agencyName: 'LBH Bandar Lampung',
        service: ReferralService.LegalAid,
        status: ReferralStatus.Sent,
        dueAt: new Date('2024-05-20T15:59:59.999Z'),
        overdue: false,
      },
    ],
    ...overrides,
  });

  it('lists tasks and referrals with their due dates, marking the overdue ones', () => {
    const { subject, text } = renderDigest(digest());
    expect(subject).toBe('[Jejak] Ringkasan harian, Senin, 20 Mei 2024');
    expect(text).toContain('Tugas (2):');
    expect(text).toContain(
      '- [TERLAMBAT] JJK-2024-000123: Kirim salinan paspor ke LBH (batas waktu Minggu, 19 Mei 2024 17.00 WITA)',
    );
    expect(text).toContain(
      '- JJK-2024-000140: Jadwalkan wawancara keluarga (batas waktu Senin, 20 Mei 2024 16.00 WITA)',
    );
    expect(text).toContain('Rujukan (1):');
    expect(text).toContain(
      '- JJK-2024-000123: Bantuan hukum, LBH Bandar Lampung, Menunggu konfirmasi (batas waktu Senin, 20 Mei 2024 23.59 WITA)',
    );
  });

  it('says "none" for an empty list beside a full one', () => {
    const { text } = renderDigest(digest({ referrals: [] }));
    expect(text).toContain('Rujukan (0):\n- tidak ada');
  });

  it('says that nothing is due when both lists are empty', () => {
    const { text } = renderDigest(digest({ tasks: [], referrals: [] }));
    expect(text).toContain(
      'Tidak ada tugas atau rujukan yang jatuh tempo pada Senin, 20 Mei 2024, dan tidak ada yang terlambat.',
    );
    expect(text).not.toContain('Tugas (');
  });

  it('speaks English', () => {
    const { subject, text } = renderDigest(
      digest({ language: MessageLanguage.English, tasks: [], referrals: [] }),
    );
    expect(subject).toBe('[Jejak] Daily digest, Monday 20 May 2024');
    expect(text).toContain(
      'No task or referral is due on Monday 20 May 2024, and none is overdue.',
    );
    const full = renderDigest(digest({ language: MessageLanguage.English })).text;
    expect(full).toContain('- [OVERDUE] JJK-2024-000123: Kirim salinan paspor ke LBH (due ');
    expect(full).toContain('Legal aid, LBH Bandar Lampung, Awaiting acknowledgement');
  });

  it('refuses a day that is not a date', () => {
    expect(() => renderDigest(digest({ day: '20/05/2024' }))).toThrow(RangeError);
  });
});
