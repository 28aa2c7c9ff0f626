/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';
import { createCase } from './support/case-fixtures';
import { createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { spoilStoredToken } from './support/web-session';

// The whole intake is four steps of typing and picking: longer than a request's 30 s.
jest.setTimeout(60_000);

/**
 * The intake in headless Chromium against the real service: the Ahmad Jayani case of DOMAIN.md
 * written in one sitting, step by step, with his family and the recruiter picked from the
 * register; and a half-filled form that outlives an expired session.
 */
describe('web app: case intake in steps, with drafts', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let caseworker: SignedInUser;
  let haniId: string;
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
    // Hani is already in the register, from an earlier case of the same office.
    const earlier = await createCase(t, caseworker, {
      title: 'Ditawari kerja ke Kamboja oleh Hani',
      incidentType: 'trafficking',
      source: 'family',
      victims: [{ fullName: 'Korban Terdahulu', currentSituation: 'home' }],
      perpetrators: [
        { perpetrator: { fullName: 'Hani', homeRegionCode: '18.07', aliases: ['Bu Hani'] } },
      ],
    });
    haniId = earlier.perpetrators[0].perpetratorId;
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

  async function signIn() {
    await page.getByLabel('Email').fill(caseworker.email);
    await page.getByRole('textbox', { name: 'Kata sandi' }).fill(caseworker.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }
  async function choose(scope: Page | Locator, label: string, option: string | RegExp) {
    await scope.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  }
  async function pickRegion(scope: Page | Locator, label: string, typed: string, path: RegExp) {
    await scope.getByRole('textbox', { name: label, exact: true }).fill(typed);
    await page.getByRole('option', { name: path }).click();
  }
  const next = () => page.getByRole('button', { name: 'Lanjut' }).click();
  const stepHeading = (name: string) => page.getByRole('heading', { level: 2, name }).waitFor();

  it('records the Ahmad Jayani case with his family and the recruiter from the register', async () => {
    await page.goto(`${baseUrl}/cases/new`);
    await signIn();
    await stepHeading('Kejadian');

    // Step 1: the incident.
    await page
      .getByRole('textbox', { name: 'Judul kasus' })
      .fill('Ahmad Jayani, meninggal di Kamboja');
    await choose(page, 'Jenis kejadian', 'Meninggal di luar negeri');
    await choose(page, 'Sumber laporan', 'Keluarga');
    await page.getByRole('textbox', { name: 'Tanggal kejadian' }).fill('2024-05-11');
    await page.getByRole('combobox', { name: 'Negara tempat eksploitasi' }).fill('Kambo');
    await page.getByRole('option', { name: 'Kamboja', exact: true }).click();
    await choose(page, 'Bentuk eksploitasi', 'Penipuan daring (online scam)');
    await page.keyboard.press('Escape');
    await page
      .getByRole('textbox', { name: 'Kronologi' })
      .fill(
        'Ditawari kerja oleh Hani, dipekerjakan sebagai "scammer" di Kamboja, meninggal di sana.',
      );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await next();

    // Step 2: the victim and his family.
    await stepHeading('Korban dan keluarga');
    const victim = page.getByRole('group', { name: 'Korban 1' });
    await victim.getByRole('textbox', { name: 'Nama lengkap' }).first().fill('Ahmad Jayani');
    await choose(victim, 'Keadaan saat ini', 'Meninggal');
    await choose(victim, 'Jenis kelamin', 'Laki-laki');
    await victim.getByRole('textbox', { name: 'Perkiraan usia (tahun)' }).fill('36');
    await victim.getByRole('textbox', { name: 'NIK (16 angka, jika diketahui)' }).fill('12345');
    await pickRegion(victim, 'Daerah asal', 'Taman Agung', /^Taman Agung, Kalianda/);
    await victim
      .getByRole('textbox', { name: 'Alamat: dusun, RT/RW, jalan' })
      .fill('Dusun Cinta Sari');
    const death = page.getByRole('group', { name: 'Kematian' });
    await death.getByRole('textbox', { name: 'Tanggal meninggal' }).fill('2024-05-11');
    await death.getByRole('combobox', { name: 'Negara tempat meninggal' }).fill('Kambo');
    await page.getByRole('option', { name: 'Kamboja', exact: true }).click();
    await choose(death, 'Jenazah', 'Menunggu pemulangan jenazah');

    await page.getByRole('button', { name: 'Tambah anggota keluarga' }).click();
    const mother = page.getByRole('group', { name: 'Anggota keluarga 1' });
    await mother.getByRole('textbox', { name: 'Nama lengkap' }).fill('Janah');
    await choose(mother, 'Hubungan dengan korban', 'Ibu');
    await mother.getByRole('textbox', { name: 'Usia (tahun)' }).fill('60');
    await mother.getByRole('checkbox', { name: 'Kontak utama keluarga' }).check();
    await mother.getByRole('checkbox', { name: 'Setuju dihubungi' }).check();
    await page.getByRole('button', { name: 'Tambah anggota keluarga' }).click();
    const father = page.getByRole('group', { name: 'Anggota keluarga 2' });
    await father.getByRole('textbox', { name: 'Nama lengkap' }).fill('Mulhat');
    await choose(father, 'Hubungan dengan korban', 'Ayah');
    await father.getByRole('switch', { name: 'Sudah meninggal' }).check();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'intake');
    await next();

    // Step 3: the recruiter, found in the register by name within her regency.
    await stepHeading('Perekrut');
    await page.getByRole('button', { name: 'Tambah perekrut' }).click();
    const recruiter = page.getByRole('group', { name: 'Perekrut 1' });
    await recruiter.getByRole('textbox', { name: 'Nama lengkap' }).fill('Hani');
    await pickRegion(
      recruiter,
      'Daerah tempat tinggal',
      'Lampung Timur',
      /^Kabupaten Lampung Timur, Lampung$/,
    );
    await page.getByRole('button', { name: 'Gunakan catatan Hani dari daftar perekrut' }).click();
    await recruiter.getByText('Dari daftar perekrut:').waitFor();
    await choose(recruiter, 'Hubungan dengan korban', 'Kenalan');
    await recruiter
      .getByRole('textbox', { name: 'Perannya dalam kasus ini' })
      .fill('Menawarkan pekerjaan di Kamboja');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await next();

    // Step 4: review, with the priority the facts call for and why.
    await stepHeading('Periksa dan simpan');
    await page.getByText('Prioritas yang disarankan: Kritis').waitFor();
    await page.getByText('Ada korban yang meninggal dunia').waitFor();
    await page
      .getByText('Jenis kejadian: kematian, penahanan, atau hilang di luar negeri')
      .waitFor();
    await page.getByText('Draf tersimpan').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'intake-review');

    // The API refuses the NIK: its rule is shown on the field, on the step it is on.
    await page.getByRole('button', { name: 'Simpan kasus' }).click();
    await page.getByRole('alert').filter({ hasText: 'Kasus belum tersimpan' }).waitFor();
    await stepHeading('Korban dan keluarga');
    const nik = victim.getByRole('textbox', { name: 'NIK (16 angka, jika diketahui)' });
    expect(await nik.getAttribute('aria-invalid')).toBe('true');
    await page
      .getByText('NIK harus 16 angka yang sah: kode wilayah, tanggal lahir, dan nomor urut.')
      .waitFor();
    const { rows: none } = await t.db.query(`SELECT 1 FROM cases WHERE title LIKE 'Ahmad Jayani%'`);
    expect(none).toEqual([]);

    await nik.fill('');
    await next();
    await next();
    await page.getByRole('button', { name: 'Simpan kasus' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Ahmad Jayani, meninggal di Kamboja' })
      .waitFor();

    const { rows: cases } = await t.db.query<{
      id: string;
      case_number: string;
      priority: string;
      exploitation_country: string;
      incident_date: string;
    }>(
      `SELECT id, case_number, priority, exploitation_country, incident_date::text
       FROM cases WHERE title = 'Ahmad Jayani, meninggal di Kamboja'`,
    );
    expect(cases).toEqual([
      expect.objectContaining({
        priority: 'critical',
        exploitation_country: 'KH',
        incident_date: '2024-05-11',
      }),
    ]);
    expect(new URL(page.url()).pathname).toBe(`/cases/${cases[0].case_number}`);
    const { rows: victims } = await t.db.query(
      `SELECT full_name, current_situation, origin_region_code, death_date::text, death_country,
              remains_status, estimated_age, origin_street_encrypted IS NOT NULL AS has_street
       FROM victims WHERE case_id = $1`,
      [cases[0].id],
    );
    expect(victims).toEqual([
      {
        full_name: 'Ahmad Jayani',
        current_situation: 'deceased',
        origin_region_code: '18.01.06.2027',
        death_date: '2024-05-11',
        death_country: 'KH',
        remains_status: 'awaiting_repatriation',
        estimated_age: 36,
        has_street: true,
      },
    ]);
    const { rows: family } = await t.db.query(
      `SELECT f.full_name, f.relation, f.alive, f.age, f.primary_contact
       FROM family_members f JOIN victims v ON v.id = f.victim_id
       WHERE v.case_id = $1 ORDER BY f.full_name`,
      [cases[0].id],
    );
    expect(family).toEqual([
      { full_name: 'Janah', relation: 'mother', alive: true, age: 60, primary_contact: true },
      { full_name: 'Mulhat', relation: 'father', alive: false, age: null, primary_contact: false },
    ]);
    const { rows: links } = await t.db.query(
      `SELECT perpetrator_id, relationship_to_victims, role_in_case
       FROM case_perpetrators WHERE case_id = $1`,
      [cases[0].id],
    );
    expect(links).toEqual([
      {
        perpetrator_id: haniId,
        relationship_to_victims: 'Acquainted',
        role_in_case: 'Menawarkan pekerjaan di Kamboja',
      },
    ]);
    // The draft did its work and is gone.
    const { rows: drafts } = await t.db.query(`SELECT 1 FROM case_drafts WHERE owner_id = $1`, [
      caseworker.id,
    ]);
    expect(drafts).toEqual([]);
  });

  it('keeps a half-filled form through an expired session and on another computer', async () => {
    await page.goto(`${baseUrl}/cases/new`);
    await signIn();
    await stepHeading('Kejadian');
    await page.getByRole('textbox', { name: 'Judul kasus' }).fill('Tiga korban di Malaysia');
    await choose(page, 'Jenis kejadian', 'Gaji tidak dibayar');
    await choose(page, 'Sumber laporan', 'Keluarga');
    await next();
    await stepHeading('Korban dan keluarga');
    await page
      .getByRole('group', { name: 'Korban 1' })
      .getByRole('textbox', { name: 'Nama lengkap' })
      .fill('Siti Wulandari');
    await page.getByText('Draf tersimpan').waitFor();
    const draftUrl = new URL(page.url());
    const draftId = draftUrl.searchParams.get('draft');
    expect(draftId).toMatch(/^[0-9a-f-]{36}$/);

    // The token stops being accepted (a password changed elsewhere), then the writer goes on.
    await spoilStoredToken(page);
    await page.reload();
    const lapsed = page.getByRole('dialog', { name: 'Sesi Anda berakhir' });
    await lapsed.getByRole('textbox', { name: 'Kata sandi' }).fill(caseworker.password);
    await lapsed.getByRole('button', { name: 'Masuk lagi' }).click();
    await stepHeading('Korban dan keluarga');
    expect(new URL(page.url()).searchParams.get('draft')).toBe(draftId);
    expect(
      await page
        .getByRole('group', { name: 'Korban 1' })
        .getByRole('textbox', { name: 'Nama lengkap' })
        .inputValue(),
    ).toBe('Siti Wulandari');

    // What the server keeps is encrypted.
    const { rows } = await t.db.query<{ stored: string }>(
      `SELECT title_encrypted || content_encrypted AS stored FROM case_drafts WHERE id = $1`,
      [draftId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].stored).not.toContain('Siti');

    // Another computer: the draft is offered from the server and opens where it was left.
    const elsewhere = await browser.newContext({ locale: 'id-ID' });
    const other = await elsewhere.newPage();
    try {
      page = other;
      await other.goto(`${baseUrl}/cases/new`);
      await signIn();
      await other.getByText('Draf Anda yang lain').waitFor();
      await other.getByRole('link', { name: 'Tiga korban di Malaysia' }).click();
      await other.getByRole('heading', { level: 2, name: 'Korban dan keluarga' }).waitFor();
      expect(
        await other
          .getByRole('group', { name: 'Korban 1' })
          .getByRole('textbox', { name: 'Nama lengkap' })
          .inputValue(),
      ).toBe('Siti Wulandari');
      await other.getByRole('button', { name: 'Kembali' }).click();
      expect(await other.getByRole('textbox', { name: 'Judul kasus' }).inputValue()).toBe(
        'Tiga korban di Malaysia',
      );
    } finally {
      await elsewhere.close();
    }
  });
});
