import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { seedDemo } from '../src/seed/seed-demo';
import { DEMO_AGENCIES, DEMO_USERS } from '../src/seed/demo-data';
import { signIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

describe('demo seed', () => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = await new DataSource(buildDataSourceOptions(t.databaseUrl)).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await t.close();
  });

  it('creates the domain agencies and one user per role, and changes nothing when run again', async () => {
    const first = await seedDemo(dataSource, 'demo-password-123');
    expect(first.agenciesCreated).toHaveLength(DEMO_AGENCIES.length);
    expect(first.agenciesCreated).toEqual(
      expect.arrayContaining([
        'BP2MI',
        'BP3MI Lampung',
        'Disnakertrans Lampung Selatan',
        'Polda Lampung',
        'KBRI Phnom Penh',
      ]),
    );
    expect(first.usersCreated.map((u) => u.role).sort()).toEqual([
      'admin',
      'agency_liaison',
      'caseworker',
      'supervisor',
      'viewer',
    ]);

    const before = await t.db.query(
      `SELECT (SELECT count(*) FROM agencies) AS agencies, (SELECT count(*) FROM users) AS users`,
    );
    const second = await seedDemo(dataSource, 'another-password-456');
    expect(second).toEqual({ agenciesCreated: [], usersCreated: [] });
    const after = await t.db.query(
      `SELECT (SELECT count(*) FROM agencies) AS agencies, (SELECT count(*) FROM users) AS users`,
    );
    expect(after.rows).toEqual(before.rows);

    const kbri = await t.db.query(
      `SELECT level, country_code, region_code, time_zone FROM agencies WHERE short_name = 'KBRI Phnom Penh'`,
    );
    expect(kbri.rows[0]).toEqual({
      level: 'abroad',
      country_code: 'KH',
      region_code: null,
      time_zone: 'Asia/Phnom_Penh',
    });

    // The first password still works: the second run did not overwrite anyone.
    for (const user of DEMO_USERS) {
      await expect(signIn(t, user.email, 'demo-password-123')).resolves.toEqual(expect.any(String));
    }
  });

  it('creates agencies that pass the API rules (each can be updated through the API unchanged)', async () => {
    const token = await signIn(t, 'admin@demo.jejak.local', 'demo-password-123');
    const list = await t
      .http()
      .get('/api/v1/agencies?limit=100')
      .set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    const demo = (
      list.body.items as Array<{ id: string; shortName: string; version: number }>
    ).filter((a) => DEMO_AGENCIES.some((d) => d.shortName === a.shortName));
    expect(demo).toHaveLength(DEMO_AGENCIES.length);
    for (const agency of demo) {
      const patch = await t
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ version: agency.version });
      expect({ agency: agency.shortName, status: patch.status }).toEqual({
        agency: agency.shortName,
        status: 200,
      });
    }
  });
});
