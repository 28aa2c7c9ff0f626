import { PERPETRATOR_SEARCH_LIMIT } from './dto/perpetrator-response.dto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CasePerpetrator } from './case-perpetrator.entity';
import { Perpetrator } from './perpetrator.entity';
import { PerpetratorRole, PerpetratorStatus, RelationshipToVictim } from './perpetrator.enums';
import { CasePriority, CaseStatus } from '../cases/case.enums';

export interface LinkedPerpetratorRow {
  perpetrator_id: string;
  full_name: string;
  aliases: string[];
  home_region_code: string | null;
  relationship_to_victims: RelationshipToVictim | null;
  role_in_case: string | null;
  linked_at: Date;
}

export interface LinkedCaseRow {
  case_id: string;
  case_number: string;
  owning_agency_id: string;
  title: string;
  status: string;
  linked_at: Date;
}

export interface PerpetratorMergeRow {
  id: string;
  survivor_id: string;
  duplicate_id: string;
  survivor_agency_id: string;
  duplicate_agency_id: string;
  moved_case_ids: string[];
}

export interface NetworkPerpetratorRow {
  id: string;
  full_name: string;
  aliases: string[];
  roles: PerpetratorRole[];
  status: PerpetratorStatus;
  home_region_code: string | null;
  hops: number;
  visible: boolean;
}

export interface NetworkCaseRow {
  id: string;
  case_number: string;
  title: string;
  status: CaseStatus;
  priority: CasePriority;
  victim_count: number;
  exploitation_country: string | null;
  origin_region_codes: string[];
  visible: boolean;
  perpetrator_ids: string[];
}

/**
 * SQL: the perpetrator `alias` is linked to a case of one of the agencies in `agencies` (a uuid[]
 * parameter); a NULL array means every perpetrator (admins).
 */
const VISIBLE_TO_AGENCIES = (alias: string, agencies: string): string =>
  `(CAST(${agencies} AS uuid[]) IS NULL OR EXISTS (
     SELECT 1 FROM case_perpetrators vl JOIN cases vc ON vc.id = vl.case_id
     WHERE vl.perpetrator_id = ${alias}.id AND vc.owning_agency_id = ANY(CAST(${agencies} AS uuid[]))))`;

@Injectable()
export class PerpetratorsRepository {
  constructor(
    @InjectRepository(Perpetrator) private readonly perpetrators: Repository<Perpetrator>,
  ) {}

  findById(id: string, manager?: EntityManager): Promise<Perpetrator | null> {
    return (manager?.getRepository(Perpetrator) ?? this.perpetrators).findOneBy({ id });
  }

  /**
   * The ids among these that the caller may see: every one when agencyIds is undefined (admins),
   * else those linked to a case of one of these agencies.
   */
  async findVisibleIds(ids: string[], agencyIds: string[] | undefined): Promise<Set<string>> {
    return new Set((await this.findVisibleSummaries(ids, agencyIds)).keys());
  }

  /** What a case shows of each of these perpetrators the caller may see, by id. */
  async findVisibleSummaries(
    ids: string[],
    agencyIds: string[] | undefined,
  ): Promise<
    Map<
      string,
      Omit<LinkedPerpetratorRow, 'relationship_to_victims' | 'role_in_case' | 'linked_at'>
    >
  > {
    if (ids.length === 0) return new Map();
    const rows = await this.perpetrators.query<
      Array<
        Pick<LinkedPerpetratorRow, 'perpetrator_id' | 'full_name' | 'aliases' | 'home_region_code'>
      >
    >(
      `SELECT p.id AS perpetrator_id, p.full_name, p.aliases, p.home_region_code
       FROM perpetrators p
       WHERE p.id = ANY($1) AND p.merged_into_id IS NULL AND ${VISIBLE_TO_AGENCIES('p', '$2')}`,
      [[...new Set(ids)], agencyIds ?? null],
    );
    return new Map(rows.map((row) => [row.perpetrator_id, row]));
  }

  insert(fields: Partial<Perpetrator>, manager: EntityManager): Promise<Perpetrator> {
    const repository = manager.getRepository(Perpetrator);
    return repository.save(repository.create(fields));
  }

