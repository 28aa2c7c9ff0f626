/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';
import { eventually } from './support/fault-helpers';
import { axeOnceStill, spoilStoredToken } from './support/web-session';
import { createCase } from './support/case-fixtures';
import { createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The work on a case in headless Chromium against the real service: its status moved with a
 * reason, a note and a task, a victim's identity read on purpose (and audited), and the history
 * that tells all of it in sentences; a viewer is offered none of it.
 */
describe('web app: working on a case', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let caseworker: SignedInUser;
  let viewer: SignedInUser;
  let caseNumber: string;
  let victimId: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
    const agency = await createAgency(t, {
      shortName: 'Disnakertrans Lampung Selatan',
      regionCode: '18.01',
    });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agency.id });
    viewer = await createUser(t, UserRole.Viewer, { agencyId: agency.id });
    const created = await createCase(t, caseworker, {
      title: 'Ahmad Jayani, meninggal di Kamboja',
      incidentType: 'death_abroad',
      source: 'family',
      victims: [
        {
          fullName: 'Ahmad Jayani',
          currentSituation: 'deceased',
          nik: '1801061405880003',
          originStreet: 'Dusun Cinta Sari',
          familyMembers: [
            { fullName: 'Janah', relation: 'mother', age: 60, primaryContact: true },
            { fullName: 'Mulhat', relation: 'father', alive: false },
          ],
        },
      ],
    });
    caseNumber = created.caseNumber;
    victimId = created.victims[0].id;
  }, 60_000);
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openCaseAs(user: SignedInUser) {
    await page.goto(`${baseUrl}/cases/${caseNumber}`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('textbox', { name: 'Kata sandi' }).fill(user.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Ahmad Jayani, meninggal di Kamboja' })
      .waitFor();
  }

  it('moves the case on with a reason, adds a note and a task, and tells it all in sentences', async () => {
    await openCaseAs(caseworker);
    const family = page.getByRole('region', { name: 'Korban' });
    await family.getByRole('rowheader', { name: 'Janah' }).waitFor();
    await family
      .getByRole('row', { name: /Mulhat/ })
      .getByText('Meninggal')
      .waitFor();

    await page.getByRole('button', { name: 'Ubah status' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ubah status kasus' });
    await dialog.getByRole('button', { name: 'Ubah status' }).click();
    // Both fields are asked for before anything is sent.
    expect(await dialog.getByText('Wajib diisi.').count()).toBe(2);
    await dialog.getByRole('combobox', { name: 'Status baru' }).click();
    await page.getByRole('option', { name: 'Terbuka', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Alasan' }).fill('Keluarga sudah dihubungi.');
    await dialog.getByRole('button', { name: 'Ubah status' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Status kasus diubah menjadi Terbuka.' })
      .waitFor();

    const history = page.getByRole('region', { name: 'Riwayat kasus' });
    await history
      .getByRole('textbox', { name: 'Catatan baru' })
      .fill('Ibu korban meminta jenazah dipulangkan.');
    await history.getByRole('button', { name: 'Tambah catatan' }).click();

    const tasks = page.getByRole('region', { name: 'Tugas tindak lanjut' });
    await tasks
      .getByRole('textbox', { name: 'Apa yang harus dikerjakan' })
      .fill('Telepon BP3MI Lampung');
    await tasks.getByLabel(/^Tenggat \(tanggal dan jam\)/).fill('2030-06-03T09:00');
    await tasks.getByRole('button', { name: 'Tambah tugas' }).click();
    await tasks.getByRole('checkbox', { name: 'Tandai selesai: Telepon BP3MI Lampung' }).click();
    await tasks.getByRole('checkbox', { name: 'Buka lagi: Telepon BP3MI Lampung' }).waitFor();

    const who = 'Test caseworker';
    for (const sentence of [
      `${who} mencatat kasus ini.`,
      `${who} mengubah status dari Penerimaan menjadi Terbuka.`,
      `${who} menambahkan catatan.`,
      `${who} membuat tugas.`,
      `${who} menyelesaikan tugas.`,
    ])
      await history.getByText(sentence, { exact: true }).first().waitFor();
    await history.getByText('Alasan: Keluarga sudah dihubungi.').waitFor();
    await history.getByText('Ibu korban meminta jenazah dipulangkan.').waitFor();
    // No code is shown as it is stored.
    expect(await history.innerText()).not.toMatch(/\b(case|task|victim)\.[a-z_]+\b/);

    const { rows } = await t.db.query<{ due_at: Date; done_at: Date | null }>(
      `SELECT due_at, done_at FROM case_tasks t JOIN cases c ON c.id = t.case_id
       WHERE c.case_number = $1`,
      [caseNumber],
    );
    // 09:00 in the agency's zone (WIB) is 02:00 UTC.
    expect(rows).toEqual([{ due_at: new Date('2030-06-03T02:00:00Z'), done_at: expect.any(Date) }]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'case-work');
  });

  it("reads a victim's full identity only when asked, and records that it was read", async () => {
    await openCaseAs(caseworker);
    const nikShown = () => page.getByText('1801061405880003').count();
    expect(await nikShown()).toBe(0);
    await page.getByRole('button', { name: 'Buka identitas Ahmad Jayani' }).click();
    const dialog = page.getByRole('dialog', { name: 'Identitas lengkap' });
    await dialog.getByText('dicatat atas nama Anda').waitFor();
    const reads = () =>
      t.db
        .query(
          `SELECT 1 FROM audit_events WHERE action = 'victim.identity_read' AND entity_id = $1`,
          [victimId],
        )
        .then((result) => result.rowCount);
    expect(await reads()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Buka dan catat' }).click();
    await dialog.getByText('1801061405880003').waitFor();
    await dialog.getByText('Dusun Cinta Sari').waitFor();
    expect(await reads()).toBe(1);
    // The dialog's own button, not its corner cross.
    await dialog.getByRole('button', { name: 'Tutup' }).last().click();
    expect(await nikShown()).toBe(0);
  });

  it('offers a viewer no status move, note, task or identity', async () => {
    await openCaseAs(viewer);
    await page
      .getByRole('region', { name: 'Riwayat kasus' })
      .getByText('mencatat kasus ini.', { exact: false })
      .first()
      .waitFor();
    for (const name of [
      'Ubah status',
      'Tambah catatan',
      'Tambah tugas',
      'Buka identitas Ahmad Jayani',
    ])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByText('Disembunyikan untuk peran Anda').count()).toBeGreaterThan(0);
  });
  it('keeps a half-written note through a session the API stops accepting, and sends it after signing in again', async () => {
    await openCaseAs(caseworker);
    const history = page.getByRole('region', { name: 'Riwayat kasus' });
    const note = history.getByRole('textbox', { name: 'Catatan baru' });
    const text = 'Paman korban akan datang ke kantor hari Senin.';
    await note.fill(text);
    // As after a password change elsewhere: every token issued before it is refused from now on.
    await t.db.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [
      caseworker.id,
    ]);
    await eventually(async () => {
      const answer = await t
        .http()
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${caseworker.token}`);
      if (answer.status !== 401) throw new Error(`still ${answer.status}`);
    });
    await history.getByRole('button', { name: 'Tambah catatan' }).click();

    const dialog = page.getByRole('dialog', { name: 'Sesi Anda berakhir' });
    await dialog.waitFor();
    // Nothing of the case stays on the screen of a session that is over.
    await page
      .getByRole('heading', { level: 1, name: 'Ahmad Jayani, meninggal di Kamboja' })
      .waitFor({ state: 'hidden' });
    expect(await page.getByText('Janah').filter({ visible: true }).count()).toBe(0);
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'session-lapsed');

    await dialog.getByRole('textbox', { name: 'Kata sandi' }).fill('not the password');
    await dialog.getByRole('button', { name: 'Masuk lagi' }).click();
    await dialog.getByText('Email atau kata sandi salah.').waitFor();
    await dialog.getByRole('textbox', { name: 'Kata sandi' }).fill(caseworker.password);
    await dialog.getByRole('button', { name: 'Masuk lagi' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await note.inputValue()).toBe(text);

    await history.getByRole('button', { name: 'Tambah catatan' }).click();
    // The form empties once the note is saved.
    await eventually(async () => {
      if ((await note.inputValue()) !== '') throw new Error('the note is not saved yet');
    });
    await eventually(async () => {
      const { rows } = await t.db.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM case_notes WHERE body = $1',
        [text],
      );
      if (rows[0].count !== 1) throw new Error(`${rows[0].count} notes saved`);
    });
    await history.getByText(text).waitFor();
  });

  it('lets someone else at the computer sign out of a lapsed session, leaving nothing of it', async () => {
    await openCaseAs(caseworker);
    await spoilStoredToken(page);
    await page.reload();
    const dialog = page.getByRole('dialog', { name: 'Sesi Anda berakhir' });
    await dialog.getByRole('button', { name: 'Keluar dan hapus isian' }).click();
    await page.getByRole('heading', { name: 'Masuk ke Jejak' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.evaluate(() => window.sessionStorage.length)).toBe(0);
  });

  it('can be worked by keyboard alone: signing in, opening the case, moving its status', async () => {
    /** Tabs until `target` has the focus: proof that the keyboard reaches it. */
    async function tabTo(target: ReturnType<Page['getByRole']>, presses = 60) {
      for (let i = 0; i < presses; i++) {
        if (await target.evaluate((element) => element === document.activeElement)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`the keyboard never reached ${target.toString()}`);
    }
    await page.goto(`${baseUrl}/cases`);
    await page.getByRole('heading', { name: 'Masuk ke Jejak' }).waitFor();
    await tabTo(page.getByLabel('Email'));
    await page.keyboard.type(caseworker.email);
    await tabTo(page.getByRole('textbox', { name: 'Kata sandi' }));
    await page.keyboard.type(caseworker.password);
    await page.keyboard.press('Enter');

    const caseLink = page.getByRole('link', { name: caseNumber });
    await caseLink.waitFor();
    await tabTo(caseLink);
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { level: 1, name: 'Ahmad Jayani, meninggal di Kamboja' })
      .waitFor();

    await tabTo(page.getByRole('button', { name: 'Ubah status' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Ubah status kasus' });
    const target = dialog.getByRole('combobox', { name: 'Status baru' });
    await tabTo(target);
    await page.keyboard.press('ArrowDown');
    // The list opens on its first choice (which one depends on where the case stands).
    const first = page.getByRole('option').first();
    await first.waitFor();
    const chosen = (await first.innerText()).trim();
    await page.keyboard.press('Enter');
    expect(await target.inputValue()).toBe(chosen);
    await tabTo(dialog.getByRole('textbox', { name: 'Alasan' }));
    await page.keyboard.type('Pendampingan hukum dimulai.');
    await tabTo(dialog.getByRole('button', { name: 'Ubah status' }));
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Status kasus diubah menjadi ${chosen}.` })
      .waitFor();
    // The dialog closes and the focus goes back to the button that opened it.
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Ubah status' }).and(page.locator(':focus')).waitFor();
  });
});
