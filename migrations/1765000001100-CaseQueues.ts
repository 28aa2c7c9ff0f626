import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a supervisor's queue filters and sorts by, kept on the case row so that every order is an
 * index scan and a page costs the same at a million cases as at a thousand:
 *
 * - `victim_count` and `origin_region_codes` (every level of every victim's origin, so a province
 *   code finds its villages' cases through one GIN index), refreshed from `victims`;
 * - `next_due_at`, the earliest deadline of the case's open referrals (acknowledgement while a
 *   referral waits for it, then completion), refreshed from `referrals`; "has overdue referrals"
 *   is `next_due_at < now()`;
 * - `last_activity_at`, the time of the last change a person made to the case or its records (a
 *   partner's answer through a link included; reads and the system's own messages are not
 *   activity), from `audit_events`.
 *
 * Triggers keep them, whatever path writes the rows: the service fills them in when it creates a
 * case, so that the triggers of that statement find nothing to change. The old list indexes (by
 * `updated_at`) go: the queues' orders replace that order.
 */
export class CaseQueues1765000001100 implements MigrationInterface {
  name = 'CaseQueues1765000001100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION case_priority_rank(priority text) RETURNS smallint
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         RETURN CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`,
    );
    // '18.01.04.2001' -> {18, 18.01, 18.01.04, 18.01.04.2001}
    await queryRunner.query(
      `CREATE FUNCTION region_code_ancestry(code text) RETURNS text[]
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         RETURN ARRAY(SELECT array_to_string((string_to_array(code, '.'))[1:n], '.')
                      FROM generate_series(1, cardinality(string_to_array(code, '.'))) AS n
                      ORDER BY n)`,
    );
    await queryRunner.query(
      `CREATE FUNCTION referral_next_deadline(status text, acknowledge_due_at timestamptz,
                                              due_at timestamptz) RETURNS timestamptz
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
         RETURN CASE status WHEN 'sent' THEN least(acknowledge_due_at, due_at)
                            WHEN 'acknowledged' THEN due_at
                            WHEN 'in_progress' THEN due_at END`,
    );
    await queryRunner.query(
      `ALTER TABLE cases
         ADD COLUMN victim_count integer NOT NULL DEFAULT 0 CHECK (victim_count >= 0),
         ADD COLUMN origin_region_codes text[] NOT NULL DEFAULT '{}',
         ADD COLUMN next_due_at timestamptz,
         ADD COLUMN last_activity_at timestamptz NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `UPDATE cases c
       SET (victim_count, origin_region_codes) = (${VICTIM_SUMMARY_OF('c.id')}),
           next_due_at = ${NEXT_DUE_OF('c.id')},
           last_activity_at = greatest(c.created_at,
             (SELECT max(e.occurred_at) FROM audit_events e
              WHERE e.case_id = c.id AND ${ACTIVITY_CONDITION}))`,
    );

    // The refreshes are PL/pgSQL with generic plans, kept for the connection: a SQL function is
    // planned again at every call, and PL/pgSQL keeps planning afresh while a custom plan looks
    // cheaper (1 to 6 ms, then 0.3 ms, a call; 0.06 ms with the plan kept). Each finds its cases
    // by `id = ANY`, an index lookup whatever the planner thinks of the others, and writes only
    // the cases whose values differ.
    await queryRunner.query(
      `CREATE FUNCTION cases_refresh_victim_summary(case_ids uuid[]) RETURNS void
         LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
       DECLARE
         changed uuid[];
       BEGIN
         SELECT array_agg(c.id) INTO changed FROM cases c
         WHERE c.id = ANY (case_ids)
           AND NOT EXISTS (SELECT 1 FROM (${VICTIM_SUMMARY_OF('c.id')}) AS s (victims, regions)
                           WHERE s.victims = c.victim_count AND s.regions = c.origin_region_codes);
         IF changed IS NOT NULL THEN
           UPDATE cases c SET (victim_count, origin_region_codes) = (${VICTIM_SUMMARY_OF('c.id')})
           WHERE c.id = ANY (changed);
         END IF;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION victims_after_insert() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
       BEGIN
         IF ${WHOLE_CASES_WRITTEN} THEN RETURN NULL; END IF;
         PERFORM cases_refresh_victim_summary(ARRAY(SELECT case_id FROM added_victims));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION victims_after_update() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
       BEGIN
         PERFORM cases_refresh_victim_summary(ARRAY(
           SELECT n.case_id FROM changed_victims n JOIN previous_victims o USING (id)
           WHERE n.case_id IS DISTINCT FROM o.case_id
              OR n.origin_region_code IS DISTINCT FROM o.origin_region_code
           UNION SELECT o.case_id FROM changed_victims n JOIN previous_victims o USING (id)
           WHERE n.case_id IS DISTINCT FROM o.case_id));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION victims_after_delete() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
       BEGIN
         PERFORM cases_refresh_victim_summary(ARRAY(SELECT case_id FROM removed_victims));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER victims_case_summary_on_insert AFTER INSERT ON victims
         REFERENCING NEW TABLE AS added_victims
         FOR EACH STATEMENT EXECUTE FUNCTION victims_after_insert()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER victims_case_summary_on_update AFTER UPDATE ON victims
         REFERENCING NEW TABLE AS changed_victims OLD TABLE AS previous_victims
         FOR EACH STATEMENT EXECUTE FUNCTION victims_after_update()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER victims_case_summary_on_delete AFTER DELETE ON victims
         REFERENCING OLD TABLE AS removed_victims
         FOR EACH STATEMENT EXECUTE FUNCTION victims_after_delete()`,
    );

    await queryRunner.query(
      `CREATE FUNCTION cases_refresh_next_due(case_ids uuid[]) RETURNS void
         LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
       BEGIN
         UPDATE cases c SET next_due_at = ${NEXT_DUE_OF('c.id')}
         WHERE c.id = ANY (case_ids) AND c.next_due_at IS DISTINCT FROM ${NEXT_DUE_OF('c.id')};
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION referrals_after_insert() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
       BEGIN
         PERFORM cases_refresh_next_due(ARRAY(
           SELECT case_id FROM added_referrals
           WHERE referral_next_deadline(status, acknowledge_due_at, due_at) IS NOT NULL));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION referrals_after_update() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
       BEGIN
         PERFORM cases_refresh_next_due(ARRAY(
           SELECT n.case_id FROM changed_referrals n JOIN previous_referrals o USING (id)
           WHERE n.case_id IS DISTINCT FROM o.case_id
              OR referral_next_deadline(n.status, n.acknowledge_due_at, n.due_at)
                 IS DISTINCT FROM referral_next_deadline(o.status, o.acknowledge_due_at, o.due_at)
           UNION SELECT o.case_id FROM changed_referrals n JOIN previous_referrals o USING (id)
           WHERE n.case_id IS DISTINCT FROM o.case_id));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION referrals_after_delete() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
       BEGIN
         PERFORM cases_refresh_next_due(ARRAY(SELECT case_id FROM removed_referrals));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER referrals_case_due_on_insert AFTER INSERT ON referrals
         REFERENCING NEW TABLE AS added_referrals
         FOR EACH STATEMENT EXECUTE FUNCTION referrals_after_insert()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER referrals_case_due_on_update AFTER UPDATE ON referrals
         REFERENCING NEW TABLE AS changed_referrals OLD TABLE AS previous_referrals
         FOR EACH STATEMENT EXECUTE FUNCTION referrals_after_update()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER referrals_case_due_on_delete AFTER DELETE ON referrals
         REFERENCING OLD TABLE AS removed_referrals
         FOR EACH STATEMENT EXECUTE FUNCTION referrals_after_delete()`,
    );

    // Only moves forward (entries of one statement may come in any order). A case's creation is
    // its first activity, `created_at`, the transaction's start: the entries written with it, in
    // the same transaction, leave the row as it is rather than write it a second time.
    await queryRunner.query(
      `CREATE FUNCTION audit_events_after_insert() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
       BEGIN
         IF ${WHOLE_CASES_WRITTEN} THEN RETURN NULL; END IF;
         UPDATE cases c SET last_activity_at = ${LAST_ACTIVITY_IN('c.id')}
         WHERE c.id = ANY (ARRAY(SELECT e.case_id FROM added_audit_events e
                                 WHERE e.case_id IS NOT NULL AND ${ACTIVITY_CONDITION}))
           AND c.created_at <> now()
           AND c.last_activity_at < ${LAST_ACTIVITY_IN('c.id')};
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_case_activity AFTER INSERT ON audit_events
         REFERENCING NEW TABLE AS added_audit_events
         FOR EACH STATEMENT EXECUTE FUNCTION audit_events_after_insert()`,
    );

    for (const index of OLD_LIST_INDEXES) await queryRunner.query(`DROP INDEX ${index.name}`);
    for (const [name, definition] of QUEUE_INDEXES)
      await queryRunner.query(`CREATE INDEX ${name} ON cases ${definition}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of QUEUE_INDEXES) await queryRunner.query(`DROP INDEX ${name}`);
    for (const index of OLD_LIST_INDEXES) await queryRunner.query(index.create);
    await queryRunner.query(`DROP TRIGGER audit_events_case_activity ON audit_events`);
    for (const table of ['referrals', 'victims']) {
      const suffix = table === 'referrals' ? 'case_due' : 'case_summary';
      for (const event of ['insert', 'update', 'delete']) {
        await queryRunner.query(`DROP TRIGGER ${table}_${suffix}_on_${event} ON ${table}`);
        await queryRunner.query(`DROP FUNCTION ${table}_after_${event}()`);
      }
    }
    await queryRunner.query(`DROP FUNCTION audit_events_after_insert()`);
    await queryRunner.query(`DROP FUNCTION cases_refresh_next_due(uuid[])`);
    await queryRunner.query(`DROP FUNCTION cases_refresh_victim_summary(uuid[])`);
    await queryRunner.query(
      `ALTER TABLE cases DROP COLUMN victim_count, DROP COLUMN origin_region_codes,
         DROP COLUMN next_due_at, DROP COLUMN last_activity_at`,
    );
    await queryRunner.query(`DROP FUNCTION referral_next_deadline(text, timestamptz, timestamptz)`);
    await queryRunner.query(`DROP FUNCTION region_code_ancestry(text)`);
    await queryRunner.query(`DROP FUNCTION case_priority_rank(text)`);
  }
}

/**
 * A case's victim count and every level of every victim's origin, as one row; the origins sorted
 * by code point (as the service sorts them when it writes a case, so that the trigger of that
 * statement finds them equal).
 */
const VICTIM_SUMMARY_OF = (caseId: string) =>
  `SELECT count(DISTINCT v.id)::int,
          coalesce(array_agg(DISTINCT code COLLATE "C" ORDER BY code COLLATE "C")
                     FILTER (WHERE code IS NOT NULL), '{}')
   FROM victims v LEFT JOIN LATERAL unnest(region_code_ancestry(v.origin_region_code)) AS code ON true
   WHERE v.case_id = ${caseId}`;

/** The latest activity among the audit entries a statement added for a case. */
const LAST_ACTIVITY_IN = (caseId: string) =>
  `(SELECT max(e.occurred_at) FROM added_audit_events e
    WHERE e.case_id = ${caseId} AND ${ACTIVITY_CONDITION})`;

const NEXT_DUE_OF = (caseId: string) =>
  `(SELECT min(referral_next_deadline(r.status, r.acknowledge_due_at, r.due_at))
    FROM referrals r WHERE r.case_id = ${caseId})`;

/**
 * Set (for its own transaction) by the statement that creates a case whole, which writes the
 * case's queue columns itself: its victims' and audit entries' triggers then have nothing to do,
 * and they would run inside the case number's locked window, where every create of the agency
 * waits (0.1 to 0.2 ms each, a fifth of a create's database time). See CasesRepository.createWhole.
 */
const WHOLE_CASES_WRITTEN = `coalesce(current_setting('jejak.whole_cases_written', true), '') = 'on'`;

/** An audit entry that is a person's change: not a read, not a message the system sent. */
const ACTIVITY_CONDITION = `(e.actor_id IS NOT NULL OR e.action = 'referral.responded')
  AND e.action !~ '(_read|_viewed|viewed_via_link)$'`;

const OLD_LIST_INDEXES = [
  {
    name: 'cases_list_idx',
    create: `CREATE INDEX cases_list_idx ON cases (updated_at DESC, id DESC)`,
  },
  {
    name: 'cases_status_list_idx',
    create: `CREATE INDEX cases_status_list_idx ON cases (status, updated_at DESC, id DESC)`,
  },
  {
    name: 'cases_agency_list_idx',
    create: `CREATE INDEX cases_agency_list_idx ON cases (owning_agency_id, updated_at DESC, id DESC)`,
  },
  {
    name: 'cases_agency_status_idx',
    create: `CREATE INDEX cases_agency_status_idx ON cases (owning_agency_id, status, updated_at DESC, id DESC)`,
  },
  {
    name: 'cases_caseworker_idx',
    create: `CREATE INDEX cases_caseworker_idx ON cases (assigned_caseworker_id, updated_at DESC, id DESC)
             WHERE assigned_caseworker_id IS NOT NULL`,
  },
];

/**
 * Each order of the queues, within one agency (what staff see) and across all of them (admins),
 * the caseworker's own queue, the unassigned one, and the GIN indexes of the origin and the title.
 * The expressions are those `case-queue-query.ts` orders by, character for character.
 */
const ORDERS: Array<[string, string]> = [
  ['priority', `case_priority_rank(priority), created_at, id`],
  ['activity', `last_activity_at DESC, id DESC`],
  ['created', `created_at DESC, id DESC`],
  ['incident', `(coalesce(incident_date, '-infinity'::date)) DESC, id DESC`],
  ['due', `(coalesce(next_due_at, 'infinity'::timestamptz)), id`],
];
const QUEUE_INDEXES: Array<[string, string]> = [
  ...ORDERS.map(([name, order]): [string, string] => [
    `cases_queue_${name}_idx`,
    `(owning_agency_id, ${order})`,
  ]),
  ...ORDERS.map(([name, order]): [string, string] => [`cases_queue_${name}_all_idx`, `(${order})`]),
  [
    'cases_queue_assignee_idx',
    `(assigned_caseworker_id, case_priority_rank(priority), created_at, id)
     WHERE assigned_caseworker_id IS NOT NULL`,
  ],
  [
    'cases_queue_unassigned_idx',
    `(owning_agency_id, case_priority_rank(priority), created_at, id)
     WHERE assigned_caseworker_id IS NULL`,
  ],
  ['cases_origin_regions_idx', `USING gin (origin_region_codes)`],
  ['cases_title_trgm_idx', `USING gin (title gin_trgm_ops)`],
];
