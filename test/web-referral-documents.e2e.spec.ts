/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';
import { bearer, SignedInUser } from './support/factories';
import { referralWorld, ReferralWorld, tokenFromText } from './support/referral-fixtures';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(90_000);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A PDF as the content check reads it, unique so that its digest names this upload only. */
function pdf(title: string, size: number): Buffer {
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n% ${title}\n`),
    randomBytes(size),
    Buffer.from('\n%%EOF\n'),
  ]);
}

/**
 * Case documents shared on a referral, in headless Chromium against the real service, PostgreSQL,
 * Redis and an SMTP server on loopback: the caseworker chooses the death certificate (and sees it
 * in the preview), a document removed while the form is open is refused on the group, and the
 * legal aid office downloads the certificate through its link on a phone, byte for byte, without
 * seeing the documents that were not shared.
 */
describe('web app: documents shared on a referral', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let baseUrl: string;
  let world: ReferralWorld;
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: sink.url, NOTIFICATION_SWEEP_SECONDS: '1' } });
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

  async function upload(
    user: SignedInUser,
    content: Buffer,
    kind: string,
    filename: string,
    victimId?: string,
  ): Promise<{ id: string; sizeBytes: number }> {
    let request = t
      .http()
      .post(`/api/v1/cases/${world.caseId}/documents`)
      .set(...bearer(user))
      .field('kind', kind);
    if (victimId) request = request.field('victimId', victimId);
    const response = await request.attach('file', content, {
      filename,
      contentType: 'application/pdf',
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; sizeBytes: number };
  }

  async function open(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext({
      locale: 'id-ID',
      acceptDownloads: true,
      ...options,
    });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  const horizontalOverflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  it('shares only the chosen document, previewed, and the partner downloads it on a phone', async () => {
    const certificate = pdf('Akta kematian Ahmad Jayani', 300_000);
    const policeReport = pdf('Laporan polisi Hani', 40_000);
    const contract = pdf('Kontrak kerja', 20_000);
    const shared = await upload(
      world.caseworker,
      certificate,
      'death_certificate',
      'akta_kematian_ahmad_jayani.pdf',
      world.victimId,
    );
    const unshared = await upload(
      world.caseworker,
      policeReport,
      'police_report',
      'laporan_polisi_hani.pdf',
    );
    const misfiled = await upload(
      world.caseworker,
      contract,
      'employment_contract',
      'kontrak_kerja_salah_kasus.pdf',
    );

    // (a) The caseworker refers the case to legal aid, with the death certificate.
    const caseworker = await open({ viewport: { width: 1280, height: 900 } });
    await caseworker.goto(`${baseUrl}/login`);
    await caseworker.getByLabel('Email').fill(world.caseworker.email);
    await caseworker.getByRole('textbox', { name: 'Kata sandi' }).fill(world.caseworker.password);
    await caseworker.getByRole('button', { name: 'Masuk' }).click();
    await caseworker.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
    await caseworker.goto(`${baseUrl}/cases/${world.caseNumber}`);
    const referrals = caseworker.getByRole('region', { name: 'Rujukan' });
    await referrals.getByRole('button', { name: 'Rujuk kasus' }).click();
    const form = caseworker.getByRole('form', { name: 'Rujukan baru' });
    await form.getByRole('combobox', { name: 'Instansi tujuan' }).fill('LBH Bandar');
    await caseworker.getByRole('option', { name: /LBH Bandar Lampung/ }).click();
    await form.getByRole('combobox', { name: 'Layanan yang diminta' }).click();
    await caseworker.getByRole('option', { name: 'Bantuan hukum', exact: true }).click();
    await form
      .getByRole('textbox', { name: 'Alasan rujukan' })
      .fill('Keluarga meminta pendampingan hukum untuk klaim dan restitusi.');
    await form
      .getByRole('textbox', { name: 'Permintaan kepada instansi tujuan' })
      .fill('Mohon pendampingan hukum; akta kematian terlampir.');
    await form.getByRole('combobox', { name: 'Siapa yang menyetujui data dibagikan' }).click();
    await caseworker.getByRole('option', { name: 'Keluarga korban' }).click();

    // The case's three documents, each by kind, whom it is about, name and date; none ticked.
    const group = form.getByRole('group', { name: 'Dokumen yang dibagikan' });
    const boxes = group.getByRole('checkbox');
    await boxes.nth(2).waitFor();
    expect(await boxes.count()).toBe(3);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(false);
    const certificateBox = group.getByRole('checkbox', {
      name: /^Akta kematian · Ahmad Jayani · akta_kematian_ahmad_jayani\.pdf · diunggah .+ WIB$/,
    });
    const contractBox = group.getByRole('checkbox', {
      name: /^Kontrak kerja · Seluruh kasus · kontrak_kerja_salah_kasus\.pdf/,
    });
    await group.getByRole('checkbox', { name: /^Laporan polisi · Seluruh kasus/ }).waitFor();

    // The preview lists exactly the ticked documents, by kind and size.
    const preview = caseworker.getByRole('region', { name: 'Yang akan dilihat instansi tujuan' });
    await preview.getByText('Rujukan ini tidak membagikan dokumen.').waitFor();
    await certificateBox.check();
    await contractBox.check();
    const previewItems = preview.getByRole('listitem');
    await previewItems.nth(1).waitFor();
    expect(await previewItems.count()).toBe(2);
    await previewItems
      .filter({ hasText: 'Akta kematian' })
      .getByText(/^PDF · 293 KB · diunggah /)
      .waitFor();
    await previewItems
      .filter({ hasText: 'Kontrak kerja' })
      .getByText(/^PDF · 20 KB/)
      .waitFor();
    expect(await preview.getByText('Laporan polisi').count()).toBe(0);
    expect(await seriousAxeViolations(caseworker)).toEqual([]);

    // A supervisor removes the misfiled contract while the form is open: the service refuses the
    // referral on the documents' group, in words, and the list and the choice lose the contract.
    const removed = await t
      .http()
      .post(`/api/v1/documents/${misfiled.id}/removal`)
      .set(...bearer(world.supervisor))
      .send({ reason: 'Kontrak kerja milik kasus lain, salah unggah.' });
    expect(removed.status).toBe(204);
    await form.getByRole('button', { name: 'Simpan dan kirim' }).click();
    const refusal = form.getByText(/^Dokumen yang dipilih sudah tidak ada di kasus ini/);
    await refusal.waitFor();
    // On the group itself: read out with it.
    expect(await group.getAttribute('aria-describedby')).toContain(
      await refusal.getAttribute('id'),
    );
    await form
      .getByRole('alert')
      .getByText(/perbaiki isian yang ditandai/)
      .waitFor();
    expect(await boxes.count()).toBe(2);
    expect(await certificateBox.isChecked()).toBe(true);
    await previewItems.nth(1).waitFor({ state: 'detached' });
    expect(await previewItems.count()).toBe(1);
    await previewItems.getByRole('heading', { name: 'Akta kematian' }).waitFor();
    expect(await seriousAxeViolations(caseworker)).toEqual([]);
    const { rows: none } = await t.db.query('SELECT id FROM referrals WHERE case_id = $1', [
      world.caseId,
    ]);
    expect(none).toEqual([]);
    await screenshot(caseworker, 'referral-create-documents');

    await form.getByRole('button', { name: 'Simpan dan kirim' }).click();
    await referrals.getByText(/Rujukan terkirim ke LBH Bandar Lampung/).waitFor();
    const { rows } = await t.db.query<{ document_ids: string[]; status: string }>(
      'SELECT document_ids, status FROM referrals WHERE case_id = $1',
      [world.caseId],
    );
    expect(rows).toEqual([{ document_ids: [shared.id], status: 'sent' }]);

    // The drawer lists what the referral shares.
    const drawer = caseworker.getByRole('dialog');
    const sharedList = drawer.getByRole('region', { name: 'Dokumen yang dibagikan' });
    const sharedRow = sharedList.getByRole('row', { name: /Akta kematian/ });
    await sharedRow.getByRole('cell', { name: 'akta_kematian_ahmad_jayani.pdf' }).waitFor();
    await sharedRow.getByRole('cell', { name: '293 KB' }).waitFor();
    expect(await sharedList.getByRole('row').count()).toBe(2);
    expect(await seriousAxeViolations(caseworker)).toEqual([]);

    // (b) The legal aid office opens the emailed link on a phone and downloads the certificate.
    const [mail] = await sink.waitFor(1, 15_000, world.agencyEmail);
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
    await phone.goto(`${baseUrl}/respond#token=${token}`);
    const documents = phone.getByRole('region', { name: 'Dokumen yang dibagikan' });
    const items = documents.getByRole('listitem');
    await items.first().waitFor();
    expect(await items.count()).toBe(1);
    await items.getByRole('heading', { name: 'Akta kematian' }).waitFor();
    await items.getByText('akta_kematian_ahmad_jayani.pdf', { exact: true }).waitFor();
    await items.getByText(/^PDF · 293 KB · diunggah .+ WIB$/).waitFor();
    // The unshared police report and the removed contract are nowhere on the page.
    const pageText = await phone.locator('body').innerText();
    expect(pageText).not.toMatch(/Laporan polisi|laporan_polisi_hani|Kontrak kerja|kontrak_kerja/);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    expect(await seriousAxeViolations(phone)).toEqual([]);
    const button = items.getByRole('button', {
      name: 'Unduh Akta kematian: akta_kematian_ahmad_jayani.pdf',
    });
    // Big enough for a thumb, and inside the screen.
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(40);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await button.scrollIntoViewIfNeeded();
    await screenshot(phone, 'partner-documents-phone');

    const [download] = await Promise.all([phone.waitForEvent('download'), button.tap()]);
    expect(download.suggestedFilename()).toBe('akta_kematian_ahmad_jayani.pdf');
    expect(sha256(await readFile(await download.path()))).toBe(sha256(certificate));
    await documents.getByRole('status').getByText('Akta kematian sudah diunduh.').waitFor();
    expect(await seriousAxeViolations(phone)).toEqual([]);

    // Downloaded through the link's header: no address the page asked for carries the token.
    expect(
      apiRequests.some((url) => url.includes(`/referral-responses/documents/${shared.id}`)),
    ).toBe(true);
    expect(apiRequests.filter((url) => url.includes(token.split('.')[1]))).toEqual([]);
    const { rows: audited } = await t.db.query<{ entity_id: string }>(
      `SELECT entity_id FROM audit_events WHERE action = 'document.downloaded_by_link'`,
    );
    expect(audited).toEqual([{ entity_id: shared.id }]);
    // The police report was never offered, and asking for it anyway through the link is refused.
    const refused = await t
      .http()
      .get(`/api/v1/referral-responses/documents/${unshared.id}`)
      .set('X-Response-Token', token);
    expect(refused.status).toBe(404);

    // The certificate is withdrawn from the case while the partner's page is open: the download
    // is refused in words, and the page shows what is left to download.
    const withdrawn = await t
      .http()
      .post(`/api/v1/documents/${shared.id}/removal`)
      .set(...bearer(world.supervisor))
      .send({ reason: 'Akta diganti salinan resmi yang baru.' });
    expect(withdrawn.status).toBe(204);
    await button.tap();
    await phone
      .getByRole('alert')
      .getByText(/tidak dapat diunduh lagi/)
      .waitFor();
    await documents.getByText('Rujukan ini tidak membagikan dokumen.').waitFor();
    expect(await items.count()).toBe(0);
    expect(await seriousAxeViolations(phone)).toEqual([]);
  });
});