  /** Links a perpetrator to a case; false when it was already linked. */
  async link(
    link: {
      caseId: string;
      perpetratorId: string;
      relationshipToVictims: RelationshipToVictim | null;
      roleInCase: string | null;
      linkedBy: string;
    },
    manager: EntityManager,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(CasePerpetrator)
      .values(link)
      .orIgnore()
      .returning(['case_id'])
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  /**
   * By exact phone (keyed hash) or part of a name or alias, among the perpetrators the caller may
   * see (agencyIds as for findVisibleIds); at most PERPETRATOR_SEARCH_LIMIT.
   */
  search(criteria: {
    phoneHash?: string;
    text?: string;
    agencyIds: string[] | undefined;
  }): Promise<Perpetrator[]> {
    const query = this.perpetrators
      .createQueryBuilder('p')
      .where(VISIBLE_TO_AGENCIES('p', ':agencyIds'), { agencyIds: criteria.agencyIds ?? null })
      .andWhere('p.merged_into_id IS NULL')
      .orderBy('p.full_name')
      .addOrderBy('p.id')
      .limit(PERPETRATOR_SEARCH_LIMIT);
    if (criteria.phoneHash)
      query.andWhere('p.phone_hashes @> ARRAY[:hash]::text[]', { hash: criteria.phoneHash });
    if (criteria.text) {
      const pattern = `%${criteria.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere(
        `(p.full_name ILIKE :pattern OR array_to_string(p.aliases, ' ') ILIKE :pattern)`,
        { pattern },
      );
    }
    return query.getMany();
  }

  /** The cases a perpetrator is linked to, read inside the transaction that changes it. */
  async linkedCaseOwners(
    perpetratorId: string,
    manager: EntityManager,
  ): Promise<Array<{ caseId: string; owningAgencyId: string }>> {
    const rows = await manager.query<Array<{ case_id: string; owning_agency_id: string }>>(
      `SELECT cp.case_id, c.owning_agency_id
       FROM case_perpetrators cp JOIN cases c ON c.id = cp.case_id
       WHERE cp.perpetrator_id = $1 ORDER BY cp.linked_at, cp.case_id`,
      [perpetratorId],
    );
    return rows.map((row) => ({ caseId: row.case_id, owningAgencyId: row.owning_agency_id }));
  }

  /** Locks both records, in id order so that two merges of the same pair cannot deadlock. */
  async lockPair(ids: [string, string], manager: EntityManager): Promise<Map<string, Perpetrator>> {
    const rows = await manager
      .getRepository(Perpetrator)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids })
      .orderBy('p.id')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((row) => [row.id, row]));
  }

  async hasPendingProposals(perpetratorId: string, manager: EntityManager): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM perpetrator_change_proposals
       WHERE perpetrator_id = $1 AND status = 'pending' LIMIT 1`,
      [perpetratorId],
    );
    return rows.length > 0;
  }

  /**
   * Moves the duplicate's case links to the record that stays (a case linked to both keeps the
   * link it had to the survivor) and gives the ids of the cases the duplicate was linked to.
   */
  async moveLinks(
    duplicateId: string,
    survivorId: string,
    manager: EntityManager,
  ): Promise<string[]> {
    const moved = await manager.query<Array<{ case_id: string }>>(
      `WITH gone AS (DELETE FROM case_perpetrators WHERE perpetrator_id = $1 RETURNING *),
            kept AS (
              INSERT INTO case_perpetrators
                (case_id, perpetrator_id, relationship_to_victims, role_in_case, linked_by, linked_at)
              SELECT case_id, $2, relationship_to_victims, role_in_case, linked_by, linked_at FROM gone
              ON CONFLICT (case_id, perpetrator_id) DO NOTHING)
       SELECT case_id FROM gone ORDER BY case_id`,
      [duplicateId, survivorId],
    );
    return moved.map((row) => row.case_id);
  }

  /**
   * Marks the duplicate merged into the survivor, and the records merged into the duplicate
   * before as well: every merged record names the one that lives on, so that it is found from
   * any of them in one step (their merge history keeps each step).
   */
  async markMerged(duplicateId: string, survivorId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE perpetrators
       SET merged_into_id = $2,
           merged_at = CASE WHEN id = $1 THEN now() ELSE merged_at END,
           version = version + 1, updated_at = now()
       WHERE id = $1 OR merged_into_id = $1`,
      [duplicateId, survivorId],
    );
  }

  async recordMerge(
    merge: {
      survivorId: string;
      duplicateId: string;
      survivorAgencyId: string;
      duplicateAgencyId: string;
      movedCaseIds: string[];
      mergedBy: string;
    },
    manager: EntityManager,
  ): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO perpetrator_merges (survivor_id, duplicate_id, survivor_agency_id,
                                       duplicate_agency_id, moved_case_ids, merged_by)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6) RETURNING id`,
      [
        merge.survivorId,
        merge.duplicateId,
        merge.survivorAgencyId,
        merge.duplicateAgencyId,
        merge.movedCaseIds,
        merge.mergedBy,
      ],
    );
    return row.id;
  }

