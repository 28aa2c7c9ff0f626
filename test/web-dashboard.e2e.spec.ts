/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot } from './support/browser';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { insertReportCases } from './support/report-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { axeOnceStill, listenForBrowser, newPage, signInAs } from './support/web-session';

jest.setTimeout(90_000);

interface Count {
  code: string | null;
  cases: number | null;
  victims: number;
}

interface ServiceLevel {
  agencyName: string;
  service: string;
  sent: number;
  acknowledgementDue: number;
  acknowledged: number;
  completionDue: number;
  completed: number;
}

interface Summary {
  totals: { cases: number; victims: number };
  month: Count[];
  originProvince: Count[];
  exploitationCountry: Count[];
  exploitationType: Count[];
  referralServiceLevels: ServiceLevel[];
}

/** A number as the page writes it in Bahasa Indonesia ("1.234"), or null for "–". */
const numberOf = (text: string): number | null =>
  text.trim() === '–' ? null : Number(text.trim().replace(/\./g, ''));

/** A table's body rows as their cells' texts (the row heading first). */
async function rowsOf(table: Locator): Promise<string[][]> {
  await table.waitFor();
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim()),
      ),
    );
}

/** [label, cases, victims] of a breakdown's table on the page. */
async function countsOnPage(page: Page, name: string) {
  const rows = await rowsOf(page.getByRole('table', { name, exact: true }));
  return rows.map(([label, cases, victims]) => ({
    label,
    cases: numberOf(cases),
    victims: numberOf(victims),
  }));
}

const numbers = (counts: Count[]) => counts.map((c) => [c.cases, c.victims]);

/**
 * The dashboard in headless Chromium against the real service: its numbers are the summary
 * report's for the same range, a narrower range narrows them, the CSV downloads are the API's,
 * a caseworker counts only their own agency's cases and a liaison is told the dashboard is not
 * theirs; axe, keyboard, and a screenshot.
 */
