/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot, seriousAxeViolations } from './support/browser';
import { createCase } from './support/case-fixtures';
import { createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { spoilStoredToken } from './support/web-session';

/**
 * The web app in headless Chromium against the real service (built by `npm run build`, served at
 * `/`), PostgreSQL and Redis: a caseworker signs in and finds the agency's cases, in Bahasa
 * Indonesia first.
 */
describe('web app: signing in and the case queue', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let caseworker: SignedInUser;
  let viewer: SignedInUser;
  let numbers: { critical: string; normal: string };
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
    const agency = await createAgency(t, {
      shortName: 'Disnaker Lampung Timur',
      regionCode: '18.07',
    });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agency.id });
    viewer = await createUser(t, UserRole.Viewer, { agencyId: agency.id });
    const victim = { fullName: 'Ahmad Jayani', currentSituation: 'abroad', estimatedAge: 27 };
    const normal = await createCase(t, caseworker, {
      title: 'Gaji tidak dibayar di Malaysia',
      incidentType: 'unpaid_wages',
      source: 'family',
      victims: [victim],
    });
    const critical = await createCase(t, caseworker, {
      title: 'Meninggal di Kamboja',
      incidentType: 'death_abroad',
      source: 'family',
      exploitationCountry: 'KH',
      exploitationTypes: ['OnlineScam', 'ForcedLabour'],
      summary: 'Direkrut calo desa, dipekerjakan di kompleks penipuan daring, meninggal di sana.',
      victims: [
        {
          ...victim,
          currentSituation: 'deceased',
          gender: 'Masculine',
          originRegionCode: '18.01.06.2027',
        },
      ],
    });
    numbers = { critical: critical.caseNumber, normal: normal.caseNumber };
  }, 60_000);
  beforeEach(async () => {
    // Without the app's service worker, which would take the page's requests out of reach of
    // Playwright's routing (one test here holds an answer back); its own test has it.
    context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'id-ID',
      serviceWorkers: 'block',
    });
    // A step that cannot happen fails in seconds, naming what it waited for.
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(password = caseworker.password) {
    await page.getByLabel('Email').fill(caseworker.email);
    await page.getByRole('textbox', { name: 'Kata sandi' }).fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }

  it('sends a visitor to sign in, then to the screen asked for, with the cases most urgent first', async () => {
    await page.goto(`${baseUrl}/cases`);
    await page.getByRole('heading', { name: 'Masuk ke Jejak' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');

    await signIn();
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/cases');
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(2).waitFor();
    const cells = async (index: number) =>
      (await rows.nth(index).getByRole('cell').allInnerTexts()).map((text) => text.trim());
    const [first, second] = [await cells(1), await cells(2)];
    // The death abroad is suggested critical and comes first; codes never show, labels do.
    expect(first.slice(0, 5)).toEqual([
      numbers.critical,
      'Meninggal di Kamboja',
      'Kritis',
      'Penerimaan',
      'Belum ditugaskan',
    ]);
    expect(second.slice(0, 2)).toEqual([numbers.normal, 'Gaji tidak dibayar di Malaysia']);
    expect(first[8]).toMatch(/ WIB$/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'case-queue');

    // The case opens by its number, every code read as words.
    await page.getByRole('link', { name: numbers.critical }).click();
    await page.getByRole('heading', { level: 1, name: 'Meninggal di Kamboja' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/cases/${numbers.critical}`);
    const overview = page.getByRole('region', { name: 'Ringkasan kasus' });
    await overview.getByText('Meninggal di luar negeri').waitFor();
    await overview.getByText('Kamboja', { exact: true }).waitFor();
    await overview.getByText('Penipuan daring (online scam), Kerja paksa').waitFor();
    const victimRow = page.getByRole('region', { name: 'Korban' }).getByRole('row').nth(1);
    await victimRow.getByText('Taman Agung').waitFor();
    expect((await victimRow.allInnerTexts())[0]).toMatch(
      /Ahmad Jayani\s+Laki-laki\s+27 tahun\s+Meninggal\s+.*Taman Agung/,
    );
    await page.getByRole('region', { name: 'Rujukan' }).getByText('Belum ada.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'case-page');
  });

  it('says a wrong password and an empty field in place, and switches to English for good', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Wajib diisi.').first().waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');

    await signIn('not-the-password');
    await page.getByRole('alert').filter({ hasText: 'Email atau kata sandi salah.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByText('English').click();
    await page.getByRole('heading', { name: 'Sign in to Jejak' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Jejak' }).waitFor();
    await page.getByLabel('Email').fill(caseworker.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(caseworker.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
    await page.getByRole('cell', { name: 'Critical' }).first().waitFor();
    expect(await page.getByText('Kritis').count()).toBe(0);
  });

  it("shows a victim's NIK masked to the agency's staff and not at all to a viewer", async () => {
    const recorded = await createCase(t, caseworker, {
      title: 'NIK tercatat',
      incidentType: 'unpaid_wages',
      source: 'family',
      victims: [
        {
          fullName: 'Siti Aminah',
          currentSituation: 'abroad',
          gender: 'Feminine',
          dateOfBirth: '1998-01-01',
          nik: '1801064101980007',
        },
      ],
    });
    const nikCell = async (user: SignedInUser) => {
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Email').fill(user.email);
      await page.getByRole('textbox', { name: 'Kata sandi' }).fill(user.password);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
      await page.goto(`${baseUrl}/cases/${recorded.caseNumber}`);
      const row = page.getByRole('region', { name: 'Korban' }).getByRole('row').nth(1);
      await row.waitFor();
      const text = (await row.getByRole('cell').allInnerTexts())[4].trim();
      await page.getByRole('button', { name: 'Keluar' }).click();
      return text;
    };
    expect(await nikCell(caseworker)).toBe('************0007');
    expect(await nikCell(viewer)).toBe('Disembunyikan untuk peran Anda');
    expect(await page.content()).not.toContain('0007');
  });

  it('asks to sign in again, in place, when the API no longer accepts the session', async () => {
    await page.goto(`${baseUrl}/login`);
    await signIn();
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
    // As after a password change elsewhere: the stored token is refused from now on.
    await spoilStoredToken(page);
    await page.reload();
    const dialog = page.getByRole('dialog', { name: 'Sesi Anda berakhir' });
    await dialog.waitFor();
    expect(new URL(page.url()).pathname).toBe('/cases');
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor({ state: 'hidden' });
    await dialog.getByRole('textbox', { name: 'Kata sandi' }).fill(caseworker.password);
    await dialog.getByRole('button', { name: 'Masuk lagi' }).click();
    // The queue the refused token could not read is read again with the new one.
    await page.getByRole('link', { name: numbers.critical }).waitFor();
  });

  it('keeps the new session when a refusal of the old token arrives after signing in again', async () => {
    await page.goto(`${baseUrl}/login`);
    await signIn();
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
    await spoilStoredToken(page);
    // The saved filters' answer to the refused token is held back until the person has signed in
    // again, as a slow connection would: it then arrives, a 401 for a token no longer in use.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let heldStatus: number | undefined;
    await page.route('**/api/v1/saved-filters', async (route) => {
      // Only the first ask, with the refused token; the new session's own goes through.
      if (heldStatus !== undefined) return route.continue();
      heldStatus = 0;
      const response = await route.fetch();
      heldStatus = response.status();
      await released;
      await route.fulfill({ response });
    });
    try {
      await page.reload();
      const dialog = page.getByRole('dialog', { name: 'Sesi Anda berakhir' });
      await dialog.getByRole('textbox', { name: 'Kata sandi' }).fill(caseworker.password);
      await dialog.getByRole('button', { name: 'Masuk lagi' }).click();
      await page.getByRole('link', { name: numbers.critical }).waitFor();
      await dialog.waitFor({ state: 'hidden' });
      const lateAnswer = page.waitForResponse(
        (response) => response.url().endsWith('/api/v1/saved-filters') && response.status() === 401,
      );
      release();
      await lateAnswer;
      expect(heldStatus).toBe(401);
      // Two frames for the answer's handling to have shown a dialog, had it lapsed the session.
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      expect(await dialog.isVisible()).toBe(false);
      expect(await page.getByRole('link', { name: numbers.critical }).isVisible()).toBe(true);
    } finally {
      release();
      await page.unroute('**/api/v1/saved-filters');
    }
  });

  it('keeps the app on the computer for the next visit, and never an answer of the API', async () => {
    const returning = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'id-ID',
    });
    returning.setDefaultTimeout(10_000);
    try {
      page = await returning.newPage();
      await page.goto(`${baseUrl}/login`);
      // Installed once the first screen has loaded, then in charge of the page at once.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await signIn();
      await page.getByRole('link', { name: numbers.critical }).waitFor();

      const kept = await page.evaluate(async () => {
        const paths: string[] = [];
        for (const name of await caches.keys())
          for (const request of await (await caches.open(name)).keys())
            paths.push(new URL(request.url).pathname);
        return paths;
      });
      expect(kept).toContain('/index.html');
      expect(kept.some((path) => /^\/assets\/index-[\w-]+\.js$/.test(path))).toBe(true);
      // The queue's answers went through the worker: none was kept, only the app's files.
      expect(kept.filter((path) => path !== '/index.html' && !path.startsWith('/assets/'))).toEqual(
        [],
      );

      // Offline, the app still opens from what was kept, and says it cannot reach the cases.
      await returning.setOffline(true);
      await page.goto(`${baseUrl}/cases`);
      await page.getByRole('navigation', { name: 'Navigasi utama' }).waitFor();
      await page.getByRole('alert').first().waitFor();
      expect(await page.getByRole('link', { name: numbers.critical }).count()).toBe(0);
      // A queue's address with a region code (dots in its query) is a screen all the same.
      await page.goto(`${baseUrl}/cases?originRegion=18.07`);
      await page.getByRole('navigation', { name: 'Navigasi utama' }).waitFor();
    } finally {
      await returning.close();
    }
  });

  it('says on the sign-in page that a session ran out while the tab was closed to it', async () => {
    await page.goto(`${baseUrl}/login`);
    await signIn();
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
    await page.evaluate(() => {
      const stored = JSON.parse(window.sessionStorage.getItem('jejak.session')!) as object;
      window.sessionStorage.setItem(
        'jejak.session',
        JSON.stringify({ ...stored, expiresAt: Date.now() - 1000 }),
      );
    });
    await page.reload();
    await page.getByText('Sesi Anda berakhir. Silakan masuk lagi.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