  async findMerge(id: string): Promise<PerpetratorMergeRow | null> {
    const rows = await this.perpetrators.query<PerpetratorMergeRow[]>(
      `SELECT id, survivor_id, duplicate_id, survivor_agency_id, duplicate_agency_id,
              moved_case_ids
       FROM perpetrator_merges WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Locks the perpetrator's row, so its changes and their audit entries come one at a time. */
  lockForUpdate(id: string, manager: EntityManager): Promise<Perpetrator | null> {
    return manager
      .getRepository(Perpetrator)
      .createQueryBuilder('p')
      .where('p.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  linkedToCase(caseId: string): Promise<LinkedPerpetratorRow[]> {
    return this.perpetrators.query<LinkedPerpetratorRow[]>(
      `SELECT p.id AS perpetrator_id, p.full_name, p.aliases, p.home_region_code,
              l.relationship_to_victims, l.role_in_case, l.linked_at
       FROM case_perpetrators l JOIN perpetrators p ON p.id = l.perpetrator_id
       WHERE l.case_id = $1 ORDER BY l.linked_at, p.id`,
      [caseId],
    );
  }

  /**
   * The perpetrators within `depth` hops of this one through shared cases (one hop: a case both
   * are linked to), nearest first, at most `limit`; and, for the caller, which of them they may
   * see. The walk uses the link table's two indexes.
   */
  async networkPerpetrators(
    rootId: string,
    depth: number,
    limit: number,
    agencyIds: string[] | undefined,
  ): Promise<NetworkPerpetratorRow[]> {
    // Hop by hop, each perpetrator once, at most `limit` in all: a hub recruiter linked to
    // hundreds of cases costs one bounded step per hop, never the whole reachable graph.
    const hops = new Map<string, number>([[rootId, 0]]);
    let frontier = [rootId];
    for (let hop = 1; hop <= depth && frontier.length > 0 && hops.size < limit; hop += 1) {
      const rows = await this.perpetrators.query<Array<{ perpetrator_id: string }>>(
        `SELECT DISTINCT other.perpetrator_id
         FROM case_perpetrators mine
         JOIN case_perpetrators other ON other.case_id = mine.case_id
         WHERE mine.perpetrator_id = ANY($1::uuid[]) AND NOT other.perpetrator_id = ANY($2::uuid[])
         ORDER BY other.perpetrator_id
         LIMIT $3::int`,
        [frontier, [...hops.keys()], limit - hops.size],
      );
      frontier = rows.map((row) => row.perpetrator_id);
      for (const id of frontier) hops.set(id, hop);
    }
    const rows = await this.perpetrators.query<Array<Omit<NetworkPerpetratorRow, 'hops'>>>(
      `SELECT p.id, p.full_name, p.aliases, p.roles, p.status, p.home_region_code,
              ${VISIBLE_TO_AGENCIES('p', '$2')} AS visible
       FROM perpetrators p WHERE p.id = ANY($1::uuid[])`,
      [[...hops.keys()], agencyIds ?? null],
    );
    return rows
      .map((row) => ({ ...row, hops: hops.get(row.id)! }))
      .sort(
        (a, b) =>
          a.hops - b.hops ||
          (a.full_name < b.full_name ? -1 : a.full_name > b.full_name ? 1 : 0) ||
          (a.id < b.id ? -1 : 1),
      );
  }

  /**
   * The cases linked to any of the `walked` perpetrators, newest first, at most `limit`, each with
   * the perpetrators of the network (`members`) linked to it and whether the caller may read it.
   */
  networkCases(
    walked: string[],
    members: string[],
    limit: number,
    agencyIds: string[] | undefined,
  ): Promise<NetworkCaseRow[]> {
    return this.perpetrators.query<NetworkCaseRow[]>(
      `SELECT c.id, c.case_number, c.title, c.status, c.priority, c.victim_count,
              c.exploitation_country, c.origin_region_codes,
              (CAST($4 AS uuid[]) IS NULL OR c.owning_agency_id = ANY(CAST($4 AS uuid[]))) AS visible,
              ARRAY(SELECT m.perpetrator_id FROM case_perpetrators m
                    WHERE m.case_id = c.id AND m.perpetrator_id = ANY($2::uuid[])
                    ORDER BY m.perpetrator_id) AS perpetrator_ids
       FROM (SELECT DISTINCT case_id FROM case_perpetrators
             WHERE perpetrator_id = ANY($1::uuid[])) w
       JOIN cases c ON c.id = w.case_id
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT $3::int`,
      [walked, members, limit, agencyIds ?? null],
    );
  }

  linkedCases(perpetratorId: string): Promise<LinkedCaseRow[]> {
    return this.perpetrators.query<LinkedCaseRow[]>(
      `SELECT c.id AS case_id, c.case_number, c.owning_agency_id, c.title, c.status, l.linked_at
       FROM case_perpetrators l JOIN cases c ON c.id = l.case_id
       WHERE l.perpetrator_id = $1 ORDER BY l.linked_at, c.id`,
      [perpetratorId],
    );
  }
}
