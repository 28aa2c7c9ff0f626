import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { modifyReturning } from '../../database/modifying-query';
import { DuplicateReason, FlagStatus } from './duplicate-flag.enums';

/** The lowest name score (either way round) that flags two victims born the same year in one regency. */
export const SIMILAR_NAME_THRESHOLD = 0.6;

/** How long the sweep looks back for victims whose check was lost. */
const SWEEP_WINDOW = `interval '2 days'`;

export interface CheckedFlag {
  id: string;
  victim_id: string;
  case_id: string;
  reason: DuplicateReason;
  score: number;
  created: boolean;
}

export interface FlagRow {
  id: string;
  victim_id: string;
  candidate_victim_id: string;
  reason: DuplicateReason;
  score: number;
  status: FlagStatus;
  decided_by: string | null;
  decided_by_agency_id: string | null;
  decided_at: Date | null;
  comment: string | null;
  version: number;
  created_at: Date;
}

/** A flag as one of its two victims' readers sees it: the other victim and their case. */
export interface FlagViewRow extends FlagRow {
  other_victim_id: string;
  other_full_name: string;
  other_nik_last4: string | null;
  other_date_of_birth: string | null;
  other_origin_region_code: string | null;
  other_case_id: string;
  other_case_number: string;
  other_agency_id: string;
  other_agency_name: string;
}

/** The statement of DuplicateFlagsRepository.check: $1 the victims' ids, $2 the name threshold. */
export const DUPLICATE_CHECK_SQL = `WITH subject AS (
    SELECT v.id, v.version, v.case_id, v.person_id, v.nik_hash, v.name_key,
           extract(year FROM v.date_of_birth) AS birth_year,
           (region_code_ancestry(v.origin_region_code))[2] AS regency
    FROM victims v WHERE v.id = ANY ($1::uuid[])
  ),
  found AS (
    SELECT s.id AS victim_id, c.id AS candidate_id, '${DuplicateReason.SameNik}' AS reason,
           1::real AS score
    FROM subject s JOIN victims c ON c.nik_hash = s.nik_hash
    WHERE s.nik_hash IS NOT NULL AND c.id <> s.id AND c.person_id <> s.person_id
    UNION ALL
    SELECT s.id, c.id, '${DuplicateReason.SimilarName}',
           greatest(person_name_score(c.name_key, s.name_key),
                    person_name_score(s.name_key, c.name_key))
    FROM subject s JOIN victims c ON c.name_key % s.name_key
    WHERE s.birth_year IS NOT NULL AND s.regency IS NOT NULL AND s.name_key <> ''
      AND c.id <> s.id AND c.person_id <> s.person_id
      AND extract(year FROM c.date_of_birth) = s.birth_year
      AND (region_code_ancestry(c.origin_region_code))[2] = s.regency
  ),
  best AS (
    SELECT DISTINCT ON (least(victim_id, candidate_id), greatest(victim_id, candidate_id))
           victim_id, candidate_id, reason, round(score::numeric, 3)::real AS score
    FROM found
    WHERE reason = '${DuplicateReason.SameNik}' OR score >= $2
    ORDER BY least(victim_id, candidate_id), greatest(victim_id, candidate_id), score DESC,
             reason DESC
  ),
  gone AS (
    DELETE FROM victim_duplicate_flags f
    WHERE f.status = '${FlagStatus.Open}'
      AND (f.victim_id = ANY ($1::uuid[]) OR f.candidate_victim_id = ANY ($1::uuid[]))
      AND NOT EXISTS (
        SELECT 1 FROM best b
        WHERE least(b.victim_id, b.candidate_id) = least(f.victim_id, f.candidate_victim_id)
          AND greatest(b.victim_id, b.candidate_id)
              = greatest(f.victim_id, f.candidate_victim_id))
  ),
  flagged AS (
    INSERT INTO victim_duplicate_flags (victim_id, candidate_victim_id, reason, score)
    SELECT victim_id, candidate_id, reason, score FROM best
    ON CONFLICT (least(victim_id, candidate_victim_id), greatest(victim_id, candidate_victim_id))
    DO UPDATE SET reason = EXCLUDED.reason, score = EXCLUDED.score, updated_at = now(),
                  version = victim_duplicate_flags.version + 1
      WHERE victim_duplicate_flags.status = '${FlagStatus.Open}'
        AND (victim_duplicate_flags.reason, victim_duplicate_flags.score)
            IS DISTINCT FROM (EXCLUDED.reason, EXCLUDED.score)
    RETURNING id, victim_id, reason, score, xmax = 0 AS created
  ),
  checked AS (
    INSERT INTO victim_duplicate_checks (victim_id, checked_version)
    SELECT id, version FROM subject
    ON CONFLICT (victim_id) DO UPDATE
      SET checked_version = EXCLUDED.checked_version, checked_at = now()
  )
  SELECT f.id, f.victim_id, v.case_id, f.reason, f.score, f.created
  FROM flagged f JOIN victims v ON v.id = f.victim_id
  ORDER BY f.victim_id, f.id`;

