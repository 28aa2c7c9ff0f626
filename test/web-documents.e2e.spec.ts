/// <reference lib="dom" />
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';
import { ahmadJayaniCase, createCase } from './support/case-fixtures';
import { createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Case documents in headless Chromium against the real service: a caseworker uploads a death
 * certificate on the case page, with its progress, and downloads it back byte for byte; a file
 * that is not what it claims is refused on its field; a viewer sees the list but cannot open it.
 */
describe('web app: case documents', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let caseworker: SignedInUser;
  let viewer: SignedInUser;
  let caseNumber: string;
  let viewedCaseNumber: string;
  let supervisor: SignedInUser;
  let misfiledCaseNumber: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
    const agency = await createAgency(t, { shortName: 'Disnakertrans Lampung Selatan' });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agency.id });
    viewer = await createUser(t, UserRole.Viewer, { agencyId: agency.id });
    caseNumber = (await createCase(t, caseworker, ahmadJayaniCase())).caseNumber;
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId: agency.id });
    // Cases of their own for the viewer's and the supervisor's tests, their document uploaded
    // through the API.
    const withDocument = async (filename: string) => {
      const created = await createCase(t, caseworker, ahmadJayaniCase());
      const uploaded = await t
        .http()
        .post(`/api/v1/cases/${created.id}/documents`)
        .set('Authorization', `Bearer ${caseworker.token}`)
        .field('kind', 'police_report')
        .attach('file', Buffer.from('%PDF-1.4\n% laporan polisi\n%%EOF\n'), {
          filename,
          contentType: 'application/pdf',
        });
      expect(uploaded.status).toBe(201);
      return created.caseNumber as string;
    };
    viewedCaseNumber = await withDocument('laporan_polisi_hani.pdf');
    misfiledCaseNumber = await withDocument('laporan_kasus_lain.pdf');
  }, 60_000);
  beforeEach(async () => {
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'id-ID',
      acceptDownloads: true,
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openCaseAs(user: SignedInUser, number = caseNumber) {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('textbox', { name: 'Kata sandi' }).fill(user.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
    await page.goto(`${baseUrl}/cases/${number}`);
    return page.getByRole('region', { name: 'Dokumen' });
  }

  it('uploads a death certificate for the victim and downloads the same bytes', async () => {
    const certificate = Buffer.concat([
      Buffer.from('%PDF-1.7\n% Akta kematian Ahmad Jayani\n'),
      randomBytes(400_000),
      Buffer.from('\n%%EOF\n'),
    ]);
    const addresses: string[] = [];
    page.on('request', (request) => addresses.push(request.url()));
    const section = await openCaseAs(caseworker);
    await section.getByText('Belum ada.').waitFor();

    // A script named like a PDF is refused by its content, on the file's field.
    await section.locator('input[type=file]').setInputFiles({
      name: 'akta.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('#!/bin/sh\necho bukan akta\n'),
    });
    await section.getByRole('combobox', { name: 'Jenis dokumen' }).click();
    await page.getByRole('option', { name: 'Akta kematian', exact: true }).click();
    await section.getByRole('button', { name: 'Unggah' }).click();
    await section.getByText('Isi berkas bukan PDF, JPEG, PNG, WebP atau HEIC.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await section.locator('input[type=file]').setInputFiles({
      name: 'akta_kematian_ahmad_jayani.pdf',
      mimeType: 'application/pdf',
      buffer: certificate,
    });
    await section.getByRole('combobox', { name: 'Tentang korban' }).click();
    await page.getByRole('option', { name: 'Ahmad Jayani', exact: true }).click();
    await section.getByRole('button', { name: 'Unggah' }).click();
    await section.getByText('Dokumen “akta_kematian_ahmad_jayani.pdf” tersimpan.').waitFor();

    const row = section.getByRole('row', { name: /Akta kematian/ });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
    expect(cells.slice(0, 4)).toEqual([
      'Ahmad Jayani',
      'akta_kematian_ahmad_jayani.pdf',
      '391 KB',
      expect.stringMatching(/WIB$/),
    ]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'case-documents');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Unduh akta_kematian_ahmad_jayani.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('akta_kematian_ahmad_jayani.pdf');
    const saved = await readFile(await download.path());
    expect(sha256(saved)).toBe(sha256(certificate));
    // The token travelled in a header: no address the page asked for carries it.
    const token = await page.evaluate(
      () =>
        (JSON.parse(window.sessionStorage.getItem('jejak.session')!) as { token: string }).token,
    );
    expect(addresses.filter((address) => address.includes(token))).toEqual([]);
    expect(addresses.some((address) => address.includes('/content'))).toBe(true);
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events
       WHERE action = 'document.downloaded' AND actor_id = $1`,
      [caseworker.id],
    );
    expect(rows[0].n).toBe(1);
    // The history says it in words, with the document's kind.
    await page
      .getByRole('region', { name: 'Riwayat kasus' })
      .getByText('mengunggah dokumen (Akta kematian).', { exact: false })
      .waitFor();
  });

  it('shows a viewer which documents there are, without names or downloads', async () => {
    const section = await openCaseAs(viewer, viewedCaseNumber);
    const row = section.getByRole('row', { name: /Laporan polisi/ });
    await row.waitFor();
    await row.getByText('Peran Anda tidak dapat membuka dokumen').waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await section.getByRole('button', { name: 'Unggah' }).count()).toBe(0);
    expect(await page.content()).not.toContain('laporan_polisi_hani');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('lets a supervisor remove a misfiled document, with a reason', async () => {
    const section = await openCaseAs(supervisor, misfiledCaseNumber);
    await section.getByRole('button', { name: 'Hapus laporan_kasus_lain.pdf' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hapus dokumen' });
    await dialog.getByRole('textbox', { name: 'Alasan' }).fill('salah');
    await dialog.getByRole('button', { name: 'Hapus dokumen' }).click();
    await dialog.getByText('Tulis alasan paling sedikit 10 karakter.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await dialog
      .getByRole('textbox', { name: 'Alasan' })
      .fill('Laporan polisi untuk kasus lain, salah unggah.');
    await dialog.getByRole('button', { name: 'Hapus dokumen' }).click();
    await section.getByText('Dokumen dihapus.').waitFor();
    await section.getByText('Belum ada.').waitFor();
    const { rows } = await t.db.query(
      `SELECT restricted_changes FROM audit_events WHERE action = 'document.removed' AND actor_id = $1`,
      [supervisor.id],
    );
    expect(rows).toEqual([
      { restricted_changes: { reason: 'Laporan polisi untuk kasus lain, salah unggah.' } },
    ]);
  });
});
