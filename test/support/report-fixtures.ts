import type { TestApp } from './test-app';

export interface ReportCaseIds {
  april1: string;
  april30: string;
  may1: string;
  march31: string;
  other: string;
}

/**
 * Cases at the edges of WIB days (UTC+7), their victims and referrals with known timestamps,
 * for the summary and the exports. Victims and referrals go in by SQL so that the queue triggers
 * keep the cases' victim counts and origins as they do in use.
 */
export async function insertReportCases(
  t: TestApp,
  agencyId: string,
  otherAgencyId: string,
  partnerAgencyId: string,
  userId: string,
  prefix: string,
): Promise<ReportCaseIds> {
  const insertCase = async (
    suffix: string,
    agency: string,
    createdAt: string,
    incidentType: string,
    status: string,
    country: string | null,
    types: string[],
    title = 'Kasus laporan',
  ): Promise<string> => {
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO cases (case_number, owning_agency_id, title, incident_type, reported_date, source,
                          priority, suggested_priority, status, created_by, exploitation_country,
                          exploitation_types, created_at, updated_at, last_activity_at)
       VALUES ($1, $2, $3, $4, date '2026-03-01', 'hotline', 'high', 'high', $5, $6, $7, $8,
               $9, $9, $9)
       RETURNING id`,
      [
        `${prefix}-${suffix}`,
        agency,
        title,
        incidentType,
        status,
        userId,
        country,
        types,
        createdAt,
      ],
    );
    return rows[0].id;
  };
  const ids: ReportCaseIds = {
    // 00:30 on 1 April in WIB, still 31 March in UTC.
    april1: await insertCase('A1', agencyId, '2026-03-31T17:30:00Z', 'trafficking', 'open', 'KH', [
      'ForcedCriminality',
      'OnlineScam',
    ]),
    // 23:59:59 on 30 April in WIB.
    april30: await insertCase(
      'A2',
      agencyId,
      '2026-04-30T16:59:59Z',
      'death_abroad',
      'closed',
      'MY',
      ['ForcedLabour'],
    ),
    // Midnight of 1 May in WIB, still 30 April in UTC.
    may1: await insertCase(
      'A3',
      agencyId,
      '2026-04-30T17:00:00Z',
      'non_procedural_placement',
      'open',
      null,
      [],
    ),
    // 23:59 on 31 March in WIB.
    march31: await insertCase(
      'A4',
      agencyId,
      '2026-03-31T16:59:00Z',
      'trafficking',
      'intake',
      'KH',
      [],
      '=HYPERLINK("http://x")',
    ),
    other: await insertCase(
      'B1',
      otherAgencyId,
      '2026-04-10T03:00:00Z',
      'trafficking',
      'open',
      'KH',
      ['ForcedLabour'],
    ),
  };
  await t.db.query(
    `INSERT INTO victims (case_id, person_id, full_name, gender, minor_at_recruitment,
                          origin_region_code, current_situation, death_country, created_at)
     VALUES ($1, gen_random_uuid(), 'Ahmad Jayani', 'Masculine', false, '18.01.04.2001', 'deceased', 'KH', '2026-04-01T00:00:00Z'),
            ($1, gen_random_uuid(), 'Siti Aminah', 'Feminine', true, '18.04', 'home', NULL, '2026-04-01T00:00:01Z'),
            ($2, gen_random_uuid(), 'Budi Santoso', 'Masculine', NULL, '18.01', 'deceased', NULL, '2026-04-01T00:00:00Z'),
            ($3, gen_random_uuid(), 'Rina Wati', 'Feminine', false, '32.01', 'home', NULL, '2026-04-01T00:00:00Z'),
            ($4, gen_random_uuid(), 'Dewi Lestari', 'Feminine', false, '18.01', 'deceased', 'KH', '2026-04-01T00:00:00Z')`,
    [ids.april1, ids.april30, ids.may1, ids.other],
  );
  // Legal aid from the partner: answered in 1 day (on time), in 3 days (late), not at all (its
  // deadline passed), declined in 1.5 days (on time), and one cancelled (not measured). One on
  // another agency's case and one on a May case, outside what April's report counts.
  await t.db.query(
    `INSERT INTO referrals (case_id, referring_agency_id, agency_id, service, priority, status,
                            reason, request, consent, created_by, sent_at, sent_by,
                            acknowledge_due_at, due_at, acknowledged_at, declined_at,
                            decline_reason, completed_at, outcome)
     SELECT r.case_id, (SELECT c.owning_agency_id FROM cases c WHERE c.id = r.case_id), $1, r.service, 'normal', r.status, 'Pendampingan', 'Mohon bantuan',
            'victim', $2, r.sent, $2, r.ack_due, r.due, r.acknowledged, r.declined,
            CASE WHEN r.declined IS NOT NULL THEN 'Bukan wewenang kami' END, r.completed,
            CASE WHEN r.status = 'completed' THEN 'achieved' END
     FROM (VALUES
       ($3::uuid, 'legal_aid', 'completed', '2026-04-02T00:00Z'::timestamptz, '2026-04-04T00:00Z'::timestamptz,
        '2026-04-20T00:00Z'::timestamptz, '2026-04-03T00:00Z'::timestamptz, NULL::timestamptz, '2026-04-19T00:00Z'::timestamptz),
       ($4, 'legal_aid', 'completed', '2026-04-02T00:00Z', '2026-04-04T00:00Z', '2026-04-20T00:00Z',
        '2026-04-05T00:00Z', NULL, '2026-04-25T00:00Z'),
       ($3, 'legal_aid', 'sent', '2026-04-10T00:00Z', '2026-04-12T00:00Z', '2026-05-10T00:00Z', NULL, NULL, NULL),
       ($3, 'legal_aid', 'declined', '2026-04-10T00:00Z', '2026-04-12T00:00Z', '2026-05-10T00:00Z',
        NULL, '2026-04-11T12:00Z', NULL),
       ($4, 'legal_aid', 'cancelled', '2026-04-10T00:00Z', '2026-04-12T00:00Z', '2026-05-10T00:00Z', NULL, NULL, NULL),
       ($4, 'repatriation_remains', 'acknowledged', '2026-04-06T00:00Z', '2026-04-07T00:00Z',
        '2099-01-01T00:00Z', '2026-04-06T06:00Z', NULL, NULL),
       ($5, 'legal_aid', 'completed', '2026-04-12T00:00Z', '2026-04-14T00:00Z', '2026-04-20T00:00Z',
        '2026-04-20T00:00Z', NULL, '2026-04-21T00:00Z'),
       ($6, 'legal_aid', 'sent', '2026-05-02T00:00Z', '2026-05-04T00:00Z', '2026-05-10T00:00Z', NULL, NULL, NULL))
       AS r (case_id, service, status, sent, ack_due, due, acknowledged, declined, completed)`,
    [partnerAgencyId, userId, ids.april1, ids.april30, ids.other, ids.may1],
  );
  return ids;
}