describe('web app: the dashboard', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let context: BrowserContext;
  let page: Page;
  let agencyId: string;
  let supervisor: SignedInUser;
  let otherCaseworker: SignedInUser;
  let liaison: SignedInUser;
  let admin: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    baseUrl = await listenForBrowser(t);
    browser = await launchChromium();
    agencyId = (
      await createAgency(t, { name: 'Disnakertrans Lampung Selatan', shortName: 'Disnaker Lamsel' })
    ).id;
    const otherAgencyId = (await createAgency(t, { name: 'BP3MI Jawa Barat' })).id;
    const partnerId = (await createAgency(t, { name: 'LBH Bandar Lampung' })).id;
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
    otherCaseworker = await createUser(t, UserRole.Caseworker, { agencyId: otherAgencyId });
    liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId });
    admin = await createUser(t, UserRole.Admin);
    await insertReportCases(t, agencyId, otherAgencyId, partnerId, supervisor.id, 'DSB');
  }, 90_000);
  beforeEach(async () => {
    // Without the app's service worker: a test here routes the report's requests, which the
    // worker would take out of Playwright's reach.
    ({ context, page } = await newPage(browser, { serviceWorkers: 'block' }));
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * Signs in and opens `path` once the first screen is there (the sign-in screen has a level-1
   * heading too: waiting for any would open `path` before the session exists).
   */
  async function signInTo(user: SignedInUser, path: string) {
    await signInAs(page, baseUrl, user);
    await page.getByRole('heading', { name: 'Antrian kasus', level: 1 }).waitFor();
    await page.goto(`${baseUrl}${path}`);
  }

  async function summaryOf(user: SignedInUser, query: string): Promise<Summary> {
    const res = await t
      .http()
      .get(`/api/v1/reports/summary?${query}`)
      .set(...bearer(user));
    expect(res.status).toBe(200);
    return res.body as Summary;
  }

  async function csvOf(user: SignedInUser, path: string): Promise<string> {
    const res = await t
      .http()
      .get(path)
      .set(...bearer(user))
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    return res.body as string;
  }

  /** Every figure on the page equals the API's summary for the same range. */
  async function expectPageToShow(summary: Summary) {
    const months = await countsOnPage(page, 'Kasus per bulan dicatat');
    expect(months.map((row) => [row.cases, row.victims])).toEqual(numbers(summary.month));
    const provinces = await countsOnPage(page, 'Provinsi asal korban');
    expect(provinces.map((row) => [row.cases, row.victims])).toEqual(
      numbers(summary.originProvince),
    );
    const countries = await countsOnPage(page, 'Negara eksploitasi');
    expect(countries.map((row) => [row.cases, row.victims])).toEqual(
      numbers(summary.exploitationCountry),
    );
    const types = await countsOnPage(page, 'Jenis eksploitasi');
    expect(types.map((row) => [row.cases, row.victims])).toEqual(numbers(summary.exploitationType));
    // No code on screen: every group is named.
    for (const row of [...months, ...provinces, ...countries, ...types])
      expect(row.label).not.toMatch(/^([A-Z]{2}|\d{2}(\.\d+)*|\d{4}-\d{2}|[A-Z][a-z]+[A-Z]\w*)$/);
    const totals = await page.getByRole('group', { name: 'Jumlah dalam rentang' }).innerText();
    expect(totals.split(/\s+/)).toEqual([
      'Kasus',
      String(summary.totals.cases),
      'Korban',
      String(summary.totals.victims),
    ]);
    const levels = await rowsOf(
      page.getByRole('table', { name: /Seberapa tepat waktu instansi penerima/ }),
    );
    expect(levels.map(([agency, , sent]) => [agency, numberOf(sent)])).toEqual(
      summary.referralServiceLevels.map((level) => [level.agencyName, level.sent]),
    );
    return { months, provinces, countries, types };
  }

  it("shows the summary's numbers for the range in the address, and a narrower range narrows them", async () => {
    await signInAs(page, baseUrl, supervisor);
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByRole('heading', { name: 'Dasbor', level: 1 }).waitFor();
    // Without a range in the address, the last twelve months are put there.
    await page.waitForURL(/\/dashboard\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}/);

    await page.goto(`${baseUrl}/dashboard?from=2026-03-01&to=2026-05-31`);
    const spring = await summaryOf(supervisor, 'from=2026-03-01&to=2026-05-31');
    expect(spring.totals.cases).toBe(4);
    const shown = await expectPageToShow(spring);
    expect(shown.months.map((row) => row.label)).toEqual(['Mar 2026', 'Apr 2026', 'Mei 2026']);
    expect(shown.countries.map((row) => row.label)).toContain('Kamboja');
    expect(shown.types.map((row) => row.label)).toContain('Kerja paksa');
    expect(shown.provinces.map((row) => row.label)).toContain('Lampung');

    // Referrals late now, by receiving agency, from the same service levels.
    const late = spring.referralServiceLevels.reduce(
      (sum, level) => ({
        ack: sum.ack + level.acknowledgementDue - level.acknowledged,
        done: sum.done + level.completionDue - level.completed,
      }),
      { ack: 0, done: 0 },
    );
    expect(late.ack + late.done).toBeGreaterThan(0);
    expect(await rowsOf(page.getByRole('table', { name: /belum ditanggapi atau belum/ }))).toEqual([
      ['LBH Bandar Lampung', String(late.ack), String(late.done)],
    ]);

    // The queues, as the API counts them, each a link to its queue.
    const queues = (
      await t
        .http()
        .get('/api/v1/queues')
        .set(...bearer(supervisor))
    ).body.items as Array<{ name: string; labelId: string; count: number }>;
    for (const queue of queues) {
      const tile = page.getByRole('link', { name: `${queue.count} ${queue.labelId}`, exact: true });
      const href = await tile.getAttribute('href');
      expect(href).toBe(
        queue.name === 'incoming_referrals'
          ? '/referrals/incoming'
          : queue.name === 'incoming_transfers'
            ? '/transfers'
            : `/cases?queue=${queue.name}`,
      );
    }

    // April only, typed into the form: the address and every figure follow.
    await page.getByLabel('Dari tanggal (WIB)').fill('2026-04-01');
    await page.getByLabel('Sampai tanggal (WIB)').fill('2026-04-30');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(/from=2026-04-01&to=2026-04-30/);
    await page.getByText('Kasus yang dicatat 1 Apr 2026 sampai 30 Apr 2026').waitFor();
    const april = await summaryOf(supervisor, 'from=2026-04-01&to=2026-04-30');
    expect(april.totals.cases).toBe(2);
    await page.getByRole('row', { name: /^Apr 2026/ }).waitFor();
    await page.getByRole('row', { name: /^Mar 2026/ }).waitFor({ state: 'detached' });
    const narrowed = await expectPageToShow(april);
    expect(narrowed.months.map((row) => row.label)).toEqual(['Apr 2026']);
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'dashboard');

    // An end before the start is said on the field, and asks nothing.
    await page.getByLabel('Sampai tanggal (WIB)').fill('2026-03-01');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.getByText('Tanggal akhir harus sama dengan atau sesudah tanggal awal.').waitFor();
    expect(page.url()).toMatch(/to=2026-04-30/);
    expect(await axeOnceStill(page)).toEqual([]);
  });

  it('downloads the summary and the case list as the API gives them, for the same range', async () => {
    await signInTo(supervisor, '/dashboard?from=2026-04-01&to=2026-04-30');
    await page.getByRole('table', { name: 'Kasus per bulan dicatat' }).waitFor();

    const [summaryDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh ringkasan (CSV)' }).click(),
    ]);
    expect(summaryDownload.suggestedFilename()).toMatch(/\.csv$/);
    const summaryFile = await readFile(await summaryDownload.path(), 'utf8');
    expect(summaryFile).toBe(
      await csvOf(supervisor, '/api/v1/reports/summary.csv?from=2026-04-01&to=2026-04-30&lang=id'),
    );
    expect(summaryFile).toContain('Jumlah kasus');

    const [casesDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh daftar kasus (CSV)' }).click(),
    ]);
    const casesFile = await readFile(await casesDownload.path(), 'utf8');
    expect(casesFile).toBe(
      await csvOf(
        supervisor,
        '/api/v1/cases/export.csv?createdFrom=2026-04-01&createdTo=2026-04-30&sort=created&lang=id',
      ),
    );
    // April's two cases of the agency, and only them.
    expect(casesFile).toContain('DSB-A1');
    expect(casesFile).toContain('DSB-A2');
    expect(casesFile).not.toContain('DSB-A3');
    expect(casesFile).not.toContain('DSB-B1');
  });

  it('speaks English, with English names and numbers, and the English CSV', async () => {
    await signInTo(supervisor, '/dashboard?from=2026-03-01&to=2026-05-31');
    await page.getByRole('table', { name: 'Kasus per bulan dicatat' }).waitFor();
    await page.getByRole('banner').getByText('English', { exact: true }).click();
    const countries = await countsOnPage(page, 'Country of exploitation');
    expect(countries.map((row) => row.label)).toContain('Cambodia');
    const months = await countsOnPage(page, 'Cases by month recorded');
    expect(months.map((row) => row.label)).toEqual(['Mar 2026', 'Apr 2026', 'May 2026']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the summary (CSV)' }).click(),
    ]);
    expect(await readFile(await download.path(), 'utf8')).toBe(
      await csvOf(supervisor, '/api/v1/reports/summary.csv?from=2026-03-01&to=2026-05-31&lang=en'),
    );
  });

  it("counts only a caseworker's own agency, and tells a liaison the dashboard is not theirs", async () => {
    await signInAs(page, baseUrl, otherCaseworker);
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByRole('heading', { name: 'Dasbor', level: 1 }).waitFor();
    await page.goto(`${baseUrl}/dashboard?from=2026-03-01&to=2026-05-31`);
    const own = await summaryOf(otherCaseworker, 'from=2026-03-01&to=2026-05-31');
    expect(own.totals.cases).toBe(1);
    const shown = await expectPageToShow(own);
    expect(shown.months.map((row) => [row.label, row.cases])).toEqual([['Apr 2026', 1]]);
    // Nothing of the other agency's referrals either.
    expect(await page.getByText('LBH Bandar Lampung').count()).toBeGreaterThan(0);
    expect(own.referralServiceLevels.map((level) => level.sent)).toEqual([1]);
    // Naming another agency in the address changes nothing for staff: no agency field either.
    await page.goto(`${baseUrl}/dashboard?from=2026-03-01&to=2026-05-31&agency=${agencyId}`);
    expect(await countsOnPage(page, 'Kasus per bulan dicatat')).toEqual([
      { label: 'Apr 2026', cases: 1, victims: 1 },
    ]);
    expect(await page.getByLabel('Instansi pemilik kasus').count()).toBe(0);
    await context.close();

    ({ context, page } = await newPage(browser));
    await signInAs(page, baseUrl, liaison);
    await page.getByRole('navigation', { name: 'Navigasi utama' }).waitFor();
    expect(await page.getByRole('link', { name: 'Dasbor' }).count()).toBe(0);
    await page.goto(`${baseUrl}/dashboard`);
    await page.getByRole('heading', { name: 'Dasbor tidak tersedia untuk peran Anda' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await axeOnceStill(page)).toEqual([]);
  });

  it('lets an admin count every agency or one, the agency kept in the address', async () => {
    await signInTo(admin, '/dashboard?from=2026-04-01&to=2026-04-30');
    const everyone = await summaryOf(admin, 'from=2026-04-01&to=2026-04-30');
    expect(everyone.totals.cases).toBe(3);
    await page.getByRole('table', { name: 'Kasus per bulan dicatat' }).waitFor();
    await expectPageToShow(everyone);
    // One agency, chosen in the form: the address names it.
    await page.getByRole('combobox', { name: 'Instansi pemilik kasus' }).click();
    await page.getByRole('option', { name: 'Disnaker Lamsel', exact: true }).click();
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForURL(new RegExp(`agency=${agencyId}`));
    const one = await summaryOf(admin, `from=2026-04-01&to=2026-04-30&owningAgencyId=${agencyId}`);
    expect(one.totals.cases).toBe(2);
    await page.getByRole('row', { name: /^Apr 2026 2 3$/ }).waitFor();
    await expectPageToShow(one);
  });

  it('says so when the service refuses the report, and is worked by keyboard', async () => {
    await signInTo(supervisor, '/cases');
    // A refusal the service may give (a role changed while signed in): said, not a crash.
    const summaryRequests = /\/api\/v1\/reports\/summary\?/;
    await page.route(summaryRequests, (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 403, code: 'AUTH.FORBIDDEN', message: 'Forbidden' }),
      }),
    );
    await page.goto(`${baseUrl}/dashboard?from=2026-04-01&to=2026-04-30`);
    await page.getByRole('alert').getByText('Anda tidak diizinkan membaca laporan ini.').waitFor();
    await page.unroute(summaryRequests);

    // Tried again by keyboard once the service answers; then a queue's tile opens its queue.
    await page.getByRole('button', { name: 'Coba lagi' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Kasus per bulan dicatat' }).waitFor();
    const tile = page.getByRole('link', { name: /Belum ditugaskan$/ });
    await tile.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\?queue=unassigned$/);
  });
});
