/// <reference lib="dom" />
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot } from './support/browser';
import { createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { eventually } from './support/fault-helpers';
import { startTestApp, TestApp } from './support/test-app';
import { axeOnceStill, listenForBrowser, newPage, signInAs } from './support/web-session';

/**
 * The case queue as a supervisor works it, in headless Chromium against the real service: named
 * queues with counts, filters held in the address (never the title search), saved filters, and
 * bulk assignment and closure decisions, all or nothing.
 */
// A browser, a sign-in and a dozen cases made through the API take longer than jest's default.
jest.setTimeout(60_000);

describe('web app: the supervisor’s case queues', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let supervisor: SignedInUser;
  let caseworker: SignedInUser;
  let context: BrowserContext;
  let page: Page;

  const CASEWORKER_NAME = 'Rina Wulandari';

  const unassignedCases = async (count: number, title: string) => {
    const created: Array<{ id: string; caseNumber: string }> = [];
    for (let i = 1; i <= count; i++)
      created.push(await createCase(t, caseworker, plainCase({ title: `${title} ${i}` })));
    return created;
  };
  const assignedIds = async (ids: string[]) =>
    (
      await t.db.query<{ id: string }>(
        `SELECT id FROM cases WHERE id = ANY($1) AND assigned_caseworker_id IS NOT NULL`,
        [ids],
      )
    ).rows.map((row) => row.id);
  /** The side bar's link of a queue, whose name ends with its count. */
  const queueLink = (label: string | RegExp) =>
    page.getByRole('navigation', { name: 'Antrian' }).getByRole('link', { name: label });
  const bodyRows = () =>
    page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('cell') });

  /** Waits until an input shows `value`, and fails naming what it showed instead. */
  const valueShown = async (input: Locator, value: string) => {
    for (let waited = 0; (await input.inputValue()) !== value && waited < 10_000; waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await input.inputValue()).toBe(value);
  };

  beforeAll(async () => {
    t = await startTestApp();
    baseUrl = await listenForBrowser(t);
    browser = await launchChromium();
    const agency = await createAgency(t, { shortName: 'BP3MI Lampung', regionCode: '18' });
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId: agency.id });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agency.id });
    await t.db.query(`UPDATE users SET full_name = $2 WHERE id = $1`, [
      caseworker.id,
      CASEWORKER_NAME,
    ]);
  }, 60_000);
  beforeEach(async () => {
    ({ context, page } = await newPage(browser));
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('works the unassigned queue down to zero with one bulk assignment', async () => {
    const cases = await unassignedCases(12, 'Gaji tidak dibayar');
    await signInAs(page, baseUrl, supervisor, '/cases?queue=unassigned');
    await page.getByRole('heading', { level: 1, name: 'Antrian kasus' }).waitFor();
    await queueLink('Belum ditugaskan 12').waitFor();
    expect(await queueLink('Belum ditugaskan 12').getAttribute('aria-current')).toBe('page');
    await page.getByRole('link', { name: cases[11].caseNumber }).waitFor();
    expect(await bodyRows().count()).toBe(12);
    // The queues of other screens are links to them.
    expect(
      await page
        .getByRole('navigation', { name: 'Antrian' })
        .getByRole('link', { name: /^Rujukan masuk/ })
        .getAttribute('href'),
    ).toBe('/referrals/incoming');
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'queues');
    // On a laptop's 1280 px every column is in sight: nothing to scroll sideways to.
    const table = page.getByRole('table', { name: /kasus/i });
    expect(
      await table.evaluate((element) => {
        const viewport = element.closest('.mantine-ScrollArea-viewport') ?? element.parentElement!;
        return element.scrollWidth - viewport.clientWidth;
      }),
    ).toBeLessThanOrEqual(0);

    await page.getByRole('checkbox', { name: 'Pilih semua kasus yang ditampilkan' }).check();
    const actions = page.getByRole('region', { name: 'Tindakan untuk kasus yang dipilih' });
    await actions.getByText('12 kasus dipilih').waitFor();
    expect(
      await page.getByRole('checkbox', { name: `Pilih kasus ${cases[0].caseNumber}` }).isChecked(),
    ).toBe(true);
    await actions.getByRole('combobox', { name: 'Tugaskan kepada' }).fill('Rina');
    await page.getByRole('option', { name: new RegExp(CASEWORKER_NAME) }).click();
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'queues-bulk-selection');
    await actions.getByRole('button', { name: 'Tugaskan' }).click();

    await page
      .getByRole('status')
      .filter({ hasText: `12 kasus ditugaskan kepada ${CASEWORKER_NAME}.` })
      .waitFor();
    await page.getByText('Belum ada kasus di antrian ini.').waitFor();
    await queueLink('Belum ditugaskan 0').waitFor();
    expect(await assignedIds(cases.map((c) => c.id))).toHaveLength(12);

    // Two of them go back to the unassigned queue, taken off the caseworker in one go.
    await queueLink(/^Semua kasus/).click();
    for (const taken of cases.slice(0, 2))
      await page.getByRole('checkbox', { name: `Pilih kasus ${taken.caseNumber}` }).check();
    await actions.getByText('2 kasus dipilih').waitFor();
    await actions.getByRole('button', { name: 'Lepaskan penugasan' }).click();
    await page.getByRole('status').filter({ hasText: '2 kasus dilepas dari petugasnya' }).waitFor();
    await queueLink('Belum ditugaskan 2').waitFor();
    expect(await assignedIds(cases.map((c) => c.id))).toHaveLength(10);
    expect(await assignedIds(cases.slice(0, 2).map((c) => c.id))).toEqual([]);
  });

  it('assigns nothing when one selected case is refused, and says why on its row', async () => {
    const cases = await unassignedCases(3, 'Ditahan majikan');
    await signInAs(page, baseUrl, supervisor, '/cases?queue=unassigned');
    await page.getByRole('link', { name: cases[2].caseNumber }).waitFor();
    await page.getByRole('checkbox', { name: 'Pilih semua kasus yang ditampilkan' }).check();
    // Closed by someone else while the supervisor was choosing.
    await t.db.query(`UPDATE cases SET status = 'closed_unfounded' WHERE id = $1`, [cases[1].id]);
    const actions = page.getByRole('region', { name: 'Tindakan untuk kasus yang dipilih' });
    await actions.getByRole('combobox', { name: 'Tugaskan kepada' }).fill('Rina');
    await page.getByRole('option', { name: new RegExp(CASEWORKER_NAME) }).click();
    await actions.getByRole('button', { name: 'Tugaskan' }).click();

    await page
      .getByRole('alert')
      .filter({ hasText: 'Tidak ada yang diubah: 1 kasus ditolak.' })
      .waitFor();
    const refusedRow = bodyRows().filter({ hasText: cases[1].caseNumber });
    await refusedRow.getByText('Kasus sudah ditutup; buka kembali dulu.').waitFor();
    const otherRow = bodyRows().filter({ hasText: cases[0].caseNumber });
    expect(await otherRow.getByText('Kasus sudah ditutup').count()).toBe(0);
    expect(await assignedIds(cases.map((c) => c.id))).toEqual([]);
    // The selection stays, so the refused case can be left out and the rest assigned.
    expect(
      await page.getByRole('checkbox', { name: `Pilih kasus ${cases[1].caseNumber}` }).isChecked(),
    ).toBe(true);
  });

  it('approves a closure request from the awaiting closure approval queue', async () => {
    const [requested] = await unassignedCases(1, 'Pendampingan selesai');
    for (const [to, version] of [
      ['open', 1],
      ['closure_requested', 2],
    ] as const) {
      const moved = await t
        .http()
        .post(`/api/v1/cases/${requested.id}/transitions`)
        .set(...bearer(caseworker))
        .send({ to, version, reason: 'Korban sudah pulang dan didampingi' });
      expect(moved.status).toBe(201);
    }
    await signInAs(page, baseUrl, supervisor, '/cases');
    await queueLink('Menunggu persetujuan penutupan 1').click();
    await page.waitForURL((url) => url.search === '?queue=awaiting_closure_approval');
    await page.getByRole('checkbox', { name: `Pilih kasus ${requested.caseNumber}` }).check();
    const actions = page.getByRole('region', { name: 'Tindakan untuk kasus yang dipilih' });
    await actions
      .getByRole('textbox', { name: 'Komentar keputusan penutupan' })
      .fill('Semua rujukan selesai');
    await actions.getByRole('button', { name: 'Setujui penutupan' }).click();
    await page.getByRole('status').filter({ hasText: 'Penutupan 1 kasus disetujui.' }).waitFor();
    await page.getByText('Belum ada kasus di antrian ini.').waitFor();
    await queueLink('Menunggu persetujuan penutupan 0').waitFor();
    const { rows } = await t.db.query<{ status: string }>(
      `SELECT status FROM cases WHERE id = $1`,
      [requested.id],
    );
    expect(rows[0].status).toBe('closed');
  });

  it('keeps the filters in the address: a reload, back and a shared link show the same queue', async () => {
    const critical = await createCase(
      t,
      caseworker,
      plainCase({
        title: 'Meninggal di Kamboja',
        incidentType: 'death_abroad',
        exploitationCountry: 'KH',
        victims: [{ fullName: 'Ahmad Jayani', currentSituation: 'deceased', estimatedAge: 36 }],
      }),
    );
    await signInAs(page, baseUrl, supervisor, '/cases?queue=critical_open');
    await page.getByRole('link', { name: critical.caseNumber }).waitFor();

    await page.getByRole('button', { name: 'Tampilkan saringan' }).click();
    const filters = page.getByRole('form', { name: 'Saring kasus' });
    await filters.getByRole('combobox', { name: 'Negara tempat eksploitasi' }).fill('Kambo');
    await page.getByRole('option', { name: 'Kamboja' }).click();
    await filters.getByRole('combobox', { name: 'Urutkan' }).click();
    await page.getByRole('option', { name: 'Aktivitas terakhir' }).click();
    await filters.getByRole('button', { name: 'Terapkan saringan' }).click();
    await page.waitForURL(
      (url) => url.search === '?queue=critical_open&exploitationCountry=KH&sort=lastActivity',
    );
    // The page of the previous filters may still show while the new one is asked for.
    await eventually(async () => {
      const shown = await bodyRows().count();
      if (shown !== 1) throw new Error(`${shown} rows shown`);
    });
    await page.getByRole('link', { name: critical.caseNumber }).waitFor();

    // The title search narrows the table but never reaches the address.
    await page
      .getByRole('searchbox', { name: 'Cari nomor atau judul kasus' })
      .fill('Ahmad Kamboja');
    await page.getByText('Belum ada kasus di antrian ini.').waitFor();
    expect(page.url()).not.toContain('Ahmad');
    expect(new URL(page.url()).search).toBe(
      '?queue=critical_open&exploitationCountry=KH&sort=lastActivity',
    );

    await page.reload();
    await page.getByRole('link', { name: critical.caseNumber }).waitFor();
    // The country's name shows once the list of countries has come.
    await valueShown(
      filters.getByRole('combobox', { name: 'Negara tempat eksploitasi' }),
      'Kamboja',
    );
    await valueShown(filters.getByRole('combobox', { name: 'Urutkan' }), 'Aktivitas terakhir');
    await page.goBack();
    await page.waitForURL((url) => url.search === '?queue=critical_open');
    await page.goForward();
    await page.waitForURL((url) => url.search.includes('exploitationCountry=KH'));

    // A colleague opening the link sees the same queue, filtered the same way.
    const shared = await newPage(browser);
    try {
      const colleague = await createUser(t, UserRole.Supervisor, { agencyId: supervisor.agencyId });
      await signInAs(
        shared.page,
        baseUrl,
        colleague,
        '/cases?queue=critical_open&exploitationCountry=KH&sort=lastActivity',
      );
      await shared.page.getByRole('link', { name: critical.caseNumber }).waitFor();
      expect(
        await shared.page
          .getByRole('navigation', { name: 'Antrian' })
          .getByRole('link', { name: /^Kritis, masih terbuka/ })
          .getAttribute('aria-current'),
      ).toBe('page');
    } finally {
      await shared.context.close();
    }
  });

  it('saves the filters under a name, reapplies them after a reload, and deletes them', async () => {
    const filtered = '/cases?queue=critical_open&exploitationCountry=KH&sort=lastActivity';
    await signInAs(page, baseUrl, supervisor, filtered);
    const saved = page.getByRole('region', { name: 'Saringan tersimpan' });
    await saved.getByText('Belum ada saringan tersimpan.').waitFor();
    await saved.getByRole('textbox', { name: 'Nama saringan' }).fill('Kritis di Kamboja');
    await saved.getByRole('button', { name: 'Simpan saringan ini' }).click();
    await saved
      .getByRole('status')
      .filter({ hasText: 'Saringan “Kritis di Kamboja” tersimpan.' })
      .waitFor();

    await page.goto(`${baseUrl}/cases`);
    await page.reload();
    await saved.getByRole('link', { name: 'Kritis di Kamboja' }).click();
    await page.waitForURL((url) => `${url.pathname}${url.search}` === filtered);

    // The same name twice is said on the field.
    await saved.getByRole('textbox', { name: 'Nama saringan' }).fill('kritis di kamboja');
    await saved.getByRole('button', { name: 'Simpan saringan ini' }).click();
    await saved.getByText('Anda sudah punya saringan dengan nama ini.').waitFor();

    await saved.getByRole('button', { name: 'Hapus saringan Kritis di Kamboja' }).click();
    await saved
      .getByRole('status')
      .filter({ hasText: 'Saringan “Kritis di Kamboja” dihapus.' })
      .waitFor();
    await saved.getByText('Belum ada saringan tersimpan.').waitFor();
    const { rows } = await t.db.query(`SELECT 1 FROM saved_filters WHERE owner_id = $1`, [
      supervisor.id,
    ]);
    expect(rows).toEqual([]);
  });

  it('pages a long queue by cursor, fifty cases at a time, none repeated or left out', async () => {
    // An agency of its own: the other tests count this one's unassigned cases.
    const tanggamus = await createAgency(t, {
      shortName: 'Disnaker Tanggamus',
      regionCode: '18.06',
    });
    const itsSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: tanggamus.id });
    const itsCaseworker = await createUser(t, UserRole.Caseworker, { agencyId: tanggamus.id });
    const created: string[] = [];
    for (let i = 1; i <= 53; i++)
      created.push(
        (await createCase(t, itsCaseworker, plainCase({ title: `Gaji tidak dibayar ${i}` })))
          .caseNumber,
      );
    await signInAs(page, baseUrl, itsSupervisor, '/cases?queue=unassigned');
    await page.getByText('50 kasus ditampilkan').waitFor();
    expect(await bodyRows().count()).toBe(50);

    await page.getByRole('button', { name: 'Muat lebih banyak' }).click();
    await page.getByText('53 kasus ditampilkan').waitFor();
    expect(await page.getByRole('button', { name: 'Muat lebih banyak' }).count()).toBe(0);
    const shown = await bodyRows()
      .getByRole('link', { name: /^[A-Z]+-\d{4}-\d{6}$/ })
      .allTextContents();
    expect([...shown].sort()).toEqual([...created].sort());
  });

  it('offers a caseworker no bulk actions', async () => {
    const [mine] = await unassignedCases(1, 'Paspor ditahan');
    await signInAs(page, baseUrl, caseworker, '/cases?queue=unassigned');
    await page.getByRole('link', { name: mine.caseNumber }).waitFor();
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Tugaskan' }).count()).toBe(0);
    expect(await axeOnceStill(page)).toEqual([]);
  });
});
