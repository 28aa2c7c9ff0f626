import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runPrepared, statementFor } from '../../database/prepared-statements';
import { PerpetratorRole, PerpetratorStatus } from './perpetrator.enums';

/**
 * A name this close (person_name_score, 0..1) to a record of the same regency is suggested:
 * every word typed nearly matches one of the record's ("Rohmat S." and "Rohmat Sugiarto" score
 * 1; "Rohmat Hidayat" 0.5 and is left out). Within one regency few records share a first name,
 * so the bar can sit higher than a search's.
 */
export const SUGGESTION_MIN_NAME_SCORE = 0.6;

/** Candidates by name looked at within a regency, at most (bounded cost, as a search's). */
const MAX_NAME_CANDIDATES = 500;

export interface SuggestionRow {
  id: string;
  full_name: string;
  aliases: string[];
  roles: PerpetratorRole[];
  status: PerpetratorStatus;
  home_region_code: string | null;
  recorded_by_agency_id: string;
  recorded_by_agency_name: string;
  phone_match: boolean;
  handle_match: boolean;
  name_score: number | null;
  visible: boolean;
}

/**
 * Register records that look like the recruiter being typed in: the same phone (keyed hash), the
 * same social handle (`social_handle_keys`, migration RecruiterSuggestions) or, within the home
 * regency, a close name or alias. Each through its own index. Records the caller may not see come
 * back only for a phone or handle, marked `visible = false`, for the service to reduce to the
 * agency that recorded them.
 */
@Injectable()
export class PerpetratorSuggestionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(
    typed: {
      phoneHashes: string[];
      socialHandles: string[];
      fullName: string | null;
      regencyCode: string | null;
    },
    agencyIds: string[] | undefined,
    limit: number,
  ): Promise<SuggestionRow[]> {
    // $1 phone hashes, $2 handles, $3 name, $4 regency, $5 the caller's agencies (null: all),
    // $6 limit.
    return runPrepared<SuggestionRow>(
      this.dataSource,
      statementFor(
        `WITH q AS MATERIALIZED (
           SELECT person_name_key($3::text) AS name_key,
                  social_handle_keys($2::text[]) AS handle_keys,
                  set_config('pg_trgm.similarity_threshold', '0.5', true) AS threshold),
         candidates AS (
           SELECT p.id FROM perpetrators p WHERE p.phone_hashes && $1::text[]
           UNION
           SELECT p.id FROM q, perpetrators p
           WHERE social_handle_keys(p.social_handles) && q.handle_keys
           UNION
           (SELECT p.id FROM q, perpetrators p
            WHERE $4::text IS NOT NULL
              AND (p.name_key % q.name_key OR q.name_key <% p.name_key
                   OR q.name_key <% p.aliases_key)
              AND (p.home_region_code = $4::text OR p.home_region_code LIKE $4::text || '.%')
            LIMIT ${MAX_NAME_CANDIDATES})),
         scored AS (
           SELECT p.id, p.full_name, p.aliases, p.roles, p.status, p.home_region_code,
                  p.recorded_by_agency_id, a.name AS recorded_by_agency_name,
                  p.phone_hashes && $1::text[] AS phone_match,
                  social_handle_keys(p.social_handles) && q.handle_keys AS handle_match,
                  CASE WHEN $4::text IS NOT NULL
                        AND (p.home_region_code = $4::text OR p.home_region_code LIKE $4::text || '.%')
                       THEN greatest(person_name_score(p.name_key, q.name_key), (
                              SELECT max(person_name_score(alias_key, q.name_key))
                              FROM unnest(string_to_array(p.aliases_key, ' | ')) AS alias_key))
                  END AS name_score,
                  -- The register's own rule (PerpetratorsRepository): linked to a case of one
                  -- of the caller's agencies; admins see every record.
                  ($5::uuid[] IS NULL OR EXISTS (
                     SELECT 1 FROM case_perpetrators vl JOIN cases vc ON vc.id = vl.case_id
                     WHERE vl.perpetrator_id = p.id AND vc.owning_agency_id = ANY ($5::uuid[])))
                    AS visible
           FROM q, candidates c
           JOIN perpetrators p ON p.id = c.id
           JOIN agencies a ON a.id = p.recorded_by_agency_id
           -- A merged record lives on in the one it went into, which is found by the same keys.
           WHERE p.merged_into_id IS NULL)
         SELECT * FROM scored s
         WHERE s.phone_match OR s.handle_match
            OR (s.visible AND s.name_score >= ${SUGGESTION_MIN_NAME_SCORE})
         ORDER BY s.visible DESC, (s.phone_match OR s.handle_match) DESC,
                  s.name_score DESC NULLS LAST, s.id
         LIMIT $6::int`,
      ),
      [
        typed.phoneHashes,
        typed.socialHandles,
        typed.fullName,
        typed.regencyCode,
        agencyIds ?? null,
        limit,
      ],
    );
  }
}
