/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot } from './support/browser';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { referralWorld, ReferralWorld } from './support/referral-fixtures';
import { createReferral, legalAidReferral, ReferralBody } from './support/referral-helpers';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { axeOnceStill, listenForBrowser, newPage, signInAs } from './support/web-session';

jest.setTimeout(120_000);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** API codes that must never reach a reader's screen. */
const RAW_CODES =
  /\b(legal_aid|death_abroad|in_progress|acknowledged|partially_achieved|nextDue|unassigned|caseworker|supervisor)\b/;

/**
 * The receiving agency's own staff working a referral sent to it, in headless Chromium against
 * the real service, PostgreSQL, Redis and an SMTP server on loopback: its supervisor assigns the
 * referral by name (and reassigns it, by keyboard), the caseworker given it finds it, downloads
 * the shared death certificate with the session, acknowledges and completes it; the referring
 * agency reads the answers; a colleague not given it and an agency it was never sent to see
 * nothing of it.
 */
describe('web app: incoming referrals, assigned and answered by the receiving agency', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let baseUrl: string;
  let world: ReferralWorld;
  let supervisor: SignedInUser;
  let dewi: SignedInUser;
  let budi: SignedInUser;
  let thirdSupervisor: SignedInUser;
  let referral: ReferralBody;
  let certificate: Buffer;
  let certificateId: string;
  let contexts: BrowserContext[] = [];

  const named = async (user: SignedInUser, fullName: string) => {
    await t.db.query('UPDATE users SET full_name = $2 WHERE id = $1', [user.id, fullName]);
    return user;
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url, NOTIFICATION_SWEEP_SECONDS: '1' } });
    baseUrl = await listenForBrowser(t);
    browser = await launchChromium();
    world = await referralWorld(t);
    const receiving = { agencyId: world.receivingAgencyId };
    supervisor = await named(await createUser(t, UserRole.Supervisor, receiving), 'Rina Kusuma');
    dewi = await named(await createUser(t, UserRole.Caseworker, receiving), 'Dewi Lestari');
    budi = await named(await createUser(t, UserRole.Caseworker, receiving), 'Budi Santoso');
    const third = await createAgency(t);
    thirdSupervisor = await named(
      await createUser(t, UserRole.Supervisor, { agencyId: third.id }),
      'Joko Pranoto',
    );

    certificate = Buffer.concat([
      Buffer.from('%PDF-1.7\n% Akta kematian Ahmad Jayani\n'),
      randomBytes(20_000),
      Buffer.from('\n%%EOF\n'),
    ]);
    const uploaded = await t
      .http()
      .post(`/api/v1/cases/${world.caseId}/documents`)
      .set(...bearer(world.caseworker))
      .field('kind', 'death_certificate')
      .field('victimId', world.victimId)
      .attach('file', certificate, {
        filename: 'akta_kematian_ahmad_jayani.pdf',
        contentType: 'application/pdf',
      });
    expect(uploaded.status).toBe(201);
    certificateId = (uploaded.body as { id: string }).id;
    referral = await createReferral(
      t,
      world.caseworker,
      world.caseId,
      legalAidReferral(world, { send: true, documentIds: [certificateId] }),
    );
  }, 90_000);
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  async function signedIn(user: SignedInUser, options = {}): Promise<Page> {
    const { context, page } = await newPage(browser, { acceptDownloads: true, ...options });
    contexts.push(context);
    await signInAs(page, baseUrl, user);
    // The sign-in screen has a first heading too: the menu says the session has begun.
    await page.getByRole('navigation', { name: 'Navigasi utama' }).waitFor();
    return page;
  }

  const call = (user: SignedInUser, path: string) =>
    t
      .http()
      .get(`/api/v1${path}`)
      .set(...bearer(user));

  /** The incoming list's row for the referral, by its case number as shared. */
  const rowOf = (page: Page) =>
    page.getByRole('row').filter({ has: page.getByRole('cell', { name: world.caseNumber }) });

  it('is assigned by name and reassigned by the receiving supervisor', async () => {
    const page = await signedIn(supervisor);
    await page
      .getByRole('navigation', { name: 'Navigasi utama' })
      .getByRole('link', { name: 'Rujukan masuk', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Rujukan masuk' }).waitFor();
    const row = rowOf(page);
    await row.waitFor();
    const { rows: agencies } = await t.db.query<{ name: string }>(
      'SELECT name FROM agencies WHERE id = $1',
      [world.referringAgencyId],
    );
    await row.getByRole('cell', { name: agencies[0].name, exact: true }).waitFor();
    await row.getByText('Bantuan hukum', { exact: true }).waitFor();
    await row.getByText('Mohon pendampingan hukum bagi keluarga almarhum.').waitFor();
    await row.getByRole('cell', { name: 'Terkirim', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'Belum ditugaskan', exact: true }).waitFor();
    // The deadline owed, in the agency's zone, named.
    expect(await row.getByRole('cell', { name: / WIB$/ }).count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('main').innerText()).not.toMatch(RAW_CODES);
    expect(await axeOnceStill(page)).toEqual([]);

    // Filters the API offers: nothing is assigned yet, so "assigned" lists nothing.
    await page.getByRole('combobox', { name: 'Penugasan' }).click();
    await page.getByRole('option', { name: 'Sudah ditugaskan' }).click();
    await page.getByText('Tidak ada rujukan masuk yang sesuai dengan saringan ini.').waitFor();
    await page.getByRole('combobox', { name: 'Penugasan' }).click();
    await page.getByRole('option', { name: 'Belum ditugaskan' }).click();
    await row.waitFor();

    // Assigned to Budi by mouse, picked by name.
    await row
      .getByRole('button', { name: new RegExp(`^Tugaskan rujukan ${world.caseNumber}`) })
      .click();
    const dialog = page.getByRole('dialog', { name: `Tugaskan rujukan ${world.caseNumber}` });
    const picker = dialog.getByRole('combobox', { name: 'Petugas yang menangani' });
    await picker.fill('Budi');
    await page.getByRole('option', { name: 'Budi Santoso (Petugas kasus)' }).click();
    expect(await axeOnceStill(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Simpan penugasan' }).click();
    await page
      .getByRole('status')
      .getByText(`Rujukan ${world.caseNumber} ditugaskan kepada Budi Santoso.`)
      .waitFor();

    // Reassigned to Dewi with the keyboard alone.
    await page.getByRole('combobox', { name: 'Penugasan' }).click();
    await page.getByRole('option', { name: 'Semua', exact: true }).click();
    await rowOf(page).getByRole('cell', { name: 'Budi Santoso' }).waitFor();
    await rowOf(page)
      .getByRole('button', { name: new RegExp(`^Ganti petugas rujukan ${world.caseNumber}`) })
      .focus();
    await page.keyboard.press('Enter');
    const keyboardPicker = dialog.getByRole('combobox', { name: 'Petugas yang menangani' });
    await keyboardPicker.waitFor();
    expect(await keyboardPicker.evaluate((element) => element === document.activeElement)).toBe(
      true,
    );
    await keyboardPicker.fill('');
    await page.keyboard.type('Dewi');
    await page.getByRole('option', { name: 'Dewi Lestari (Petugas kasus)' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await keyboardPicker.inputValue()).toBe('Dewi Lestari (Petugas kasus)');
    await dialog.getByRole('button', { name: 'Simpan penugasan' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .getByText(`Rujukan ${world.caseNumber} ditugaskan kepada Dewi Lestari.`)
      .waitFor();
    await rowOf(page).getByRole('cell', { name: 'Dewi Lestari' }).waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'incoming-referrals');

    const listed = await call(supervisor, '/referrals/incoming');
    const item = (listed.body.items as Array<{ id: string; assignee: { id: string } | null }>).find(
      (one) => one.id === referral.id,
    );
    expect(item?.assignee?.id).toBe(dewi.id);

    // Whom it can go to: the receiving agency's active staff, the list its supervisors assign
    // cases from as well; a caseworker does not ask.
    const assignees = await call(supervisor, '/users/assignees');
    expect(assignees.status).toBe(200);
    expect((assignees.body.items as Array<{ fullName: string }>).map((a) => a.fullName)).toEqual([
      'Budi Santoso',
      'Dewi Lestari',
      'Rina Kusuma',
    ]);
    expect((await call(dewi, '/users/assignees')).status).toBe(403);
  });

  it('is found, read, its document downloaded, acknowledged and completed by the caseworker given it', async () => {
    const page = await signedIn(dewi);
    const documentRequests: Array<{ url: string; authorization: string | undefined }> = [];
    page.on('request', (request) => {
      if (request.url().includes('/documents/'))
        documentRequests.push({
          url: request.url(),
          authorization: request.headers().authorization,
        });
    });
    await page.getByRole('link', { name: 'Rujukan masuk', exact: true }).click();
    // A caseworker's list opens on what is given to them.
    const assignment = page.getByRole('combobox', { name: 'Penugasan' });
    expect(await assignment.inputValue()).toBe('Ditugaskan kepada saya');
    await rowOf(page)
      .getByRole('link', { name: new RegExp(`^Buka rujukan ${world.caseNumber}`) })
      .click();
    await page
      .getByRole('heading', { level: 1, name: new RegExp(`^Rujukan ${world.caseNumber} dari`) })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe(`/referrals/incoming/${referral.id}`);
    const summary = page.getByRole('region', { name: 'Ringkasan rujukan' });
    await summary.getByText('Bantuan hukum', { exact: true }).waitFor();
    await summary.getByText('Keluarga korban').waitFor();
    await summary.getByText(/ WIB$/).first().waitFor();
    const people = page.getByRole('region', { name: 'Orang yang dirujuk' });
    await people.getByText('Ahmad Jayani', { exact: true }).waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(RAW_CODES);
    expect(await axeOnceStill(page)).toEqual([]);

    const documents = page.getByRole('region', { name: 'Dokumen yang dibagikan' });
    const button = documents.getByRole('button', {
      name: 'Unduh Akta kematian: akta_kematian_ahmad_jayani.pdf',
    });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('akta_kematian_ahmad_jayani.pdf');
    expect(sha256(await readFile(await download.path()))).toBe(sha256(certificate));
    await documents.getByRole('status').getByText('Akta kematian sudah diunduh.').waitFor();
    // With the session's token, in the header: not the partner link's route, nothing in the address.
    expect(documentRequests).toEqual([
      {
        url: `${baseUrl}/api/v1/referrals/${referral.id}/documents/${certificateId}`,
        authorization: expect.stringMatching(/^Bearer \S+$/),
      },
    ]);

    // Acknowledged, with a note.
    const answer = page.getByRole('region', { name: 'Tanggapan Anda' });
    await answer.getByRole('radio', { name: /Kami terima rujukan ini/ }).check();
    await answer
      .getByRole('textbox', { name: 'Catatan (tidak wajib)' })
      .fill('Pengacara kami, Sdr. Andi, menangani mulai minggu ini.');
    await answer.getByRole('button', { name: 'Kirim tanggapan' }).click();
    await answer
      .getByRole('status')
      .getByText('Terima kasih, tanggapan Anda tersimpan: Rujukan diterima.')
      .waitFor();
    await summary.getByText('Diterima', { exact: true }).waitFor();

    // Completed: the outcome is asked for before anything is sent.
    await answer.getByRole('radio', { name: /Pekerjaan selesai/ }).check();
    await answer.getByRole('button', { name: 'Kirim tanggapan' }).click();
    await answer.getByText('Wajib diisi.').waitFor();
    await answer.getByRole('combobox', { name: 'Hasilnya' }).click();
    await page.getByRole('option', { name: 'Tercapai', exact: true }).click();
    await answer
      .getByRole('textbox', { name: 'Catatan hasil (tidak wajib)' })
      .fill('Permohonan restitusi sudah diajukan ke pengadilan.');
    await answer.getByRole('button', { name: 'Kirim tanggapan' }).click();
    await answer
      .getByRole('status')
      .getByText('Terima kasih, tanggapan Anda tersimpan: Rujukan selesai.')
      .waitFor();
    await summary.getByText('Selesai', { exact: true }).waitFor();
    await answer.getByText('Rujukan ini tidak menunggu tanggapan lagi.').waitFor();
    const history = page.getByRole('region', { name: 'Tanggapan sejauh ini' });
    await history.getByText('Pengacara kami, Sdr. Andi, menangani mulai minggu ini.').waitFor();
    await history.getByText('Permohonan restitusi sudah diajukan ke pengadilan.').waitFor();
    expect(await history.getByText(/lewat akun Jejak/).count()).toBe(2);
    expect(await page.locator('main').innerText()).not.toMatch(RAW_CODES);
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'incoming-referral-answered');

    // The referring agency reads both answers, as given through an account.
    const answers = await call(world.caseworker, `/referrals/${referral.id}/responses`);
    expect(answers.status).toBe(200);
    expect(
      (answers.body.items as Array<{ action: string; via: string; responderId: string }>).map(
        (a) => [a.action, a.via, a.responderId],
      ),
    ).toEqual([
      ['acknowledge', 'account', dewi.id],
      ['complete', 'account', dewi.id],
    ]);
    const seen = await call(world.caseworker, `/referrals/${referral.id}`);
    expect(seen.body).toMatchObject({ status: 'completed', outcome: 'achieved' });

    // Back in the list, in English: the closed referral is under its status.
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('link', { name: 'Back to incoming referrals' }).click();
    await page.getByText('No incoming referral matches these filters.').waitFor();
  });

  it('is not opened by a colleague it was not given to, nor seen by another agency', async () => {
    // A colleague sees it in the agency's list (it names no person) but cannot open it.
    const colleague = await signedIn(budi, { locale: 'id-ID' });
    await colleague.goto(`${baseUrl}/referrals/incoming?assignment=all&status=`);
    const row = rowOf(colleague);
    await row.getByText('Ditangani petugas lain').waitFor();
    expect(await row.getByRole('link').count()).toBe(0);
    expect(await row.getByRole('button').count()).toBe(0);
    await colleague.goto(`${baseUrl}/referrals/incoming/${referral.id}`);
    await colleague
      .getByRole('alert')
      .getByText(/Rujukan ini ditugaskan kepada petugas lain/)
      .waitFor();
    expect(await colleague.locator('main').innerText()).not.toContain('Ahmad Jayani');
    expect(await axeOnceStill(colleague)).toEqual([]);
    expect((await call(budi, `/referrals/${referral.id}`)).status).toBe(403);

    // An agency it was never sent to: nothing in its list, "not found" at its address.
    const listed = await call(thirdSupervisor, '/referrals/incoming?status=sent,completed');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
    expect((await call(thirdSupervisor, `/referrals/${referral.id}`)).status).toBe(404);
    expect((await call(thirdSupervisor, `/referrals/${referral.id}/responses`)).status).toBe(404);
    expect(
      (await call(thirdSupervisor, `/referrals/${referral.id}/documents/${certificateId}`)).status,
    ).toBe(404);
    const outsider = await signedIn(thirdSupervisor);
    await outsider.goto(`${baseUrl}/referrals/incoming?assignment=all&status=`);
    await outsider.getByText('Tidak ada rujukan masuk yang sesuai dengan saringan ini.').waitFor();
    expect(await outsider.locator('main').innerText()).not.toContain(world.caseNumber);
    expect(await axeOnceStill(outsider)).toEqual([]);
    await outsider.goto(`${baseUrl}/referrals/incoming/${referral.id}`);
    await outsider
      .getByRole('alert')
      .getByText('Rujukan ini tidak ada, atau tidak dikirim ke instansi Anda.')
      .waitFor();
    expect(await outsider.locator('main').innerText()).not.toContain('Ahmad Jayani');
    expect(await axeOnceStill(outsider)).toEqual([]);

    // The menu offers the screen to the roles it is for only.
    const liaison = await signedIn(world.liaison);
    await liaison.getByRole('navigation', { name: 'Navigasi utama' }).waitFor();
    expect(await liaison.getByRole('link', { name: 'Rujukan masuk', exact: true }).count()).toBe(0);
  });
});
