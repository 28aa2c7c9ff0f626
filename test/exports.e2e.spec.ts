import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { UserRole } from '../src/modules/users/user-role';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { insertReportCases } from './support/report-fixtures';
import { startTestApp, TestApp } from './support/test-app';

const BOM = '\uFEFF';

/**
 * CSV exports of the case list and the summary: what each role sees of the victims, labels and
 * WIB times, the formula guard, the audit entry, refusals, and a download dropped part way.
 */
describe('CSV exports', () => {
  let t: TestApp;
  let agencyId: string;
  let supervisor: SignedInUser;
  let caseworker: SignedInUser;
  let viewer: SignedInUser;
  let liaison: SignedInUser;
  let admin: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    agencyId = (await createAgency(t)).id;
    const otherAgencyId = (await createAgency(t)).id;
    const partnerId = (await createAgency(t)).id;
    supervisor = await createUser(t, UserRole.Supervisor, { agencyId });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId });
    viewer = await createUser(t, UserRole.Viewer, { agencyId });
    liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId });
    admin = await createUser(t, UserRole.Admin);
    await insertReportCases(t, agencyId, otherAgencyId, partnerId, supervisor.id, 'EXP');
  });
  afterAll(() => t.close());

  const get = (user: SignedInUser, url: string) =>
    t
      .http()
      .get(url)
      .set(...bearer(user))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });

  /** The CSV's rows as objects by header, after checking the byte order mark. */
  function rowsOf(text: string): Array<Record<string, string>> {
    expect(text.startsWith(BOM)).toBe(true);
    return parse<Record<string, string>>(text.slice(1), { columns: true });
  }

  async function lastExportAudit(action: string) {
    const { rows } = await t.db.query<{
      actor_id: string;
      agency_id: string;
      changes: { filters: Record<string, unknown>; rows: number; complete: boolean };
    }>(
      `SELECT actor_id, agency_id, changes FROM audit_events
       WHERE action = $1 AND entity_type = 'export' ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [action],
    );
    return rows[0];
  }

  it("gives the agency's cases with labels, WIB times and full names to its supervisor", async () => {
    const res = await get(supervisor, '/api/v1/cases/export.csv?sort=created');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="kasus-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = rowsOf(res.body as string);
    expect(rows.map((row) => row['Nomor kasus'])).toEqual(['EXP-A3', 'EXP-A2', 'EXP-A1', 'EXP-A4']);
    const april1 = rows[2];
    expect(april1).toMatchObject({
      Status: 'Terbuka',
      Prioritas: 'Tinggi',
      'Jenis kejadian': 'Perdagangan orang (TPPO)',
      'Jenis eksploitasi': 'Kriminalitas paksa; Penipuan daring (scam)',
      'Negara eksploitasi': 'Cambodia',
      'Provinsi asal korban': 'Lampung',
      'Kabupaten/kota asal korban': 'Kabupaten Lampung Selatan; Kabupaten Lampung Barat',
      'Jumlah korban': '2',
      'Nama korban': 'Ahmad Jayani; Siti Aminah',
      'Dicatat (WIB)': '2026-04-01 00:30',
      'Tanggal laporan': '2026-03-01',
    });
    // Another agency's case never leaves.
    expect(res.body).not.toContain('EXP-B1');
    expect(res.body).not.toContain('Dewi Lestari');

    const caseworkerRows = rowsOf((await get(caseworker, '/api/v1/cases/export.csv')).body);
    expect(caseworkerRows.find((row) => row['Nomor kasus'] === 'EXP-A1')?.['Nama korban']).toBe(
      'Ahmad Jayani; Siti Aminah',
    );
  });

  it('gives viewers initials only, and liaisons no case', async () => {
    const res = await get(viewer, '/api/v1/cases/export.csv?sort=created');
    expect(res.status).toBe(200);
    const rows = rowsOf(res.body as string);
    expect(rows.map((row) => row['Nama korban'])).toEqual(['R. W.', 'B. S.', 'A. J.; S. A.', '']);
    for (const name of ['Ahmad', 'Jayani', 'Siti', 'Budi', 'Rina'])
      expect(res.body).not.toContain(name);

    const liaisonRes = await get(liaison, '/api/v1/cases/export.csv');
    expect(liaisonRes.status).toBe(200);
    expect(rowsOf(liaisonRes.body as string)).toEqual([]);
  });

  it('gives admins every agency, names in full, in English when asked', async () => {
    const res = await get(admin, '/api/v1/cases/export.csv?lang=en&status=open&sort=created');
    expect(res.headers['content-disposition']).toMatch(/filename="cases-/);
    const rows = rowsOf(res.body as string);
    expect(rows.map((row) => row['Case number'])).toEqual(['EXP-A3', 'EXP-B1', 'EXP-A1']);
    expect(rows[1]).toMatchObject({
      Status: 'Open',
      'Incident type': 'Trafficking in persons',
      "Victims' names": 'Dewi Lestari',
      'Recorded (WIB)': '2026-04-10 10:00',
    });
  });

  it('turns a title that starts a formula into text', async () => {
    const res = await get(supervisor, '/api/v1/cases/export.csv?sort=created');
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    const row = rowsOf(res.body as string).find((r) => r['Nomor kasus'] === 'EXP-A4');
    expect(row?.Judul).toBe(`'=HYPERLINK("http://x")`);
  });

  it('exports a named queue with the filters given', async () => {
    await t.db.query(`UPDATE cases SET assigned_caseworker_id = $1 WHERE case_number = 'EXP-A1'`, [
      caseworker.id,
    ]);
    const mine = rowsOf((await get(caseworker, '/api/v1/cases/export.csv?queue=mine')).body);
    expect(mine.map((row) => row['Nomor kasus'])).toEqual(['EXP-A1']);
    expect(mine[0]['Petugas kasus']).toBe('Test caseworker');
    const unassigned = rowsOf(
      (await get(supervisor, '/api/v1/cases/export.csv?queue=unassigned&sort=created')).body,
    );
    expect(unassigned.map((row) => row['Nomor kasus'])).toEqual(['EXP-A3', 'EXP-A4']);
  });

  it('audits every export with its filters and row count, without personal data', async () => {
    await get(supervisor, '/api/v1/cases/export.csv?status=open&q=Ahmad%20Jayani');
    const entry = await lastExportAudit('cases.exported');
    expect(entry.actor_id).toBe(supervisor.id);
    expect(entry.agency_id).toBe(agencyId);
    expect(entry.changes).toEqual({
      filters: { status: ['open'], q: '[redacted]', sort: 'priority', lang: 'id' },
      rows: 0,
      complete: true,
    });
    await get(supervisor, '/api/v1/cases/export.csv?status=open');
    expect((await lastExportAudit('cases.exported')).changes.rows).toBe(2);
    // Each export was recorded before its first row, under the id its final entry carries.
    const { rows: started } = await t.db.query<{ action: string; n: number }>(
      `SELECT action, count(DISTINCT entity_id)::int AS n FROM audit_events
       WHERE entity_type = 'export' AND action LIKE 'cases.export%' GROUP BY action ORDER BY action`,
    );
    const { rows: pairs } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events s JOIN audit_events e
         ON e.entity_id = s.entity_id AND e.action = 'cases.exported'
       WHERE s.action = 'cases.export_started'`,
    );
    expect(started[1]).toEqual({ action: 'cases.exported', n: started[0].n });
    expect(started[0].action).toBe('cases.export_started');
    expect(pairs[0].n).toBe(started[0].n);

    const summary = await get(
      supervisor,
      '/api/v1/reports/summary.csv?from=2026-04-01&to=2026-04-30&groupBy=status,referralServiceLevels',
    );
    expect(summary.status).toBe(200);
    expect(summary.headers['content-disposition']).toBe(
      'attachment; filename="ringkasan-2026-04-01_2026-04-30.csv"',
    );
    const [counts, levels] = (summary.body as string).slice(1).split('\r\n\r\n');
    expect(parse(counts)).toEqual([
      ['Rincian', 'Kode', 'Nama', 'Jumlah kasus', 'Jumlah korban'],
      ['Jumlah', '', '', '2', '3'],
      ['Status kasus', 'open', 'Terbuka', '1', '2'],
      ['Status kasus', 'closed', 'Ditutup', '1', '1'],
    ]);
    const levelRows: string[][] = parse(levels);
    expect(levelRows[0][0]).toBe('Instansi penerima');
    expect(levelRows[1].slice(1)).toEqual([
      'Bantuan hukum',
      '5',
      '4',
      '3',
      '2',
      '50',
      '3',
      '2',
      '1',
      '33.3',
      '1.5',
    ]);
    const audit = await lastExportAudit('report.exported');
    expect(audit.changes).toMatchObject({
      filters: { from: '2026-04-01', to: '2026-04-30', lang: 'id' },
      rows: 5,
      complete: true,
    });
  });

  it('refuses bad parameters with their fields, before any byte of CSV', async () => {
    const cases: Array<[SignedInUser, string, string]> = [
      [supervisor, '/api/v1/cases/export.csv?lang=fr', 'lang'],
      [supervisor, '/api/v1/cases/export.csv?queue=nope', 'queue'],
      [supervisor, '/api/v1/cases/export.csv?queue=incoming_referrals', 'queue'],
      [admin, '/api/v1/cases/export.csv?queue=mine', 'queue'],
      [supervisor, '/api/v1/cases/export.csv?status=lost', 'status'],
      [supervisor, '/api/v1/cases/export.csv?cursor=abc', 'cursor'],
      [supervisor, '/api/v1/reports/summary.csv?from=2026-13-01', 'from'],
      [supervisor, '/api/v1/reports/summary.csv?lang=jv', 'lang'],
    ];
    for (const [user, url, field] of cases) {
      const res = await t
        .http()
        .get(url)
        .set(...bearer(user));
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });

  it('stops reading and releases its connection when the client goes away', async () => {
    const bigAgency = (await createAgency(t)).id;
    const bigSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: bigAgency });
    await t.db.query(
      `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date,
                          source, priority, suggested_priority, status, created_by)
       SELECT 'BIG-' || n, $1, 'Kasus massal ' || n || ' ' || repeat('x', 200), 'trafficking',
              date '2026-01-01', 'hotline', 'normal', 'normal', 'open', $2
       FROM generate_series(1, 30000) AS n`,
      [bigAgency, bigSupervisor.id],
    );
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, resolve));
    const { port } = server.address() as AddressInfo;
    const pool = (t.app.get(DataSource).driver as unknown as { master: PoolCounts }).master;

    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          path: '/api/v1/cases/export.csv',
          headers: { authorization: bearer(bigSupervisor)[1] },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          // The first bytes, then the client is gone.
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET') reject(error);
      });
      req.end();
    });

    // The export notices, stops and says so in its audit entry.
    let entry: Awaited<ReturnType<typeof lastExportAudit>> | undefined;
    for (let i = 0; i < 100; i += 1) {
      entry = await lastExportAudit('cases.exported');
      if (entry?.actor_id === bigSupervisor.id) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(entry?.actor_id).toBe(bigSupervisor.id);
    expect(entry?.changes.complete).toBe(false);
    expect(entry?.changes.rows).toBeLessThan(30000);
    // Every connection back in the pool, and none still running a query of the export.
    expect(pool.totalCount - pool.idleCount).toBe(0);
    expect(pool.waitingCount).toBe(0);
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
         AND query LIKE '%victim_names%'`,
    );
    expect(rows[0].n).toBe(0);
  });
});

interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
