/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';
import { nikFor } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** The template's headings, in its order (src/web/src/i18n/bulkIntake.ts). */
const HEADINGS = [
  'Nama lengkap',
  'Jenis kelamin',
  'Tanggal lahir',
  'Perkiraan usia',
  'NIK',
  'Nomor paspor',
  'Nomor telepon',
  'Kode wilayah asal',
  'Alamat (dusun RT/RW)',
  'Keadaan saat ini',
  'Jalur penempatan',
  'Pekerjaan di luar negeri',
  'Tanggal perekrutan',
];

const BAD_NIK = '1801063203880003'; // day 32: refused by the service's NIK rules
const UNKNOWN_REGION = '18.99.99.9999'; // well-formed, not in the Kemendagri list

/**
 * A rescue of 200 people from a CSV file, in headless Chromium against the real service: two bad
 * rows are shown on their cells before anything is written, fixed in the preview, and the whole
 * case is then created at once.
 */
describe('web app: bulk intake from a file', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let caseworker: SignedInUser;
  let context: BrowserContext;
  let page: Page;
  let directory: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
    const agency = await createAgency(t, { shortName: 'BP3MI Lampung', regionCode: '18' });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agency.id });
    directory = await mkdtemp(join(tmpdir(), 'jejak-bulk-'));
  }, 60_000);
  beforeEach(async () => {
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'id-ID',
      acceptDownloads: true,
    });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signInAndOpen() {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill(caseworker.email);
    await page.getByRole('textbox', { name: 'Kata sandi' }).fill(caseworker.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
    await page.getByRole('link', { name: 'Kasus baru' }).click();
    await page.getByRole('link', { name: 'Banyak korban? Unggah berkas CSV atau XLSX' }).click();
    await page.getByRole('heading', { name: 'Kasus baru dari berkas (banyak korban)' }).waitFor();
  }

  async function fillCase(title: string) {
    const choose = async (label: string, option: string) => {
      await page.getByRole('combobox', { name: label }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    await page.getByRole('textbox', { name: 'Judul kasus' }).fill(title);
    await choose('Jenis kejadian', 'Perdagangan orang (TPPO)');
    await choose('Sumber laporan', 'Laporan perwakilan RI');
    await page.getByLabel('Tanggal laporan').fill('2024-06-14');
    await page.getByRole('combobox', { name: 'Negara tempat eksploitasi' }).fill('Kambo');
    await page.getByRole('option', { name: 'Kamboja', exact: true }).click();
  }

  async function counts(): Promise<{ cases: number; victims: number }> {
    const { rows } = await t.db.query<{ cases: number; victims: number }>(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM victims)::int AS victims`,
    );
    return rows[0];
  }

  it('previews a 200-row CSV rescue, shows its two bad rows on their cells, and saves it once they are fixed', async () => {
    // Rows 38 and 151 of the file (the heading is row 1): a NIK the service refuses, and a
    // region code that does not exist. Dates both ways, labels in Indonesian, a code in English.
    const lines = [HEADINGS.join(',')];
    for (let i = 0; i < 200; i += 1) {
      const cells = [
        `Korban ${i + 1}`,
        i % 2 === 0 ? 'Laki-laki' : 'Perempuan',
        i % 3 === 0 ? '15/08/1995' : i % 3 === 1 ? '1996-02-29' : '',
        i % 3 === 2 ? String(20 + (i % 20)) : '',
        i === 36 ? BAD_NIK : nikFor(i),
        '',
        i % 10 === 0 ? '0812 3456 78' + String(i % 100).padStart(2, '0') : '',
        i === 149 ? UNKNOWN_REGION : i % 4 === 0 ? '18.01' : '18.01.06.2027',
        i % 5 === 0 ? '"Dusun Cinta Sari, RT 002 RW 001"' : '',
        i % 7 === 0 ? 'repatriated' : 'Sudah dipulangkan',
        'Nonprosedural',
        'Operator penipuan daring',
        '2023-02-01',
      ];
      lines.push(cells.join(','));
    }
    const file = join(directory, 'penyelamatan-kamboja.csv');
    await writeFile(file, `${lines.join('\r\n')}\r\n`);

    const before = await counts();
    await signInAndOpen();
    await fillCase('Penyelamatan 200 PMI dari Kamboja');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Lanjut' }).click();

    await page.getByRole('button', { name: 'Unduh templat CSV' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.locator('input[type="file"]').first().setInputFiles(file);

    // The service's answer arrives: both rows marked, and only those two.
    const status = page.getByText('200 baris: 198 siap, 2 perlu diperbaiki');
    await status.waitFor();
    await page.getByText('Memeriksa baris dengan layanan…').waitFor({ state: 'detached' });
    const table = page.getByRole('table', { name: 'Pratinjau korban dari berkas' });
    const shownLines = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-line')));
    expect(shownLines).toEqual(['38', '151']);
    const nikCell = table.getByRole('textbox', { name: 'NIK, baris 38' });
    const regionCell = table.getByRole('textbox', { name: 'Kode wilayah asal, baris 151' });
    expect(await nikCell.inputValue()).toBe(BAD_NIK);
    expect(await nikCell.getAttribute('aria-invalid')).toBe('true');
    expect(await regionCell.getAttribute('aria-invalid')).toBe('true');
    expect(
      await table.locator('[aria-invalid="true"] input, input[aria-invalid="true"]').count(),
    ).toBe(2);
    await table
      .locator('tr[data-line="38"] td[data-column="nik"]')
      .getByText('NIK harus 16 angka yang sah: kode wilayah, tanggal lahir, dan nomor urut.')
      .waitFor();
    await table
      .locator('tr[data-line="151"] td[data-column="originRegionCode"]')
      .getByText(`Kode wilayah ${UNKNOWN_REGION} tidak ada dalam daftar Kemendagri.`)
      .waitFor();
    // The other cells of those rows read as they were, with the region's full path.
    await table
      .locator('tr[data-line="38"] td[data-column="originRegionCode"]')
      .getByText('Kabupaten Lampung Selatan, Lampung', { exact: true })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Lanjut' }).isDisabled()).toBe(true);
    expect(await counts()).toEqual(before);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'bulk-intake-preview');

    // Fixed in place, checked again, then saved at once.
    await nikCell.fill(nikFor(36));
    await regionCell.fill('18.01.06.2027');
    await page.getByText('200 baris: 200 siap, 0 perlu diperbaiki').waitFor();
    await page.getByRole('button', { name: 'Periksa lagi' }).click();
    await page.getByText('Semua baris sudah diperiksa dan siap disimpan.').waitFor();
    expect(await counts()).toEqual(before);
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page
      .getByText(
        'Kasus "Penyelamatan 200 PMI dari Kamboja" akan disimpan bersama 200 korban, sekaligus',
      )
      .waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Simpan 200 korban' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Penyelamatan 200 PMI dari Kamboja' })
      .waitFor();

    const caseNumber = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const created = await t
      .http()
      .get(`/api/v1/cases/${encodeURIComponent(caseNumber)}`)
      .set(...bearer(caseworker));
    expect(created.status).toBe(200);
    expect(created.body.victimCount).toBe(200);
    expect(created.body.reportedDate).toBe('2024-06-14');
    expect(created.body.exploitationCountry).toBe('KH');
    const victims = [];
    for (const offset of [0, 100]) {
      const listed = await t
        .http()
        .get(`/api/v1/cases/${created.body.id}/victims?limit=100&offset=${offset}`)
        .set(...bearer(caseworker));
      expect(listed.status).toBe(200);
      victims.push(...listed.body.items);
    }
    const byName = new Map(victims.map((victim) => [victim.fullName, victim]));
    expect(byName.size).toBe(200);
    expect(byName.get('Korban 37')).toMatchObject({ nikMasked: expect.stringMatching(/0037$/) });
    expect(byName.get('Korban 150')).toMatchObject({ originRegionCode: '18.01.06.2027' });
    expect(byName.get('Korban 1')).toMatchObject({
      gender: 'Masculine',
      dateOfBirth: '1995-08-15',
      currentSituation: 'repatriated',
      migrationChannel: 'non_procedural',
      originRegionCode: '18.01',
    });
    expect(byName.get('Korban 2')).toMatchObject({ gender: 'Feminine', dateOfBirth: '1996-02-29' });
    const after = await counts();
    expect(after).toEqual({ cases: before.cases + 1, victims: before.victims + 200 });
  });

  it('gives a CSV and an XLSX template whose headings it reads back, its example row skipped', async () => {
    await signInAndOpen();
    await fillCase('Templat');
    await page.getByRole('button', { name: 'Lanjut' }).click();

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh templat CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('templat-korban.csv');
    const csvPath = join(directory, 'templat-korban.csv');
    await csv.saveAs(csvPath);
    const text = (await readFile(csvPath, 'utf8')).replace(/^\uFEFF/, '');
    const dataLines = text.split(/\r\n/).filter((line) => line !== '' && !line.startsWith('#'));
    expect(dataLines[0].split(',')).toEqual(HEADINGS);
    expect(dataLines).toHaveLength(2);
    expect(text).toContain('# Keadaan saat ini (wajib): Salah satu: Di luar negeri | Ditahan');
    expect(text).toContain('HH/BB/TTTT');

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh templat XLSX' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toBe('templat-korban.xlsx');
    const xlsxPath = join(directory, 'templat-korban.xlsx');
    await xlsx.saveAs(xlsxPath);
    const victimsSheet = await readSheet(xlsxPath, 'Korban');
    expect(victimsSheet[0]).toEqual(HEADINGS);
    expect(victimsSheet[1][4]).toBe('1801065508950002');
    const guide = await readSheet(xlsxPath, 'Petunjuk');
    const situation = guide.find((row) => row[0] === 'Keadaan saat ini');
    expect(situation?.[1]).toBe('Ya');
    expect(String(situation?.[2])).toContain('Sudah dipulangkan');

    // Uploaded as it came, the template holds only its example: nothing to save.
    await page.locator('input[type="file"]').first().setInputFiles(xlsxPath);
    await page
      .getByRole('alert')
      .filter({ hasText: 'Berkas tidak berisi baris korban.' })
      .waitFor();

    // With a row added in the spreadsheet (a date cell, a NIK stored as a rounded number), it
    // is read as a spreadsheet: the date as a day, the spoiled NIK marked.
    const filled = join(directory, 'diisi.xlsx');
    await writeXlsxFile(
      [
        victimsSheet[0] as string[],
        victimsSheet[1] as string[],
        [
          'Rahmat',
          'Laki-laki',
          new Date(Date.UTC(1990, 0, 2)),
          null,
          Number('9401010101900001'),
          null,
          null,
          '18.01',
          null,
          'Ditahan',
          null,
          null,
          null,
        ],
        [
          'Wulan',
          'Perempuan',
          null,
          24,
          '1801064101980007',
          null,
          null,
          '18.01.06.2027',
          null,
          'Di luar negeri',
          null,
          null,
          null,
        ],
      ],
      { dateFormat: 'dd/mm/yyyy' },
    ).toFile(filled);
    await page.locator('input[type="file"]').first().setInputFiles(filled);
    await page.getByText('2 baris: 1 siap, 1 perlu diperbaiki').waitFor();
    await page.getByText('Baris contoh dari templat dilewati.').waitFor();
    const table = page.getByRole('table', { name: 'Pratinjau korban dari berkas' });
    expect(
      await table.getByRole('textbox', { name: 'NIK, baris 3' }).getAttribute('aria-invalid'),
    ).toBe('true');
    await table
      .getByText('Terbaca sebagai angka dan digit terakhirnya mungkin berubah', { exact: false })
      .waitFor();
    await page.getByText('Semua baris', { exact: true }).click();
    await table
      .locator('tr[data-line="3"] td[data-column="dateOfBirth"]')
      .getByText('1990-01-02')
      .waitFor();
    await table
      .locator('tr[data-line="4"] td[data-column="currentSituation"]')
      .getByText('Di luar negeri')
      .waitFor();
  });
});
