import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runPrepared, statementFor } from '../../database/prepared-statements';
import { PersonKind, PersonMatch } from './dto/person-search.dto';

/** The lowest name score a result may have: below it, names share little more than a syllable. */
export const MIN_NAME_SCORE = 0.4;

/**
 * The trigram similarity a whole name needs to be a candidate (`%`); pg_trgm's default, 0.3, let
 * in every name sharing one common word with the query ("Tuti Rahayu" for "Tuti Wulandari"): a
 * thousand rows to score at 75,000 victims. Set for this statement's own transaction only: the
 * row of `q` is read before any index scan that uses its key, so the setting is in force for
 * them. A part of a name (a first name alone) still comes in by `<%` (word similarity, 0.6).
 */
export const CANDIDATE_SIMILARITY = 0.5;
const SIMILARITY_THRESHOLD_FOR_STATEMENT = `set_config('pg_trgm.similarity_threshold', '${CANDIDATE_SIMILARITY}', true)`;

/** How many linked cases a perpetrator's row names. */
const PERPETRATOR_CASES_SHOWN = 5;

export interface PersonRow {
  kind: PersonKind;
  id: string;
  full_name: string;
  score: number;
  victim_id: string | null;
  relation: string | null;
  aliases: string[] | null;
  region_code: string | null;
  nik_last4: string | null;
  cases: Array<{ id: string; caseNumber: string }>;
  open_duplicate_flags: number;
}

/** What is searched for: a name (normalised by person_name_key in SQL) or an identifier's keyed hash. */
export type PersonCriterion =
  | { by: PersonMatch.Name; text: string }
  | { by: PersonMatch.Nik | PersonMatch.Phone; hash: string };

/**
 * Person search: a read model over victims, family members and the perpetrators register, with
 * the caller's scope in SQL. Names are compared by their `name_key` (migration PersonSearch)
 * through each table's trigram GIN index: `%` (similar as a whole) or `<%` (the query is close to
 * a part of the name: a first name alone, an initial). Each kind keeps its best `limit`, then the
 * best `limit` of all are kept, so a kind with many weak matches cannot crowd out another's
 * strong one.
 */
@Injectable()
export class PersonSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `agencyIds`: the agencies whose cases the caller may read; null for every agency. */
  async search(
    criterion: PersonCriterion,
    kinds: PersonKind[],
    agencyIds: string[] | null,
    limit: number,
  ): Promise<PersonRow[]> {
    // $1 scope, $2 limit, $3 the name or the hash.
    const branches = kinds.map((kind) => `(${BRANCHES[kind](criterion)})`);
    const sql = `
      WITH q AS MATERIALIZED (
        SELECT ${criterion.by === PersonMatch.Name ? 'person_name_key($3::text)' : '$3::text'} AS key,
               ${SIMILARITY_THRESHOLD_FOR_STATEMENT} AS threshold)
      SELECT r.kind, r.id, r.full_name, r.score, r.victim_id, r.relation, r.aliases, r.region_code,
             r.nik_last4,
             CASE WHEN r.kind = '${PersonKind.Perpetrator}' THEN
               (SELECT coalesce(json_agg(json_build_object('id', lc.id, 'caseNumber', lc.case_number)
                                         ORDER BY lc.linked_at, lc.id), '[]'::json)
                FROM (SELECT c.id, c.case_number, l.linked_at
                      FROM case_perpetrators l JOIN cases c ON c.id = l.case_id
                      WHERE l.perpetrator_id = r.id
                        AND ($1::uuid[] IS NULL OR c.owning_agency_id = ANY ($1::uuid[]))
                      ORDER BY l.linked_at, c.id
                      LIMIT ${PERPETRATOR_CASES_SHOWN}) lc)
             ELSE json_build_array(json_build_object('id', r.case_id, 'caseNumber', r.case_number))
             END AS cases,
             CASE WHEN r.kind = '${PersonKind.Victim}' THEN
               (SELECT count(*)::int FROM victim_duplicate_flags d
                WHERE d.status = 'open' AND (d.victim_id = r.id OR d.candidate_victim_id = r.id))
             ELSE 0 END AS open_duplicate_flags
      FROM (${branches.join(' UNION ALL ')}) r
      ORDER BY r.score DESC, r.kind, r.id
      LIMIT $2::int`;
    const value = criterion.by === PersonMatch.Name ? criterion.text : criterion.hash;
    return runPrepared<PersonRow>(this.dataSource, statementFor(sql), [agencyIds, limit, value]);
  }
}