/**
 * Possible duplicates of victims (`victim_duplicate_flags`) and the version of each victim last
 * checked (`victim_duplicate_checks`). A check reads victims across every agency, as the system:
 * what a caller is shown of the other victim is decided by DuplicateFlagsService.
 */
@Injectable()
export class DuplicateFlagsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Flags, in one statement, every victim that may be the same person as one of these: the same
   * NIK (keyed hash), or a similar name (person_name_score either way round at least
   * SIMILAR_NAME_THRESHOLD, candidates found through the trigram index) with the same year of
   * birth and the same regency or city of origin. Victims already linked as one person are not
   * flagged. A pair is flagged once: found again, an open flag takes the new reason and score; a
   * decided one is left as it was decided. Open flags of these victims that no longer match go.
   * Records each victim's version as checked. Gives the flags written.
   */
  async check(victimIds: string[], manager: EntityManager): Promise<CheckedFlag[]> {
    return manager.query<CheckedFlag[]>(DUPLICATE_CHECK_SQL, [victimIds, SIMILAR_NAME_THRESHOLD]);
  }

  /**
   * Victims written in the last two days (and not in the last minute, whose jobs are still
   * running) whose current version was never checked: their job was lost with a Redis that
   * restarted empty, or failed for good.
   */
  async uncheckedVictims(limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT v.id FROM victims v
       LEFT JOIN victim_duplicate_checks k ON k.victim_id = v.id
       WHERE v.updated_at > now() - ${SWEEP_WINDOW} AND v.updated_at < now() - interval '1 minute'
         AND (k.victim_id IS NULL OR k.checked_version < v.version)
       ORDER BY v.updated_at
       LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /** Every flag of this victim, either side, with the other victim and their case and agency. */
  flagsOf(victimId: string): Promise<FlagViewRow[]> {
    return this.dataSource.query<FlagViewRow[]>(
      `SELECT f.id, f.victim_id, f.candidate_victim_id, f.reason, f.score, f.status, f.decided_by,
              f.decided_by_agency_id, f.decided_at, f.comment, f.version, f.created_at,
              o.id AS other_victim_id, o.full_name AS other_full_name,
              o.nik_last4 AS other_nik_last4, o.date_of_birth::text AS other_date_of_birth,
              o.origin_region_code AS other_origin_region_code,
              c.id AS other_case_id, c.case_number AS other_case_number,
              a.id AS other_agency_id, a.name AS other_agency_name
       FROM victim_duplicate_flags f
       JOIN victims o ON o.id = CASE WHEN f.victim_id = $1 THEN f.candidate_victim_id
                                     ELSE f.victim_id END
       JOIN cases c ON c.id = o.case_id
       JOIN agencies a ON a.id = c.owning_agency_id
       WHERE f.victim_id = $1 OR f.candidate_victim_id = $1
       ORDER BY f.status = '${FlagStatus.Open}' DESC, f.score DESC, f.created_at, f.id`,
      [victimId],
    );
  }

  async findById(id: string, manager?: EntityManager): Promise<FlagRow | null> {
    const rows = await (manager ?? this.dataSource.manager).query<FlagRow[]>(
      `SELECT * FROM victim_duplicate_flags WHERE id = $1 ${manager ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Records the decision on an open flag; false when it was decided meanwhile. */
  async decide(
    id: string,
    decision: {
      status: FlagStatus.Linked | FlagStatus.Dismissed;
      decidedBy: string;
      decidedByAgencyId: string;
      comment: string | null;
    },
    manager: EntityManager,
  ): Promise<FlagRow | null> {
    const rows = await modifyReturning<FlagRow>(
      manager,
      `UPDATE victim_duplicate_flags
       SET status = $2, decided_by = $3, decided_by_agency_id = $4, decided_at = now(),
           comment = $5, version = version + 1, updated_at = now()
       WHERE id = $1 AND status = '${FlagStatus.Open}'
       RETURNING *`,
      [id, decision.status, decision.decidedBy, decision.decidedByAgencyId, decision.comment],
    );
    return rows[0] ?? null;
  }
}
