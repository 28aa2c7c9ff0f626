/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AgencyLevel, AgencyType } from '../src/modules/agencies/agency.enums';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot } from './support/browser';
import { AHMAD_STREET, ahmadJayaniCase, createCase, plainCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { axeOnceStill, listenForBrowser, newPage, signInAs } from './support/web-session';

const OFFER_REASON = 'Pemulangan jenazah dan klaim asuransi ditangani BP3MI Lampung';
const REFUSAL_REASON = 'Bukan wilayah kerja kami; mohon ke Disnakertrans provinsi';

interface CreatedCase {
  id: string;
  caseNumber: string;
  title: string;
  summary: string;
}

/**
 * A case moving from a regency office to the provincial BP3MI in headless Chromium against the
 * real service: offered from the case page by the regency's supervisor, decided on the transfers
 * screen by the province's supervisor, who sees the facts and never a victim's name; accepted, the
 * case is the province's and the regency can no longer open it; refused, the regency reads why.
 */
describe('web app: moving a case to another agency', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let regencyId: string;
  let provinceId: string;
  let regencySupervisor: SignedInUser;
  let regencyCaseworker: SignedInUser;
  let provinceSupervisor: SignedInUser;
  let deathAbroad: CreatedCase;
  let unpaidWages: CreatedCase;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    baseUrl = await listenForBrowser(t);
    browser = await launchChromium();
    regencyId = (
      await createAgency(t, {
        name: 'Disnakertrans Kabupaten Lampung Selatan',
        shortName: 'Disnakertrans Lampung Selatan',
        regionCode: '18.01',
      })
    ).id;
    provinceId = (
      await createAgency(t, {
        name: 'BP3MI Lampung',
        shortName: 'BP3MI Lampung',
        type: AgencyType.Bp3mi,
        level: AgencyLevel.Province,
        regionCode: '18',
      })
    ).id;
    regencySupervisor = await createUser(t, UserRole.Supervisor, { agencyId: regencyId });
    regencyCaseworker = await createUser(t, UserRole.Caseworker, { agencyId: regencyId });
    provinceSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: provinceId });
    deathAbroad = (await createCase(t, regencyCaseworker, ahmadJayaniCase())) as CreatedCase;
    unpaidWages = (await createCase(t, regencyCaseworker, plainCase())) as CreatedCase;
  }, 60_000);
  beforeEach(async () => {
    ({ context, page } = await newPage(browser, { viewport: { width: 1280, height: 900 } }));
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const api = (user: SignedInUser) => ({
    get: (path: string) =>
      t
        .http()
        .get(`/api/v1${path}`)
        .set(...bearer(user)),
    post: (path: string, body: object = {}) =>
      t
        .http()
        .post(`/api/v1${path}`)
        .set(...bearer(user))
        .send(body),
  });

  async function openCase(user: SignedInUser, record: CreatedCase) {
    await signInAs(page, baseUrl, user, `/cases/${record.caseNumber}`);
    await page.getByRole('heading', { level: 1, name: record.title }).waitFor();
  }

  it('offers no transfer to a caseworker', async () => {
    await openCase(regencyCaseworker, deathAbroad);
    // The status change is offered to the caseworker: the header has rendered its actions.
    await page.getByRole('button', { name: 'Ubah status' }).waitFor();
    expect(await page.getByRole('button', { name: 'Pindahkan ke lembaga lain' }).count()).toBe(0);
    expect(
      await page
        .getByRole('navigation', { name: 'Navigasi utama' })
        .getByRole('link', { name: 'Pemindahan kasus' })
        .count(),
    ).toBe(0);
    expect((await api(regencyCaseworker).get(`/cases/${deathAbroad.id}`)).body.yourActions).toEqual(
      expect.objectContaining({ transfer: false }),
    );
  });

  it('lets the owning supervisor offer the case from its page, and take an offer back', async () => {
    await openCase(regencySupervisor, deathAbroad);
    await page.getByRole('button', { name: 'Pindahkan ke lembaga lain' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pindahkan kasus ke lembaga lain' });
    await dialog.getByRole('button', { name: 'Tawarkan kasus' }).click();
    expect(await dialog.getByText('Wajib diisi.').count()).toBe(2);
    const agency = dialog.getByRole('combobox', { name: 'Instansi penerima' });
    // Its own agency is never offered.
    await agency.fill('Disnakertrans');
    await page.getByText('Tidak ada instansi dengan nama itu.').waitFor();
    await agency.fill('BP3MI');
    await page.getByRole('option', { name: 'BP3MI Lampung' }).click();
    await dialog.getByRole('textbox', { name: 'Alasan pemindahan' }).fill(OFFER_REASON);
    await dialog.getByText(/Jika BP3MI Lampung menerima, kasus menjadi milik mereka/).waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Tawarkan kasus' }).click();

    await page
      .getByRole('status')
      .filter({ hasText: 'Kasus ditawarkan kepada BP3MI Lampung.' })
      .waitFor();
    const offer = page.getByRole('region', { name: 'Tawaran pemindahan' });
    await offer.getByText(/Ditawarkan kepada BP3MI Lampung pada .* WIB, menunggu/).waitFor();
    await offer.getByText(OFFER_REASON).waitFor();
    expect(await page.getByRole('button', { name: 'Pindahkan ke lembaga lain' }).count()).toBe(0);
    expect(await axeOnceStill(page)).toEqual([]);
    const outgoing = await api(regencySupervisor).get(
      `/transfers?direction=outgoing&status=requested&caseId=${deathAbroad.id}`,
    );
    expect(outgoing.body.items).toEqual([
      expect.objectContaining({ toAgencyId: provinceId, reason: OFFER_REASON }),
    ]);

    // The other case: offered through the API, taken back from its page, by keyboard.
    const offered = await api(regencySupervisor).post(`/cases/${unpaidWages.id}/transfers`, {
      toAgencyId: provinceId,
      reason: 'Korban sudah pulang ke wilayah provinsi',
    });
    expect(offered.status).toBe(201);
    await page.goto(`${baseUrl}/cases/${unpaidWages.caseNumber}`);
    await page.getByRole('heading', { level: 1, name: unpaidWages.title }).waitFor();
    await page.getByRole('button', { name: 'Tarik kembali tawaran' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Tarik kembali tawaran pemindahan' });
    await confirm.getByRole('button', { name: 'Tarik kembali', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Tawaran pemindahan ditarik kembali.' })
      .waitFor();
    await page.getByRole('button', { name: 'Pindahkan ke lembaga lain' }).waitFor();
    expect((await api(regencySupervisor).get(`/transfers/${offered.body.id}`)).body.status).toBe(
      'withdrawn',
    );
  });

  it('shows the receiving supervisor the facts, not the victims, and lets them refuse and accept', async () => {
    const again = await api(regencySupervisor).post(`/cases/${unpaidWages.id}/transfers`, {
      toAgencyId: provinceId,
      reason: 'Korban sudah pulang ke wilayah provinsi',
    });
    expect(again.status).toBe(201);

    await signInAs(page, baseUrl, provinceSupervisor);
    await page
      .getByRole('navigation', { name: 'Navigasi utama' })
      .getByRole('link', { name: 'Pemindahan kasus' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Pemindahan kasus' }).waitFor();
    const offer = page.getByRole('article', {
      name: `Kasus ${deathAbroad.caseNumber} dari Disnakertrans Lampung Selatan`,
    });
    await offer.getByText(OFFER_REASON).waitFor();
    await offer.getByText('Meninggal di luar negeri').waitFor();
    await offer.getByText('Kamboja').waitFor();
    await offer.getByText('Kabupaten Lampung Selatan, Lampung', { exact: true }).waitFor();
    await offer.getByText(/WIB$/).waitFor();
    const text = await page.locator('main').innerText();
    for (const personal of [
      'Ahmad Jayani',
      'Janah',
      'Mulhat',
      'Siti Rahmawati',
      AHMAD_STREET,
      deathAbroad.title,
      deathAbroad.summary,
    ])
      expect(text).not.toContain(personal);
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'transfers');

    // Refused by keyboard, with the reason the offering agency reads.
    const other = page.getByRole('article', {
      name: `Kasus ${unpaidWages.caseNumber} dari Disnakertrans Lampung Selatan`,
    });
    await other.getByRole('button', { name: 'Tolak' }).focus();
    await page.keyboard.press('Enter');
    const refusal = page.getByRole('dialog', { name: `Tolak kasus ${unpaidWages.caseNumber}` });
    await refusal.getByRole('button', { name: 'Tolak tawaran' }).click();
    await refusal.getByText('Wajib diisi.').waitFor();
    await refusal.getByRole('textbox', { name: 'Alasan penolakan' }).focus();
    await page.keyboard.type(REFUSAL_REASON);
    expect(await axeOnceStill(page)).toEqual([]);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Tawaran kasus ${unpaidWages.caseNumber} ditolak.` })
      .waitFor();
    await other.waitFor({ state: 'detached' });

    await offer.getByRole('button', { name: 'Terima kasus' }).click();
    const acceptance = page.getByRole('dialog', { name: `Terima kasus ${deathAbroad.caseNumber}` });
    await acceptance
      .getByText(/Disnakertrans Lampung Selatan tidak dapat membukanya lagi/)
      .waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    await acceptance.getByRole('button', { name: 'Terima dan buka kasus' }).click();
    // The case opens, as the province's now: with the victims it could not see before.
    await page.getByRole('heading', { level: 1, name: deathAbroad.title }).waitFor();
    await page.getByRole('region', { name: 'Korban' }).getByText('Ahmad Jayani').first().waitFor();
    expect(page.url()).toBe(`${baseUrl}/cases/${deathAbroad.caseNumber}`);
    expect(await axeOnceStill(page)).toEqual([]);

    const moved = await api(provinceSupervisor).get(`/cases/${deathAbroad.id}`);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      owningAgencyId: provinceId,
      caseNumber: deathAbroad.caseNumber,
      assignedCaseworkerId: null,
    });
    expect((await api(regencySupervisor).get(`/cases/${deathAbroad.id}`)).status).toBe(404);
  });

  it('tells the offering supervisor what became of the offers; the moved case no longer opens', async () => {
    await signInAs(page, baseUrl, regencySupervisor, '/transfers');
    const outgoing = page.getByRole('region', { name: 'Tawaran keluar' });
    const refusedRow = outgoing.getByRole('row', { name: new RegExp(unpaidWages.caseNumber) });
    // The withdrawn offer and the refused one of the same case: the refused one has the reason.
    await outgoing
      .getByRole('row')
      .filter({ hasText: REFUSAL_REASON })
      .getByText('Ditolak', { exact: true })
      .waitFor();
    expect(await refusedRow.filter({ hasText: 'Ditarik kembali' }).count()).toBe(1);
    const acceptedRow = outgoing.getByRole('row', { name: new RegExp(deathAbroad.caseNumber) });
    await acceptedRow.getByText('Diterima', { exact: true }).waitFor();
    await acceptedRow.getByText(/Diputuskan .* WIB/).waitFor();
    // No link to a case that is no longer the agency's.
    expect(await acceptedRow.getByRole('link').count()).toBe(0);
    await page
      .getByRole('region', { name: 'Tawaran masuk' })
      .getByText('Tidak ada tawaran yang menunggu keputusan.')
      .waitFor();
    expect(await axeOnceStill(page)).toEqual([]);

    // Refused, the case may be offered again; this offer is taken back from the list.
    const third = await api(regencySupervisor).post(`/cases/${unpaidWages.id}/transfers`, {
      toAgencyId: provinceId,
      reason: 'Dicoba lagi setelah koordinasi',
    });
    expect(third.status).toBe(201);
    await page.reload();
    await outgoing
      .getByRole('button', { name: `Tarik kembali tawaran kasus ${unpaidWages.caseNumber}` })
      .click();
    await page
      .getByRole('dialog', { name: 'Tarik kembali tawaran pemindahan' })
      .getByRole('button', { name: 'Tarik kembali', exact: true })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `Tawaran kasus ${unpaidWages.caseNumber} ditarik kembali.` })
      .waitFor();
    expect((await api(regencySupervisor).get(`/transfers/${third.body.id}`)).body.status).toBe(
      'withdrawn',
    );
    // The list is read again: the offer that waited is no longer offered to take back.
    await outgoing
      .getByRole('button', { name: /^Tarik kembali tawaran kasus/ })
      .waitFor({ state: 'detached' });
    await outgoing
      .getByRole('row', { name: /Dicoba lagi setelah koordinasi/ })
      .getByText('Ditarik kembali', { exact: true })
      .waitFor();

    await page.goto(`${baseUrl}/cases/${deathAbroad.caseNumber}`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'Kasus ini tidak ada, atau Anda tidak berhak membukanya.' })
      .waitFor();
  });
});