/** The condition on a table's row `alias` that finds it, and its score. */
function matching(
  criterion: PersonCriterion,
  alias: string,
  hashColumn: 'nik_hash' | 'phone_hash' | 'phone_hashes' | null,
): { where: string; score: string } {
  if (criterion.by === PersonMatch.Name)
    return {
      where: `(${alias}.name_key % q.key OR q.key <% ${alias}.name_key)`,
      score: `person_name_score(${alias}.name_key, q.key)`,
    };
  if (hashColumn === null) return { where: 'FALSE', score: '1' };
  return {
    where:
      hashColumn === 'phone_hashes'
        ? `${alias}.phone_hashes @> ARRAY[q.key]`
        : `${alias}.${hashColumn} = q.key`,
    score: '1',
  };
}

/** Keeps a branch's rows above the score floor, best first, at most `limit`. */
/**
 * The most candidates of one kind a search scores. Past it (a common name across a million
 * records), the best are chosen among the first found, which are equally good when they bear the
 * very name; the cost of a search stays bounded. The limit also keeps the subquery apart, so each
 * row's score is computed once, not again for the filter and the order.
 */
export const MAX_CANDIDATES = 1000;

const best = (select: string): string =>
  `SELECT * FROM (${select} LIMIT ${MAX_CANDIDATES}) b
   WHERE b.score >= ${MIN_NAME_SCORE} ORDER BY b.score DESC, b.id LIMIT $2::int`;

const hashColumnFor = (criterion: PersonCriterion, phoneColumn: 'phone_hash' | 'phone_hashes') =>
  criterion.by === PersonMatch.Nik ? null : criterion.by === PersonMatch.Phone ? phoneColumn : null;

const BRANCHES: Record<PersonKind, (criterion: PersonCriterion) => string> = {
  [PersonKind.Victim]: (criterion) => {
    const match = matching(
      criterion,
      'v',
      criterion.by === PersonMatch.Nik ? 'nik_hash' : hashColumnFor(criterion, 'phone_hash'),
    );
    return best(
      `SELECT '${PersonKind.Victim}'::text AS kind, v.id, v.full_name, ${match.score}::real AS score,
              NULL::uuid AS victim_id, NULL::text AS relation, NULL::text[] AS aliases,
              v.origin_region_code AS region_code, v.nik_last4, c.id AS case_id, c.case_number
       FROM q, victims v JOIN cases c ON c.id = v.case_id
       WHERE ${match.where}
         AND ($1::uuid[] IS NULL OR c.owning_agency_id = ANY ($1::uuid[]))`,
    );
  },
  [PersonKind.FamilyMember]: (criterion) => {
    const match = matching(criterion, 'f', hashColumnFor(criterion, 'phone_hash'));
    return best(
      `SELECT '${PersonKind.FamilyMember}'::text AS kind, f.id, f.full_name,
              ${match.score}::real AS score, f.victim_id, f.relation, NULL::text[] AS aliases,
              f.region_code, NULL::text AS nik_last4, c.id AS case_id, c.case_number
       FROM q, family_members f JOIN victims v ON v.id = f.victim_id JOIN cases c ON c.id = v.case_id
       WHERE ${match.where}
         AND ($1::uuid[] IS NULL OR c.owning_agency_id = ANY ($1::uuid[]))`,
    );
  },
  // The register's own rule (PerpetratorsRepository): a perpetrator linked to a case the caller
  // may read; admins see every one.
  [PersonKind.Perpetrator]: (criterion) => {
    const byName = matching(criterion, 'p', hashColumnFor(criterion, 'phone_hashes'));
    // A recruiter is found by an alias as well, and scores by the best of their names (the
    // aliases' keys are kept apart by ' | ', as migration PersonSearch writes them).
    const match =
      criterion.by === PersonMatch.Name
        ? {
            where: `(${byName.where} OR q.key <% p.aliases_key)`,
            score: `greatest(${byName.score}, (
                      SELECT max(person_name_score(alias_key, q.key))
                      FROM unnest(string_to_array(p.aliases_key, ' | ')) AS alias_key))`,
          }
        : byName;
    return best(
      `SELECT '${PersonKind.Perpetrator}'::text AS kind, p.id, p.full_name,
              ${match.score}::real AS score, NULL::uuid AS victim_id, NULL::text AS relation,
              p.aliases, p.home_region_code AS region_code, NULL::text AS nik_last4,
              NULL::uuid AS case_id, NULL::text AS case_number
       FROM q, perpetrators p
       WHERE ${match.where}
         -- A merged record lives on in the one it went into, which the search finds.
         AND p.merged_into_id IS NULL
         AND ($1::uuid[] IS NULL OR EXISTS (
               SELECT 1 FROM case_perpetrators vl JOIN cases vc ON vc.id = vl.case_id
               WHERE vl.perpetrator_id = p.id AND vc.owning_agency_id = ANY ($1::uuid[])))`,
    );
  },
};
