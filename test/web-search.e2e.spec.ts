/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot } from './support/browser';
import { createCase, duplicateChecksSettled, nikFor } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { axeOnceStill, listenForBrowser, newPage, signInAs } from './support/web-session';

jest.setTimeout(90_000);

const victim = (fullName: string, extra: object = {}) => ({
  fullName,
  gender: 'Masculine',
  dateOfBirth: '1990-04-02',
  currentSituation: 'abroad',
  originRegionCode: '18.01.06.2027',
  ...extra,
});

/**
 * Search, possible duplicates and the recruiter register in headless Chromium against the real
 * service, PostgreSQL and Redis: a name found in its old spelling (and not another agency's), the
 * words searched kept out of the address; a duplicate dismissed from the case page; two register
 * records of one recruiter merged from the network; no NIK search for a viewer.
 */
describe('web app: search, duplicates and the recruiter network', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let caseworker: SignedInUser;
  let supervisor: SignedInUser;
  let viewer: SignedInUser;
  let djokoCase: { id: string; caseNumber: string; victims: Array<{ id: string }> };
  let jokoCase: { caseNumber: string };
  let otherAgencyCase: { caseNumber: string };
  let haniId: string;
  let haniAgainId: string;
  let context: BrowserContext;
  let page: Page;

  const perpetratorsOf = async (user: SignedInUser, caseId: string) =>
    (
      await t
        .http()
        .get(`/api/v1/cases/${caseId}/perpetrators`)
        .set(...bearer(user))
    ).body.items as Array<{ perpetratorId: string; fullName: string }>;

  beforeAll(async () => {
    t = await startTestApp();
    baseUrl = await listenForBrowser(t);
    browser = await launchChromium();
    const lampungSelatan = await createAgency(t, {
      shortName: 'Disnakertrans Lampung Selatan',
      regionCode: '18.01',
    });
    const lampungTimur = await createAgency(t, {
      shortName: 'Disnaker Lampung Timur',
      regionCode: '18.07',
    });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: lampungSelatan.id });
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId: lampungSelatan.id });
    viewer = await createUser(t, UserRole.Viewer, { agencyId: lampungSelatan.id });
    const otherCaseworker = await createUser(t, UserRole.Caseworker, {
      agencyId: lampungTimur.id,
    });

    djokoCase = await createCase(t, caseworker, {
      title: 'Gaji tidak dibayar di Malaysia',
      incidentType: 'unpaid_wages',
      source: 'family',
      exploitationCountry: 'MY',
      victims: [victim('Djoko Santoso', { nik: nikFor(1) })],
      perpetrators: [
        {
          perpetrator: {
            fullName: 'Hani Sulastri',
            roles: ['RecruiterOrIntermediary'],
            homeRegionCode: '18.07',
          },
        },
      ],
    });
    [{ perpetratorId: haniId }] = await perpetratorsOf(caseworker, djokoCase.id);
    // The same recruiter recorded a second time on the next case, beside the first record.
    const second = await createCase(t, caseworker, {
      title: 'Penempatan nonprosedural ke Kamboja',
      incidentType: 'non_procedural_placement',
      source: 'village_head',
      exploitationCountry: 'KH',
      victims: [victim('Joko Santoso', { dateOfBirth: '1990-09-09' })],
      perpetrators: [
        { perpetratorId: haniId },
        { perpetrator: { fullName: 'HANI S.', roles: ['Transporter'] } },
      ],
    });
    jokoCase = second;
    haniAgainId = (await perpetratorsOf(caseworker, second.id)).find(
      (link) => link.fullName === 'HANI S.',
    )!.perpetratorId;
    // Another agency's victim of the same name: never shown to Lampung Selatan.
    otherAgencyCase = await createCase(t, otherCaseworker, {
      title: 'PMI hilang kontak di Malaysia',
      incidentType: 'stranded_or_missing',
      source: 'family',
      victims: [victim('Djoko Santoso', { dateOfBirth: '1975-01-01', originRegionCode: '18.07' })],
    });
    await duplicateChecksSettled(t);
  }, 90_000);
  beforeEach(async () => {
    ({ context, page } = await newPage(browser));
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function searchFor(term: string) {
    const form = page.getByRole('search', { name: 'Pencarian' });
    await form.getByRole('textbox').fill(term);
    // Sent with the keyboard, as from any search box.
    await form.getByRole('textbox').press('Enter');
    await page.getByRole('status').filter({ hasText: 'Ditemukan' }).waitFor();
  }

  it('finds a name in its old spelling, only at the own agency, and keeps the words out of the address', async () => {
    await signInAs(page, baseUrl, caseworker);
    await page.getByRole('navigation').getByRole('link', { name: 'Cari' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cari kasus dan orang' }).waitFor();
    await searchFor('Joko Santoso');

    const people = page.getByRole('region', { name: 'Orang' });
    const djoko = people.getByRole('row', { name: /Djoko Santoso/ });
    await djoko.waitFor();
    // Found by name in its old spelling, in its case, masked NIK as the API gives it.
    await djoko.getByRole('link', { name: djokoCase.caseNumber }).waitFor();
    await djoko.getByText(/^Nama mirip \(\d+\s?%\)$/).waitFor();
    expect(await djoko.textContent()).toContain('************0002');
    // Its possible duplicate (Joko, flagged by the checks) is pointed to, to decide on its case.
    expect(
      await djoko
        .getByRole('link', { name: /^1 kemungkinan duplikat, belum diputuskan/ })
        .getAttribute('href'),
    ).toBe(`/cases/${djokoCase.caseNumber}`);
    await people
      .getByRole('row', { name: /Joko Santoso/ })
      .getByRole('link', { name: jokoCase.caseNumber })
      .waitFor();
    expect(await people.getByRole('row', { name: /Santoso/ }).count()).toBe(2);
    expect(await page.content()).not.toContain(otherAgencyCase.caseNumber);

    // The words searched are in neither the address nor the history's state.
    expect(page.url()).toBe(`${baseUrl}/search`);
    const historyState = await page.evaluate(() => JSON.stringify(window.history.state));
    expect(historyState).not.toMatch(/santoso/i);
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'search');

    // A case by its number, linked to its page.
    await searchFor(jokoCase.caseNumber);
    await page
      .getByRole('region', { name: 'Kasus' })
      .getByRole('link', { name: jokoCase.caseNumber })
      .click();
    await page
      .getByRole('heading', { level: 1, name: 'Penempatan nonprosedural ke Kamboja' })
      .waitFor();
    expect(page.url()).toBe(`${baseUrl}/cases/${jokoCase.caseNumber}`);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Cari kasus dan orang' }).waitFor();
    // Back on the screen (or after a reload) nothing of the search is left.
    expect(await page.getByRole('search').getByRole('textbox').inputValue()).toBe('');
  });

  it('searches by exact NIK for staff, and offers no NIK or phone search to a viewer', async () => {
    await signInAs(page, baseUrl, caseworker, '/search');
    await page.getByRole('radio', { name: 'NIK' }).check();
    await searchFor(nikFor(1));
    const people = page.getByRole('region', { name: 'Orang' });
    await people
      .getByRole('row', { name: /Djoko Santoso/ })
      .getByText('NIK sama persis')
      .waitFor();
    expect(await people.getByRole('row').count()).toBe(2); // heading row and Djoko
    expect(page.url()).toBe(`${baseUrl}/search`);
    const { rows: audited } = await t.db.query(
      `SELECT changes::text AS changes FROM audit_events WHERE action = 'person_search.by_identity'`,
    );
    expect(audited).toHaveLength(1);
    expect(audited[0].changes).not.toContain(nikFor(1));

    await context.close();
    ({ context, page } = await newPage(browser));
    await signInAs(page, baseUrl, viewer, '/search');
    await page.getByRole('heading', { level: 1, name: 'Cari kasus dan orang' }).waitFor();
    const form = page.getByRole('search', { name: 'Pencarian' });
    expect(await form.getByRole('radio').count()).toBe(0);
    expect(await form.getByText(/NIK|telepon/).count()).toBe(0);
    await searchFor('Djoko Santoso');
    // Found by name, with no identifier column for a viewer.
    const people2 = page.getByRole('region', { name: 'Orang' });
    await people2.getByRole('rowheader', { name: 'Djoko Santoso' }).waitFor();
    expect(await people2.getByRole('columnheader', { name: 'NIK' }).count()).toBe(0);
    expect(await axeOnceStill(page)).toEqual([]);
  });

  it('shows a possible duplicate on the case page and records it as not the same person, with the reason', async () => {
    await signInAs(page, baseUrl, caseworker, `/cases/${djokoCase.caseNumber}`);
    const victims = page.getByRole('region', { name: 'Korban' });
    await victims
      .getByRole('button', { name: 'Kemungkinan duplikat Djoko Santoso: 1 perlu diputuskan' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Kemungkinan duplikat: Djoko Santoso' });
    const flag = dialog.getByRole('region', { name: 'Kemungkinan 1' });
    await flag.getByText('Joko Santoso').waitFor();
    await flag.getByRole('link', { name: jokoCase.caseNumber }).waitFor();
    await flag.getByText('Belum diputuskan').waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'victim-duplicates');

    await flag
      .getByRole('textbox', { name: 'Alasan keputusan (tidak wajib)' })
      .fill('Dikonfirmasi keluarga: dua orang berbeda.');
    await flag.getByRole('button', { name: 'Bukan orang yang sama' }).click();
    await dialog.getByRole('status').filter({ hasText: 'bukan orang yang sama' }).waitFor();
    await flag.getByText('Bukan orang yang sama', { exact: true }).waitFor();
    await flag.getByText(/Alasan: Dikonfirmasi keluarga/).waitFor();
    expect(await flag.getByRole('button', { name: 'Bukan orang yang sama' }).count()).toBe(0);
    const { rows } = await t.db.query(
      `SELECT status, comment FROM victim_duplicate_flags
       WHERE victim_id = $1 OR candidate_victim_id = $1`,
      [djokoCase.victims[0].id],
    );
    expect(rows).toEqual([
      { status: 'dismissed', comment: 'Dikonfirmasi keluarga: dua orang berbeda.' },
    ]);
    await dialog.getByRole('button', { name: 'Tutup' }).first().click();
    await victims
      .getByRole('button', { name: 'Kemungkinan duplikat Djoko Santoso: 1 sudah diputuskan' })
      .waitFor();

    // The recruiter of the case opens their register record.
    await page
      .getByRole('region', { name: 'Perekrut dan pelaku' })
      .getByRole('link', { name: 'Hani Sulastri' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Hani Sulastri' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/perpetrators/${haniId}`);
  });

  it('merges two register records of one recruiter from the network view, which then shows one', async () => {
    await signInAs(page, baseUrl, supervisor, '/search');
    await searchFor('Hani Sulastri');
    await page.getByRole('link', { name: 'Buka catatan perekrut Hani Sulastri' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hani Sulastri' }).waitFor();

    const network = page.getByRole('region', { name: 'Jaringan' });
    const recruiters = network.getByRole('table').first();
    await recruiters
      .getByRole('row', { name: /HANI S\./ })
      .getByText('1 langkah')
      .waitFor();
    await network
      .getByRole('img', { name: /Gambar jaringan Hani Sulastri: 2 perekrut, 2 kasus/ })
      .waitFor();
    // The drawing holds the recruiters, the cases, the home region and the countries.
    const drawing = network.getByRole('img').first();
    for (const text of [
      'HANI S.',
      djokoCase.caseNumber,
      jokoCase.caseNumber,
      'Kamboja',
      'Malaysia',
    ])
      await drawing.getByText(text, { exact: true }).first().waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'recruiter-network');

    const merge = page.getByRole('region', { name: 'Gabungkan catatan ganda' });
    await merge.getByRole('radio', { name: /^HANI S\./ }).check();
    await merge.getByRole('button', { name: 'Tinjau penggabungan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gabungkan catatan perekrut' });
    await dialog.getByText('HANI S. akan digabung ke Hani Sulastri', { exact: false }).waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Gabungkan' }).click();
    await merge.getByRole('status').filter({ hasText: 'HANI S. sudah digabung' }).waitFor();

    // One record: the network names Hani once, HANI S. now her alias.
    await network.getByRole('img', { name: /1 perekrut, 2 kasus/ }).waitFor();
    await recruiters
      .getByRole('row', { name: /Hani Sulastri/ })
      .getByText(/Nama lain: HANI S\./)
      .waitFor();
    expect(await recruiters.getByRole('row').count()).toBe(2); // heading row and Hani
    const { rows } = await t.db.query(`SELECT merged_into_id FROM perpetrators WHERE id = $1`, [
      haniAgainId,
    ]);
    expect(rows).toEqual([{ merged_into_id: haniId }]);

    // The merged record's address says where it went.
    await page.goto(`${baseUrl}/perpetrators/${haniAgainId}`);
    await page.getByText('Catatan ini sudah digabung ke catatan lain.').waitFor();
    await page.getByRole('link', { name: 'Buka catatan yang berlaku' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hani Sulastri' }).waitFor();
  });

  it('offers no merge to a caseworker', async () => {
    await signInAs(page, baseUrl, caseworker, `/perpetrators/${haniId}`);
    await page.getByRole('heading', { level: 1, name: 'Hani Sulastri' }).waitFor();
    await page.getByRole('region', { name: 'Jaringan' }).getByRole('img').first().waitFor();
    expect(await page.getByRole('region', { name: 'Gabungkan catatan ganda' }).count()).toBe(0);
  });
});
