import { todayInJakarta } from '../../src/common/validation/dates';
import { bearer, SignedInUser } from './factories';
import { TestApp } from './test-app';

/** Ahmad Jayani's NIK in the fixture (fictional: district 18.01.06, born 12.03.88, serial 0003). */
export const AHMAD_NIK = '1801061203880003';
export const AHMAD_PHONE_E164 = '+6281234567890';
export const AHMAD_STREET = 'Dusun Cinta Sari RT 002 RW 001';
export const JANAH_PHONE_E164 = '+6281298765432';
export const HANI_PHONE_E164 = '+6281170001234';

/** Ahmad Jayani as a victim record, with his mother Janah (primary contact) and late father Mulhat. */
export function ahmadJayaniVictim(extra: object = {}) {
  return {
    fullName: 'Ahmad Jayani',
    gender: 'Masculine',
    estimatedAge: 36,
    nik: AHMAD_NIK,
    phone: '0812 3456 7890',
    originStreet: AHMAD_STREET,
    originRegionCode: '18.01.06.2027',
    migrationChannel: 'non_procedural',
    occupationAbroad: 'online scam operator (forced)',
    currentSituation: 'deceased',
    deathDate: '2024-05-11',
    deathCountry: 'KH',
    deathCause: 'unknown, as reported by the family',
    remainsStatus: 'awaiting_repatriation',
    traffickingStatus: 'PossibleVictimOfTrafficking',
    familyMembers: [
      {
        fullName: 'Janah',
        relation: 'mother',
        age: 60,
        primaryContact: true,
        consentToContact: true,
        phone: '081298765432',
        regionCode: '18.01.06.2027',
        needs: ['remains_repatriation', 'death_benefit_or_insurance'],
      },
      { fullName: 'Mulhat', relation: 'father', alive: false },
    ],
    ...extra,
  };
}

/** Hani of Kabupaten Lampung Timur, the suspected recruiter, as a new entry in the register. */
export function haniLink(extra: object = {}) {
  return {
    perpetrator: {
      fullName: 'Hani',
      roles: ['RecruiterOrIntermediary'],
      homeRegionCode: '18.07',
      phones: ['+62 811 7000 1234'],
    },
    relationshipToVictims: 'Acquainted',
    roleInCase: 'offered the work in Cambodia',
    ...extra,
  };
}

/** The Ahmad Jayani case of shared/DOMAIN.md, as a caseworker of Disnakertrans Lampung Selatan would log it. */
export function ahmadJayaniCase(extra: object = {}) {
  return {
    title: 'Kematian PMI non-prosedural di Kamboja (Ahmad Jayani)',
    summary: 'Dilaporkan keluarga: bekerja sebagai scammer di Kamboja, meninggal 11 Mei 2024.',
    incidentType: 'death_abroad',
    exploitationTypes: ['ForcedCriminality', 'OnlineScam'],
    methodsOfControl: ['FalsePromises', 'WithholdsDocuments'],
    recruitmentMethods: ['ThroughInformalBroker'],
    exploitationCountry: 'KH',
    incidentDate: '2024-05-11',
    reportedDate: '2024-05-14',
    source: 'family',
    tags: ['tppo', 'kamboja'],
    victims: [ahmadJayaniVictim()],
    perpetrators: [haniLink()],
    ...extra,
  };
}

/** A small case: one adult victim still abroad, nothing that raises the suggested priority. */
export function plainCase(extra: object = {}) {
  return {
    title: 'PMI tertahan gaji di Malaysia',
    incidentType: 'unpaid_wages',
    source: 'hotline',
    incidentDate: '2024-03-01',
    reportedDate: '2024-03-04',
    victims: [
      {
        fullName: 'Siti Rahmawati',
        gender: 'Feminine',
        estimatedAge: 29,
        currentSituation: 'abroad',
        originRegionCode: '18.01',
      },
    ],
    ...extra,
  };
}

/** A valid NIK for index `i` (district 18.01.06, born 01.01.90, serial i + 1). */
export function nikFor(i: number): string {
  return `180106010190${String(i + 1).padStart(4, '0')}`;
}

/** yyyy-mm-dd, `days` after today in Jakarta (the service's idea of "today"). */
export function jakartaDatePlus(days: number): string {
  const date = new Date(`${todayInJakarta()}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const CASE_TABLES = [
  'cases',
  'victims',
  'family_members',
  'perpetrators',
  'case_perpetrators',
  'case_notes',
  'audit_events',
] as const;

/**
 * Waits until every victim was checked for duplicates at its current version. The check runs
 * after the write that saved the victim, in a job, and writes its flags and their audit entries
 * in one transaction with the check: once none is pending, no earlier write adds rows any more.
 */
export async function duplicateChecksSettled(t: TestApp): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM victims v
       LEFT JOIN victim_duplicate_checks k ON k.victim_id = v.id AND k.checked_version = v.version
       WHERE k.victim_id IS NULL`,
    );
    if (rows[0].n === 0) return;
    if (attempt > 200) throw new Error('the victims were never checked for duplicates');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Row counts of every case table, plus the sum of the case number counters, once the duplicate
 * checks of earlier writes have settled (they add audit entries of their own).
 */
export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  await duplicateChecksSettled(t);
  const counts: Record<string, number> = {};
  for (const table of CASE_TABLES) {
    const result = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = result.rows[0].n;
  }
  const counters = await t.db.query<{ n: number }>(
    `SELECT coalesce(sum(last_value), 0)::int AS n FROM case_number_counters`,
  );
  counts.case_number_counters = counters.rows[0].n;
  return counts;
}

/** Creates a case through the API and fails loudly unless it was created. */
export async function createCase(t: TestApp, user: SignedInUser, body: object) {
  const response = await t
    .http()
    .post('/api/v1/cases')
    .set(...bearer(user))
    .send(body);
  if (response.status !== 201)
    throw new Error(
      `case creation failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  return response.body;
}
