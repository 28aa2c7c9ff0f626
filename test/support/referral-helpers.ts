import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { createCase, plainCase } from './case-fixtures';
import { bearer, createAgency, SignedInUser } from './factories';
import { ReferralWorld } from './referral-fixtures';
import { TestApp } from './test-app';

/** A referral as the referring agency reads it (the fields these tests look at). */
export interface ReferralBody {
  id: string;
  caseId: string;
  status: string;
  version: number;
  sentAt: string | null;
  acknowledgeDueAt: string | null;
  dueAt: string | null;
  requestedDueAt: string | null;
  dueOverrideReason: string | null;
  noConsentApprovedBy: string | null;
  timeZone: string;
  [key: string]: unknown;
}

/** A legal-aid request for Ahmad Jayani, sharing only his name, with the family's consent. */
export function legalAidReferral(
  world: ReferralWorld,
  extra: object = {},
): Record<string, unknown> {
  return {
    agencyId: world.receivingAgencyId,
    service: 'legal_aid',
    priority: 'normal',
    reason: 'Keluarga meminta pendampingan hukum untuk restitusi.',
    request: 'Mohon pendampingan hukum bagi keluarga almarhum.',
    victimIds: [world.victimId],
    consent: 'family',
    sharedFields: ['full_name'],
    ...extra,
  };
}

/** Creates a referral through the API and fails loudly unless it was created. */
export async function createReferral(
  t: TestApp,
  user: SignedInUser,
  caseId: string,
  body: object,
): Promise<ReferralBody> {
  const response = await t
    .http()
    .post(`/api/v1/cases/${caseId}/referrals`)
    .set(...bearer(user))
    .send(body);
  if (response.status !== 201)
    throw new Error(
      `referral creation failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  return response.body as ReferralBody;
}

/** Sends a draft through the API and fails loudly unless it was sent. */
export async function sendReferral(
  t: TestApp,
  user: SignedInUser,
  referral: { id: string; version: number },
): Promise<ReferralBody> {
  const response = await t
    .http()
    .post(`/api/v1/referrals/${referral.id}/send`)
    .set(...bearer(user))
    .send({ version: referral.version });
  if (response.status !== 200)
    throw new Error(`sending failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as ReferralBody;
}

/** A partner agency with its own contact address (so its messages can be told apart). */
export async function createReachableAgency(
  t: TestApp,
  options: { timeZone?: string; label?: string } = {},
): Promise<{ id: string; email: string }> {
  const tag = randomBytes(3).toString('hex');
  const agency = await createAgency(t, { name: `${options.label ?? 'LBH'} ${tag}` });
  const email = `partner-${tag}@example.org`;
  await t.db.query(`UPDATE agencies SET contact_emails = $2, time_zone = $3 WHERE id = $1`, [
    agency.id,
    [email],
    options.timeZone ?? 'Asia/Jakarta',
  ]);
  return { id: agency.id, email };
}

/** Another case of the referring agency, with one victim who has one relative. */
export async function otherCaseWithFamily(
  t: TestApp,
  user: SignedInUser,
): Promise<{ caseId: string; victimId: string; familyMemberId: string }> {
  const created = (await createCase(
    t,
    user,
    plainCase({
      victims: [
        {
          fullName: 'Siti Rahmawati',
          gender: 'Feminine',
          estimatedAge: 29,
          currentSituation: 'abroad',
          originRegionCode: '18.01',
          familyMembers: [{ fullName: 'Sumarni', relation: 'mother' }],
        },
      ],
    }),
  )) as { id: string; victims: Array<{ id: string; familyMembers: Array<{ id: string }> }> };
  return {
    caseId: created.id,
    victimId: created.victims[0].id,
    familyMemberId: created.victims[0].familyMembers[0].id,
  };
}

/** Row counts of the tables a refused referral request must leave alone. */
export async function referralCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'referrals',
    'notifications',
    'audit_events',
    'referral_response_links',
  ] as const) {
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0].n;
  }
  return counts;
}

/** The referral row as stored, for before/after comparisons. */
export async function referralRow(t: TestApp, id: string): Promise<Record<string, unknown>> {
  const { rows } = await t.db.query<Record<string, unknown>>(
    'SELECT * FROM referrals WHERE id = $1',
    [id],
  );
  if (rows.length !== 1) throw new Error(`no referral ${id}`);
  return rows[0];
}

export function fieldsOf(body: { details?: { fields?: Array<{ field: string }> } }): string[] {
  return (body.details?.fields ?? []).map((f) => f.field).sort();
}

/** Every day in the holidays table, as yyyy-mm-dd. */
export async function holidayDays(t: TestApp): Promise<Set<string>> {
  const { rows } = await t.db.query<{ day: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM holidays`,
  );
  return new Set(rows.map((r) => r.day));
}

/**
 * The oracle for "N working days after": in `zone`, step day by day from the local day of
 * `from`, counting Monday to Friday that are not in `holidays`; the deadline is the last
 * millisecond of the Nth such day, local time.
 */
export function endOfNthWorkingDay(
  from: Date,
  n: number,
  zone: string,
  holidays: ReadonlySet<string>,
): Date {
  let day = DateTime.fromJSDate(from, { zone }).set({
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
  });
  let counted = 0;
  while (counted < n) {
    day = day.plus({ days: 1 });
    const weekend = day.weekday === 6 || day.weekday === 7;
    if (!weekend && !holidays.has(day.toFormat('yyyy-MM-dd'))) counted += 1;
  }
  return day.set({ hour: 23, minute: 59, second: 59, millisecond: 999 }).toJSDate();
}

/** The first Monday-to-Friday after the local day of `from` that is not yet a holiday. */
export function nextWorkingDay(from: Date, zone: string, holidays: ReadonlySet<string>): string {
  let day = DateTime.fromJSDate(from, { zone });
  for (;;) {
    day = day.plus({ days: 1 });
    const iso = day.toFormat('yyyy-MM-dd');
    if (day.weekday <= 5 && !holidays.has(iso)) return iso;
  }
}

export interface NotificationRow {
  id: string;
  kind: string;
  channel: string;
  status: string;
  due_at: Date;
  cancel_reason: string | null;
}

export async function notificationsOf(t: TestApp, referralId: string): Promise<NotificationRow[]> {
  const { rows } = await t.db.query<NotificationRow>(
    `SELECT id, kind, channel, status, due_at, cancel_reason FROM notifications
     WHERE referral_id = $1 ORDER BY created_at, id`,
    [referralId],
  );
  return rows;
}

export interface AuditRow {
  id: string;
  action: string;
  actor_id: string | null;
  entity_id: string;
  case_id: string | null;
  changes: Record<string, unknown> | null;
}

export async function auditOf(t: TestApp, referralId: string): Promise<AuditRow[]> {
  const { rows } = await t.db.query<AuditRow>(
    `SELECT e.id::text AS id, e.action, e.actor_id, e.entity_id, e.case_id, e.changes
     FROM audit_events e WHERE e.entity_id = $1 ORDER BY e.id`,
    [referralId],
  );
  return rows;
}
