/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';
import { bearer } from './support/factories';
import { referralWorld, ReferralWorld, tokenFromText } from './support/referral-fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(90_000);

/** API codes that must never reach a reader's screen. */
const RAW_CODES =
  /\b(legal_aid|death_abroad|not_obtained|full_name|death_details|in_progress|acknowledged|partially_achieved|referral_sent|Masculine|deceased)\b/;

/**
 * Referrals in the web app, in headless Chromium against the real service, PostgreSQL, Redis and
 * an SMTP server on loopback: a caseworker refers the Ahmad Jayani case sharing two fields, the
 * legal aid office answers through the emailed link on a phone, and the caseworker follows it.
 */
describe('web app: a referral made, answered by link on a phone, and followed', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let baseUrl: string;
  let world: ReferralWorld;
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      env: {
        SMTP_URL: sink.url,
        NOTIFICATION_SWEEP_SECONDS: '1',
        NOTIFICATION_RETRY_BASE_MS: '200',
      },
    });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
    world = await referralWorld(t);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  async function open(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext({ locale: 'id-ID', ...options });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  async function signedInAt(path: string, email: string, password: string): Promise<Page> {
    const page = await open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('textbox', { name: 'Kata sandi' }).fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
    await page.goto(`${baseUrl}${path}`);
    return page;
  }

  const horizontalOverflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  it('is made with consent and two shared fields, previewed exactly, answered by link on a phone, and followed', async () => {
    // (a) The caseworker refers the case, choosing what the partner will see.
    const caseworker = await signedInAt(
      `/cases/${world.caseNumber}`,
      world.caseworker.email,
      world.caseworker.password,
    );
    const referrals = caseworker.getByRole('region', { name: 'Rujukan' });
    await referrals.getByRole('button', { name: 'Rujuk kasus' }).click();
    const form = caseworker.getByRole('form', { name: 'Rujukan baru' });
    await form.getByRole('combobox', { name: 'Instansi tujuan' }).fill('LBH Bandar');
    await caseworker.getByRole('option', { name: /LBH Bandar Lampung/ }).click();
    await form.getByRole('combobox', { name: 'Layanan yang diminta' }).click();
    await caseworker.getByRole('option', { name: 'Bantuan hukum', exact: true }).click();
    await form
      .getByRole('textbox', { name: 'Alasan rujukan' })
      .fill('Keluarga meminta pendampingan hukum untuk restitusi.');
    await form
      .getByRole('textbox', { name: 'Permintaan kepada instansi tujuan' })
      .fill('Mohon pendampingan hukum bagi keluarga almarhum.');

    // Sharing a name without naming the victim is refused on its field, before anything is sent.
    await form.getByRole('checkbox', { name: 'Nama lengkap' }).check();
    await form.getByRole('button', { name: 'Simpan dan kirim' }).click();
    await form.getByText('Pilih korban yang datanya dibagikan.').waitFor();
    await form.getByText('Wajib diisi.').first().waitFor();

    await form.getByRole('checkbox', { name: 'Ahmad Jayani' }).check();
    await form.getByRole('checkbox', { name: 'Keterangan kematian' }).check();
    await form.getByRole('combobox', { name: 'Siapa yang menyetujui data dibagikan' }).click();
    await caseworker.getByRole('option', { name: 'Keluarga korban' }).click();

    const preview = caseworker.getByRole('region', { name: 'Yang akan dilihat instansi tujuan' });
    await preview.getByText('Ahmad Jayani', { exact: true }).waitFor();
    const summaryLabels = (await preview.locator('dl').first().locator('dt').allInnerTexts()).map(
      (text) => text.trim(),
    );
    expect(summaryLabels).toEqual(
      expect.arrayContaining(['Dari', 'Untuk', 'Nomor kasus', 'Layanan yang diminta']),
    );
    // The victim's facts are exactly the two fields chosen: the name and the death's details
    // (those this case records: no place of death or certificate number).
    const personCard = preview.getByRole('heading', { name: 'Korban 1' }).locator('..');
    const personFacts = (await personCard.locator('dt').allInnerTexts()).map((text) => text.trim());
    expect(personFacts).toEqual([
      'Nama lengkap',
      'Tanggal meninggal',
      'Negara tempat meninggal',
      'Penyebab kematian',
      'Jenazah',
    ]);
    expect(await preview.innerText()).not.toMatch(RAW_CODES);
    expect(await seriousAxeViolations(caseworker)).toEqual([]);
    await screenshot(caseworker, 'referral-create');

    await form.getByRole('button', { name: 'Simpan dan kirim' }).click();
    await referrals.getByText(/Rujukan terkirim ke LBH Bandar Lampung/).waitFor();
    const drawer = caseworker.getByRole('dialog');
    await drawer.getByText('Terkirim', { exact: true }).first().waitFor();
    const { rows } = await t.db.query<{ shared_fields: string[]; consent: string; status: string }>(
      'SELECT shared_fields, consent, status FROM referrals WHERE case_id = $1',
      [world.caseId],
    );
    expect(rows).toEqual([
      { shared_fields: ['full_name', 'death_details'], consent: 'family', status: 'sent' },
    ]);
    await drawer.getByRole('button', { name: 'Tutup' }).click();

    // (b) The legal aid office opens the emailed link on a phone.
    const [mail] = await sink.waitFor(1, 15_000, world.agencyEmail);
    expect(mail.text).toContain('http://jejak.test/respond#token=');
    const token = tokenFromText(mail.text);
    const phone = await open({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const apiRequests: string[] = [];
    phone.on('request', (request) => {
      if (request.url().includes('/api/')) apiRequests.push(request.url());
    });
    const pageAnswer = await phone.goto(`${baseUrl}/respond#token=${token}`);
    expect(pageAnswer?.headers()['referrer-policy']).toBe('no-referrer');
    expect(pageAnswer?.headers()['x-robots-tag']).toContain('noindex');
    await phone
      .getByRole('heading', { level: 1, name: 'Rujukan kasus untuk instansi Anda' })
      .waitFor();
    const summary = phone.getByRole('region', { name: 'Ringkasan rujukan' });
    await summary.getByText('Bantuan hukum', { exact: true }).waitFor();
    await summary.getByText('Meninggal di luar negeri').waitFor();
    await summary.getByText('Keluarga korban').waitFor();
    await summary.getByText(/ WIB$/).first().waitFor();
    await phone.getByText(/Jangan teruskan tautan ini/).waitFor();
    const people = phone.getByRole('region', { name: 'Orang yang dirujuk' });
    await people.getByText('Ahmad Jayani', { exact: true }).waitFor();
    expect(await people.getByText('NIK', { exact: true }).count()).toBe(0);
    expect(await phone.locator('body').innerText()).not.toMatch(RAW_CODES);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(phone)).toEqual([]);
    await screenshot(phone, 'partner-page-phone');

    await phone.getByRole('radio', { name: /Kami terima rujukan ini/ }).tap();
    await phone.getByRole('button', { name: 'Kirim tanggapan' }).tap();
    await phone
      .getByRole('status')
      .getByText('Terima kasih, tanggapan Anda tersimpan: Rujukan diterima.')
      .waitFor();
    await summary.getByText('Diterima', { exact: true }).waitFor();

    // Completing without an outcome is refused on its field, in words.
    await phone.getByRole('radio', { name: /Pekerjaan selesai/ }).tap();
    await phone.getByRole('button', { name: 'Kirim tanggapan' }).tap();
    await phone.getByText('Wajib diisi.').waitFor();
    await phone.getByRole('combobox', { name: 'Hasilnya' }).tap();
    await phone.getByRole('option', { name: 'Tercapai', exact: true }).tap();
    await phone
      .getByRole('textbox', { name: 'Catatan hasil (tidak wajib)' })
      .fill('Permohonan restitusi sudah diajukan ke pengadilan.');
    await phone.getByRole('button', { name: 'Kirim tanggapan' }).tap();
    await phone
      .getByRole('status')
      .getByText('Terima kasih, tanggapan Anda tersimpan: Rujukan selesai.')
      .waitFor();
    await summary.getByText('Selesai', { exact: true }).waitFor();
    await phone.getByText('Rujukan ini tidak menunggu tanggapan lagi.').waitFor();
    const history = phone.getByRole('region', { name: 'Tanggapan sejauh ini' });
    await history.getByText('Permohonan restitusi sudah diajukan ke pengadilan.').waitFor();
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    expect(await phone.locator('body').innerText()).not.toMatch(RAW_CODES);
    expect(await seriousAxeViolations(phone)).toEqual([]);
    // The token reached the API only in a header: no address the page asked for carries it.
    expect(apiRequests.length).toBeGreaterThanOrEqual(3);
    expect(apiRequests.some((url) => url.includes(token.split('.')[1]))).toBe(false);

    // The language switch works without an account.
    await phone.getByText('English', { exact: true }).tap();
    await phone
      .getByRole('heading', { level: 1, name: 'A case referred to your agency' })
      .waitFor();
    await phone
      .getByRole('region', { name: 'The referral' })
      .getByText('Legal aid', { exact: true })
      .waitFor();

    // The caseworker sees the answers and what became of the messages.
    await caseworker.reload();
    await referrals.getByText('Selesai', { exact: true }).waitFor();
    await referrals.getByRole('button', { name: /Rincian rujukan ke LBH Bandar Lampung/ }).click();
    await drawer.getByText('Tercapai').first().waitFor();
    const answers = drawer.getByRole('region', { name: 'Tanggapan instansi tujuan' });
    await answers.getByText('Rujukan diterima').waitFor();
    await answers.getByText('Rujukan selesai').waitFor();
    await answers
      .getByText(/lewat tautan di pesan/)
      .first()
      .waitFor();
    const messages = drawer.getByRole('region', { name: 'Pesan yang dikirim' });
    const referralMessage = messages
      .getByRole('row')
      .filter({ has: caseworker.getByRole('cell', { name: 'Rujukan', exact: true }) });
    await referralMessage.getByRole('cell', { name: 'Terkirim', exact: true }).waitFor();
    await referralMessage.getByRole('cell', { name: 'Email', exact: true }).waitFor();
    // The reminder owed for an unanswered referral was called off by the answer, and says so.
    await messages.getByText('Dibatalkan').first().waitFor();
    const links = drawer.getByRole('region', { name: 'Tautan tanggapan' });
    await links.getByText(/dipakai 3 kali/).waitFor();
    expect(await drawer.innerText()).not.toContain(token);
    expect(await drawer.innerText()).not.toMatch(RAW_CODES);
    expect(await seriousAxeViolations(caseworker)).toEqual([]);
  });

  it('keeps a referral as a draft, changes what it shares, then sends it', async () => {
    const page = await signedInAt(
      `/cases/${world.caseNumber}`,
      world.caseworker.email,
      world.caseworker.password,
    );
    const referrals = page.getByRole('region', { name: 'Rujukan' });
    await referrals.getByRole('button', { name: 'Rujuk kasus' }).click();
    const form = page.getByRole('form', { name: 'Rujukan baru' });
    await form.getByRole('combobox', { name: 'Instansi tujuan' }).fill('LBH Bandar');
    await page.getByRole('option', { name: /LBH Bandar Lampung/ }).click();
    await form.getByRole('combobox', { name: 'Layanan yang diminta' }).click();
    await page.getByRole('option', { name: 'Dukungan psikososial', exact: true }).click();
    await form
      .getByRole('textbox', { name: 'Alasan rujukan' })
      .fill('Ibu korban sulit tidur sejak kabar kematian.');
    await form
      .getByRole('textbox', { name: 'Permintaan kepada instansi tujuan' })
      .fill('Mohon konseling.');
    await form.getByRole('combobox', { name: 'Siapa yang menyetujui data dibagikan' }).click();
    await page.getByRole('option', { name: 'Keluarga korban' }).click();
    await form.getByRole('button', { name: 'Simpan sebagai draf' }).click();
    await referrals.getByText('Draf rujukan tersimpan.', { exact: false }).waitFor();

    // The draft opens in the same form, as it was saved, and is changed there.
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('button', { name: 'Ubah draf' }).click();
    const editing = page.getByRole('form', { name: 'Ubah draf rujukan' });
    expect(await editing.getByRole('textbox', { name: 'Alasan rujukan' }).inputValue()).toBe(
      'Ibu korban sulit tidur sejak kabar kematian.',
    );
    await editing
      .getByRole('textbox', { name: 'Permintaan kepada instansi tujuan' })
      .fill('Mohon konseling bagi ibu korban, di rumahnya bila bisa.');
    await editing.getByRole('checkbox', { name: 'Ahmad Jayani' }).check();
    await editing.getByRole('checkbox', { name: 'Nama lengkap' }).check();
    const preview = page.getByRole('region', { name: 'Yang akan dilihat instansi tujuan' });
    await preview.getByText('Ahmad Jayani', { exact: true }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await editing.getByRole('button', { name: 'Simpan dan kirim' }).click();
    await referrals.getByText(/Rujukan terkirim ke LBH Bandar Lampung/).waitFor();

    // One referral, changed then sent: not a second one beside the draft.
    const { rows } = await t.db.query<{ request: string; shared_fields: string[]; status: string }>(
      `SELECT request, shared_fields, status FROM referrals
       WHERE case_id = $1 AND service = 'psychosocial_support'`,
      [world.caseId],
    );
    expect(rows).toEqual([
      {
        request: 'Mohon konseling bagi ibu korban, di rumahnya bila bisa.',
        shared_fields: ['full_name'],
        status: 'sent',
      },
    ]);
  });

  it('sets a password through the emailed link, then signs in with it', async () => {
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(...bearer(world.admin))
      .send({
        email: 'siti.rahayu@example.org',
        fullName: 'Siti Rahayu',
        role: UserRole.Caseworker,
        agencyId: world.referringAgencyId,
      });
    expect(created.status).toBe(201);
    const [mail] = await sink.waitFor(1, 15_000, 'siti.rahayu@example.org');
    const token = /http:\/\/jejak\.test\/set-password#token=([A-Za-z0-9_.-]+)/.exec(mail.text)![1];

    const page = await open({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`${baseUrl}/set-password#token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'Buat kata sandi Jejak' }).waitFor();
    // A one-time secret does not stay in the address bar or the history.
    expect(new URL(page.url()).hash).toBe('');

    const password = page.getByLabel(/^Kata sandi baru/);
    const repeat = page.getByLabel('Ulangi kata sandi baru');
    await password.fill('pendek');
    await repeat.fill('pendek');
    await page.getByRole('button', { name: 'Simpan kata sandi' }).tap();
    await page.getByText('Terlalu pendek: paling sedikit 12 karakter.').waitFor();
    await password.fill('kopi pagi di teras rumah');
    await repeat.fill('kopi pagi di teras rumahh');
    await page.getByRole('button', { name: 'Simpan kata sandi' }).tap();
    await page.getByText('Kedua kata sandi berbeda.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'set-password');

    await repeat.fill('kopi pagi di teras rumah');
    await page.getByRole('button', { name: 'Simpan kata sandi' }).tap();
    await page.getByText('Kata sandi tersimpan. Sekarang Anda dapat masuk.').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Masuk ke Jejak' }).tap();
    await page.getByLabel('Email').fill('siti.rahayu@example.org');
    await page.getByRole('textbox', { name: 'Kata sandi' }).fill('kopi pagi di teras rumah');
    await page.getByRole('button', { name: 'Masuk' }).tap();
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();

    // The link worked once: opened again, it is refused in words.
    const again = await open({ viewport: { width: 360, height: 740 } });
    await again.goto(`${baseUrl}/set-password#token=${token}`);
    await again.getByLabel(/^Kata sandi baru/).fill('another long passphrase');
    await again.getByLabel('Ulangi kata sandi baru').fill('another long passphrase');
    await again.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await again
      .getByRole('alert')
      .getByText(/Tautan ini tidak berlaku lagi/)
      .waitFor();
  });

  it('says in words when a partner link is incomplete or no longer valid', async () => {
    const page = await open({ viewport: { width: 360, height: 740 }, isMobile: true });
    await page.goto(`${baseUrl}/respond`);
    await page
      .getByRole('alert')
      .getByText(/Tautan ini tidak lengkap/)
      .waitFor();
    await page.goto(`${baseUrl}/respond#token=not-a-real-token.abc`);
    await page.reload();
    await page
      .getByRole('alert')
      .getByText(/Tautan ini tidak berlaku lagi/)
      .waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
