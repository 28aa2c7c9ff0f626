import { Client } from 'pg';
import { cloneTemplateDatabase, dropDatabase } from './support/test-app';
import { databaseUrl } from './support/test-env';

/**
 * The one normaliser of personal names (person_name_key, migration PersonSearch) and the score
 * built on it, run in PostgreSQL as the triggers, the indexes and the searches run them.
 */
describe('person_name_key and person_name_score', () => {
  let name: string;
  let db: Client;

  beforeAll(async () => {
    name = await cloneTemplateDatabase();
    db = new Client({ connectionString: databaseUrl(name) });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    if (name) await dropDatabase(name);
  });

  const key = async (input: string): Promise<string> =>
    (await db.query<{ key: string }>('SELECT person_name_key($1) AS key', [input])).rows[0].key;
  const score = async (stored: string, query: string): Promise<number> =>
    (
      await db.query<{ score: number }>(
        'SELECT person_name_score(person_name_key($1), person_name_key($2)) AS score',
        [stored, query],
      )
    ).rows[0].score;

  it.each([
    ['Rohmat Sugiarto', 'rohmat sugiarto'],
    ['Pak Rohmat Sugiarto', 'rohmat sugiarto'],
    ['Bapak H. Rohmat Sugiarto', 'rohmat sugiarto'],
    ['SUGIARTO ROHMAT', 'rohmat sugiarto'],
    ['ROHMAT S.', 'rohmat s'],
    ['Djoko Santoso', 'joko santoso'],
    ['Joko Santoso', 'joko santoso'],
    ['Choirul Anam', 'anam hoirul'],
    ['Khoirul Anam', 'anam hoirul'],
    ['Soekarno', 'sukarno'],
    ['Hj. Siti Aminah', 'aminah siti'],
    ['Ibu Hajjah Siti Aminah', 'aminah siti'],
    ['Siti Aminah, S.Pd., M.Si.', 'aminah siti'],
    ['Sdri. Siti Aminah', 'aminah siti'],
    ['Ahmad Jayani bin Mulhat', 'ahmad jajani'],
    ['Siti Aminah binti Mulhat', 'aminah siti'],
    ['Mochammad Jusuf', 'jusuf muhamad'],
    ['Moh. Yusuf', 'jusuf muhamad'],
    ['Muhammad Yusuf', 'jusuf muhamad'],
    ["Ma'ruf Amin", 'amin maruf'],
    ['Tjiptono', 'ciptono'],
    ['Ramadhan', 'ramadan'],
    ['Taufiq', 'taufik'],
    ['José Ramos-Horta', 'horta jose ramos'],
    // An honorific alone is the name as recorded, not nothing.
    ['Mas', 'mas'],
    ['  ', ''],
  ])('%j becomes %j', async (input, expected) => {
    expect(await key(input)).toBe(expected);
  });

  it('is what the triggers keep on every searched table', async () => {
    const { rows } = await db.query<{ kind: string; trigger: string; fires: boolean }>(
      `SELECT c.relname AS kind, t.tgname AS trigger, t.tgenabled <> 'D' AS fires
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE t.tgname LIKE '%_name_key' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { kind: 'family_members', trigger: 'family_members_name_key', fires: true },
      { kind: 'perpetrators', trigger: 'perpetrators_name_key', fires: true },
      { kind: 'victims', trigger: 'victims_name_key', fires: true },
    ]);
    const { rows: keys } = await db.query<{ name_key: string; aliases_key: string }>(
      `WITH agency AS (
         INSERT INTO agencies (name, short_name, type, level)
         VALUES ('Dinas', 'Dinas', 'disnakertrans', 'national') RETURNING id)
       INSERT INTO perpetrators (full_name, aliases, recorded_by_agency_id)
       SELECT 'Bu Hani', '{"Mami Hani","Hj. Hani Soeryani"}', id FROM agency
       RETURNING name_key, aliases_key`,
    );
    expect(keys).toEqual([{ name_key: 'hani', aliases_key: 'hani mami | hani surjani' }]);
    const { rows: functions } = await db.query<{ volatile: string }>(
      `SELECT provolatile AS volatile FROM pg_proc WHERE proname IN ('person_name_key', 'person_name_score')`,
    );
    expect(functions).toEqual([{ volatile: 'i' }, { volatile: 'i' }]);
  });

  it('scores the same person written differently above strangers', async () => {
    const rohmat = 'Rohmat Sugiarto';
    for (const variant of ['Pak Rohmat Sugiarto', 'Sugiarto Rohmat', 'ROHMAT SUGIARTO'])
      expect(await score(rohmat, variant)).toBe(1);
    // An initial matches a word starting with it, either way round.
    expect(await score(rohmat, 'ROHMAT S.')).toBeGreaterThan(0.8);
    expect(await score('Rohmat S.', 'Rohmat Sugiarto')).toBeGreaterThan(0.8);
    expect(await score(rohmat, 'R. Sugiarto')).toBeGreaterThan(0.8);
    expect(await score(rohmat, 'ROHMAT T.')).toBeLessThan(0.6);
    expect(await score('Djoko Santoso', 'Joko Santoso')).toBe(1);
    expect(await score('Khoirul Anam', 'Choirul Anam')).toBe(1);
    expect(await score('Sukarno', 'Soekarno')).toBe(1);
    expect(await score('Siti Aminah', 'Hj. Siti Aminah')).toBe(1);
    // A first name alone finds the fuller record, ranked under an exact match.
    const partial = await score('Siti Aminah', 'Siti');
    expect(partial).toBeGreaterThan(0.6);
    expect(partial).toBeLessThan(1);
    expect(await score(rohmat, 'Budi Hartono')).toBeLessThan(0.2);
    expect(await score('Siti Aminah', 'Siti Rahmawati')).toBeLessThan(0.6);
  });
});
