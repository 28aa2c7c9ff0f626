/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UserRole } from '../src/modules/users/user-role';
import { launchChromium, screenshot } from './support/browser';
import { createAgency, createUser, SignedInUser } from './support/factories';
import { agencyNotification, eventually, rowBecomes, sendReferral } from './support/fault-helpers';
import { ReferralWorld, referralWorld } from './support/referral-fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { axeOnceStill } from './support/web-session';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

/** A cell's text as one line, however its parts are laid out. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * The admin screens in headless Chromium against the real service, PostgreSQL and Redis: users,
 * agencies, SLA policies, holidays and a failed webhook retried, in Bahasa Indonesia; and a
 * caseworker kept out.
 */
describe('web app: the admin screens', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let receiver: WebhookReceiver;
  let world: ReferralWorld;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        // A refused delivery is settled within the test, and retried at once when asked.
        NOTIFICATION_SWEEP_SECONDS: '1',
        NOTIFICATION_RETRY_BASE_MS: '200',
        NOTIFICATION_MAX_ATTEMPTS: '3',
      },
    });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
    receiver = await startWebhookReceiver();
    world = await referralWorld(t, { webhookUrl: `${receiver.url}/hooks/lbh` });
  }, 60_000);
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'id-ID' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.close();
  });

  async function signInAs(user: SignedInUser) {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('textbox', { name: 'Kata sandi' }).fill(user.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Antrian kasus' }).waitFor();
  }

  async function choose(
    scope: Page | ReturnType<Page['getByRole']>,
    label: string,
    option: string,
  ) {
    await scope.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  async function openAdmin(screen: string, heading: string) {
    await page.getByRole('navigation').getByRole('link', { name: screen }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  it("creates a user after the API's refusal of a bad email is shown on its field, sends a password link, and disables them", async () => {
    const agency = await createAgency(t, { shortName: 'Disnaker Pesawaran', regionCode: '18.09' });
    await signInAs(world.admin);
    await openAdmin('Pengguna', 'Pengguna');
    await page.getByRole('cell', { name: world.caseworker.email }).waitFor();

    await page.getByRole('button', { name: 'Tambah pengguna' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tambah pengguna' });
    const email = dialog.getByRole('textbox', { name: 'Email' });
    await email.fill('rina.pratiwi@');
    await dialog.getByRole('textbox', { name: 'Nama lengkap' }).fill('Rina Pratiwi');
    await choose(dialog, 'Peran', 'Petugas kasus');
    await dialog.getByRole('combobox', { name: 'Instansi' }).fill('Pesawaran');
    await page.getByRole('option', { name: 'Disnaker Pesawaran', exact: true }).click();
    await dialog.getByRole('button', { name: 'Buat akun dan kirim tautan' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Belum tersimpan' }).waitFor();
    // The API's rule, worded by the catalogue in Indonesian, on the email field.
    await dialog
      .getByText('Tulis alamat email yang lengkap, misalnya nama@instansi.go.id.')
      .waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await axeOnceStill(page)).toEqual([]);
    const { rows: none } = await t.db.query(`SELECT 1 FROM users WHERE full_name = 'Rina Pratiwi'`);
    expect(none).toEqual([]);

    await email.fill('rina.pratiwi@disnaker.pesawarankab.go.id');
    await dialog.getByRole('button', { name: 'Buat akun dan kirim tautan' }).click();
    await page.getByRole('status').filter({ hasText: 'Akun Rina Pratiwi dibuat.' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Rina Pratiwi' });
    // The notice comes with the answer; the list shows the account once it is read again.
    await row.getByText('Disnaker Pesawaran').waitFor();
    expect((await row.getByRole('cell').allInnerTexts()).slice(0, 4).map(oneLine)).toEqual([
      'Rina Pratiwi rina.pratiwi@disnaker.pesawarankab.go.id',
      'Petugas kasus',
      'Disnaker Pesawaran',
      'Belum memilih kata sandi',
    ]);
    const { rows: created } = await t.db.query<{ id: string; role: string; agency_id: string }>(
      `SELECT id, role, agency_id FROM users WHERE email = 'rina.pratiwi@disnaker.pesawarankab.go.id'`,
    );
    expect(created).toEqual([{ id: expect.any(String), role: 'caseworker', agency_id: agency.id }]);
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'admin-users');

    // Edited: a supervisor now; the email stays as it was.
    await page.getByRole('button', { name: 'Ubah Rina Pratiwi' }).click();
    const edit = page.getByRole('dialog', { name: 'Ubah pengguna' });
    expect(await edit.getByRole('textbox', { name: 'Email' }).isDisabled()).toBe(true);
    await eventually(async () =>
      expect(await edit.getByRole('combobox', { name: 'Instansi' }).inputValue()).toBe(
        'Disnaker Pesawaran',
      ),
    );
    await choose(edit, 'Peran', 'Kepala seksi');
    await edit.getByRole('button', { name: 'Simpan' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Perubahan pada Rina Pratiwi disimpan.' })
      .waitFor();
    await row.getByRole('cell', { name: 'Kepala seksi' }).waitFor();
    const { rows: edited } = await t.db.query(`SELECT role FROM users WHERE id = $1`, [
      created[0].id,
    ]);
    expect(edited).toEqual([{ role: 'supervisor' }]);

    await page.getByRole('button', { name: 'Kirim tautan kata sandi kepada Rina Pratiwi' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Tautan kata sandi baru dikirim ke email Rina Pratiwi.' })
      .waitFor();
    // No token in what the page shows or where it is.
    expect(page.url()).not.toMatch(/token/i);
    const { rows: links } = await t.db.query(
      `SELECT 1 FROM password_setup_tokens WHERE user_id = $1`,
      [created[0].id],
    );
    expect(links).toHaveLength(2);

    await page.getByRole('button', { name: 'Nonaktifkan Rina Pratiwi' }).click();
    const confirm = page.getByRole('dialog', { name: 'Nonaktifkan akun?' });
    await confirm.getByText('Rina Pratiwi tidak akan bisa masuk lagi').waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Nonaktifkan', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Akun Rina Pratiwi dinonaktifkan.' })
      .waitFor();
    await row.getByText('Dinonaktifkan', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Aktifkan Rina Pratiwi' }).waitFor();
    const { rows: disabled } = await t.db.query<{ disabled: boolean }>(
      `SELECT disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1`,
      [created[0].id],
    );
    expect(disabled).toEqual([{ disabled: true }]);
  });

  it('creates an agency with its region picked by name, after the region that does not fit its level is refused on its field', async () => {
    await signInAs(world.admin);
    await openAdmin('Instansi', 'Instansi');
    await page.getByRole('button', { name: 'Tambah instansi' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tambah instansi' });
    await dialog
      .getByRole('textbox', { name: 'Nama lengkap instansi' })
      .fill('Dinas Tenaga Kerja Kabupaten Lampung Selatan');
    await dialog.getByRole('textbox', { name: 'Nama singkat' }).fill('Disnaker Lamsel Uji');
    await choose(dialog, 'Jenis instansi', 'Disnakertrans / Disnaker');
    await choose(dialog, 'Tingkat', 'Kabupaten/kota');
    const region = dialog.getByRole('textbox', { name: 'Wilayah kerja' });
    // A village, for an agency of a regency: the service refuses it, and the form says why.
    await region.fill('Taman Agung');
    await page.getByRole('option', { name: /^Taman Agung, Kalianda/ }).click();
    await dialog
      .getByRole('textbox', { name: 'Email penerima rujukan' })
      .fill('pengaduan@disnaker.lampungselatankab.go.id');
    await dialog.getByRole('button', { name: 'Simpan instansi' }).click();
    await dialog.getByText('Pilih wilayah sesuai tingkat instansi').waitFor();
    expect(await region.getAttribute('aria-invalid')).toBe('true');
    expect(await axeOnceStill(page)).toEqual([]);

    await region.fill('Lampung Selatan');
    await page.getByRole('option', { name: 'Kabupaten Lampung Selatan, Lampung' }).click();
    await dialog.getByRole('button', { name: 'Simpan instansi' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Instansi Disnaker Lamsel Uji ditambahkan.' })
      .waitFor();
    const { rows } = await t.db.query(
      `SELECT type, level, region_code, contact_emails, time_zone FROM agencies
       WHERE short_name = 'Disnaker Lamsel Uji'`,
    );
    expect(rows).toEqual([
      {
        type: 'disnakertrans',
        level: 'regency',
        region_code: '18.01',
        contact_emails: ['pengaduan@disnaker.lampungselatankab.go.id'],
        time_zone: 'Asia/Jakarta',
      },
    ]);

    // Edited: the region already chosen shows by its path; the zone changes to WITA.
    await page.getByRole('button', { name: 'Ubah Disnaker Lamsel Uji' }).click();
    const edit = page.getByRole('dialog', { name: 'Ubah instansi' });
    expect(await edit.getByRole('textbox', { name: 'Wilayah kerja' }).inputValue()).toBe(
      'Kabupaten Lampung Selatan, Lampung',
    );
    await choose(edit, 'Zona waktu', 'Asia/Makassar (WITA)');
    await edit.getByRole('button', { name: 'Simpan' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Perubahan pada Disnaker Lamsel Uji disimpan.' })
      .waitFor();
    const { rows: edited } = await t.db.query(
      `SELECT region_code, time_zone, version FROM agencies WHERE short_name = 'Disnaker Lamsel Uji'`,
    );
    expect(edited).toEqual([{ region_code: '18.01', time_zone: 'Asia/Makassar', version: 2 }]);

    // An agency with users is not deleted: the API's refusal, in Indonesian.
    const search = page.getByRole('textbox', { name: 'Cari instansi' });
    await search.fill('LBH Bandar Lampung');
    const receiving = page.getByRole('row').filter({ hasText: 'LBH Bandar Lampung' });
    await receiving.waitFor();
    expect(await receiving.innerText()).toMatch(/Kabupaten Lampung Selatan, Lampung/);
    await receiving.getByRole('button', { name: /^Hapus / }).click();
    const confirm = page.getByRole('dialog', { name: 'Hapus instansi?' });
    await confirm.getByRole('button', { name: 'Hapus', exact: true }).click();
    await confirm.getByRole('alert').filter({ hasText: 'masih punya pengguna' }).waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Batal' }).click();
    const { rows: kept } = await t.db.query(`SELECT 1 FROM agencies WHERE id = $1`, [
      world.receivingAgencyId,
    ]);
    expect(kept).toHaveLength(1);

    // Its webhook key, shown once and copyable.
    await receiving.getByRole('button', { name: /^Kunci webhook / }).click();
    const key = page.getByRole('dialog', { name: /^Kunci webhook / });
    await key.getByRole('button', { name: 'Buat kunci baru' }).click();
    await key.getByRole('button', { name: 'Buat kunci baru' }).click();
    await key.getByText('Kunci versi 2').waitFor();
    await key.getByRole('button', { name: 'Salin kunci' }).waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    const { rows: version } = await t.db.query(
      `SELECT webhook_secret_version FROM agencies WHERE id = $1`,
      [world.receivingAgencyId],
    );
    expect(version).toEqual([{ webhook_secret_version: 2 }]);
  });

  it("edits an SLA policy in its row, the API's range check shown on the input", async () => {
    await signInAs(world.admin);
    await openAdmin('Tenggat layanan (SLA)', 'Tenggat layanan (SLA)');
    await choose(page, 'Layanan', 'Bantuan hukum');
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(4).waitFor();
    expect(await rows.count()).toBe(5);
    expect(await axeOnceStill(page)).toEqual([]);
    await page
      .getByRole('button', { name: 'Ubah tenggat Bantuan hukum, prioritas Tinggi' })
      .click();
    const acknowledge = page.getByRole('textbox', { name: 'Diterima dalam: jumlah' });
    await acknowledge.fill('2');
    const escalate = page.getByRole('textbox', { name: 'Eskalasi setelah (jumlah pengingat)' });
    await escalate.fill('0');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Angka terlalu kecil.').waitFor();
    expect(await escalate.getAttribute('aria-invalid')).toBe('true');
    expect(await axeOnceStill(page)).toEqual([]);

    await escalate.fill('4');
    await choose(page, 'Diterima dalam: satuan', 'hari kerja');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Tenggat Bantuan hukum, prioritas Tinggi, disimpan.' })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Tinggi' });
    expect(await row.innerText()).toMatch(/2 hari kerja/);
    const { rows: saved } = await t.db.query(
      `SELECT acknowledge_amount, acknowledge_unit, escalate_after_reminders FROM sla_policies
       WHERE service = 'legal_aid' AND priority = 'high'`,
    );
    expect(saved).toEqual([
      { acknowledge_amount: 2, acknowledge_unit: 'working_days', escalate_after_reminders: 4 },
    ]);
  });

  it('adds a holiday, refuses the same day twice on its field, and removes it after asking', async () => {
    const { rows: before } = await t.db.query(`SELECT 1 FROM holidays WHERE day = '2027-02-03'`);
    expect(before).toEqual([]);
    await signInAs(world.admin);
    await openAdmin('Hari libur', 'Hari libur');
    const day = page.getByLabel('Tanggal');
    const name = page.getByRole('textbox', { name: 'Nama hari libur' });
    await day.fill('2027-02-03');
    await name.fill('Cuti bersama uji');
    await page.getByRole('button', { name: 'Tambah', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Cuti bersama uji (3 Feb 2027) ditambahkan.' })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Cuti bersama uji' });
    expect((await row.getByRole('cell').first().innerText()).trim()).toBe('Rabu, 3 Feb 2027');
    expect(await axeOnceStill(page)).toEqual([]);

    await day.fill('2027-02-03');
    await name.fill('Sekali lagi');
    await page.getByRole('button', { name: 'Tambah', exact: true }).click();
    await page.getByText('Tanggal ini sudah tercatat sebagai hari libur.').waitFor();
    expect(await day.getAttribute('aria-invalid')).toBe('true');
    const { rows: kept } = await t.db.query(`SELECT name FROM holidays WHERE day = '2027-02-03'`);
    expect(kept).toEqual([{ name: 'Cuti bersama uji' }]);

    await row.getByRole('button', { name: 'Hapus Cuti bersama uji, 3 Feb 2027' }).click();
    const confirm = page.getByRole('dialog', { name: 'Hapus hari libur?' });
    await confirm.getByRole('button', { name: 'Hapus', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Cuti bersama uji (3 Feb 2027) dihapus.' })
      .waitFor();
    await row.waitFor({ state: 'detached' });
    const { rows: after } = await t.db.query(`SELECT 1 FROM holidays WHERE day = '2027-02-03'`);
    expect(after).toEqual([]);
  });

  it('lists a webhook the partner refused, and retries it until it is delivered', async () => {
    receiver.failNext(1, 410);
    const referralId = await sendReferral(t, world, 'high');
    const webhook = await agencyNotification(t, referralId, 'referral_sent', 'webhook');
    await rowBecomes(t, webhook.id, { status: 'failed' });
    const {
      rows: [receiving],
    } = await t.db.query<{ short_name: string }>(`SELECT short_name FROM agencies WHERE id = $1`, [
      world.receivingAgencyId,
    ]);

    await signInAs(world.admin);
    await openAdmin('Pesan gagal terkirim', 'Pesan gagal terkirim');
    const row = page.getByRole('row').filter({ hasText: 'HTTP 410' });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allInnerTexts()).map(oneLine);
    expect(cells.slice(1, 6)).toEqual([
      'Rujukan lewat Webhook (sistem instansi)',
      `Instansi: ${receiving.short_name}`,
      'Gagal terkirim',
      '1 dari 3',
      'HTTP 410',
    ]);
    expect(cells[0]).toMatch(/ WIB$/);
    // The receiver's host among the destinations, with the error that refused it.
    await page.getByRole('cell', { name: `webhook 127.0.0.1:${receiver.port}` }).waitFor();
    expect(await axeOnceStill(page)).toEqual([]);
    await screenshot(page, 'admin-notifications');

    await row.getByRole('button', { name: /^Kirim ulang: Rujukan/ }).click();
    await page.getByRole('status').filter({ hasText: 'Pesan "Rujukan" dikirim ulang' }).waitFor();
    // Refreshed: no longer failed, so gone from the list of failed messages.
    await row.waitFor({ state: 'detached' });
    await rowBecomes(t, webhook.id, { status: 'delivered' });
    expect(receiver.byIdempotencyKey(webhook.id)).toHaveLength(1);
    const { rows: audit } = await t.db.query(
      `SELECT 1 FROM audit_events WHERE action = 'notification.retried' AND entity_id = $1`,
      [webhook.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('shows a caseworker no admin menu, and "no access" at an admin address', async () => {
    await signInAs(world.caseworker);
    expect(await page.getByRole('navigation').getByText('Administrasi').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Pengguna' }).count()).toBe(0);
    await page.goto(`${baseUrl}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Tidak ada akses' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await axeOnceStill(page)).toEqual([]);
  });

  it('reads in English after the language switch', async () => {
    const admin = await createUser(t, UserRole.Admin, { agencyId: world.referringAgencyId });
    await signInAs(admin);
    await page.getByText('English').click();
    await openAdmin('Failed messages', 'Failed messages');
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe(
      'Could not be delivered',
    );
  });
});
