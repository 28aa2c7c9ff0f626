import { VICTIM_SEARCH_LIMIT } from './dto/update-victim.dto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { entityHydrator, insertReturning } from '../../database/hydrate';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { VersionConflictError } from '../../common/errors/app-error';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { translateFamilyWriteError } from '../families/families.errors';
import { FamilyMember } from '../families/family-member.entity';
import { Victim } from './victim.entity';
import { VictimNotFoundError } from './victims.errors';

const INSERT_CHUNK = 500;

@Injectable()
export class VictimsRepository {
  private readonly hydrateVictim: (row: Record<string, unknown>) => Victim;
  private readonly hydrateMember: (row: Record<string, unknown>) => FamilyMember;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @InjectRepository(Victim) private readonly victims: Repository<Victim>,
    @InjectRepository(FamilyMember) private readonly families: Repository<FamilyMember>,
  ) {
    this.hydrateVictim = entityHydrator(dataSource, Victim);
    this.hydrateMember = entityHydrator(dataSource, FamilyMember);
  }

  /** Inserts in chunks (a rescue can bring hundreds) and returns the rows with their ids. */
  async insertMany(rows: Array<Partial<Victim>>, manager: EntityManager): Promise<Victim[]> {
    const saved: Victim[] = [];
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK) as Array<
        QueryDeepPartialEntity<Victim>
      >;
      saved.push(...(await insertReturning(manager, Victim, chunk, this.hydrateVictim)));
    }
    return saved;
  }

  async insertFamilyMembers(
    rows: Array<Partial<FamilyMember>>,
    manager: EntityManager,
  ): Promise<FamilyMember[]> {
    const saved: FamilyMember[] = [];
    try {
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        const chunk = rows.slice(start, start + INSERT_CHUNK) as Array<
          QueryDeepPartialEntity<FamilyMember>
        >;
        saved.push(...(await insertReturning(manager, FamilyMember, chunk, this.hydrateMember)));
      }
    } catch (error) {
      throw translateFamilyWriteError(error);
    }
    return saved;
  }

  /**
   * Serialises changes to one victim's family, so that naming a primary contact and releasing the
   * previous one cannot interleave with another request doing the same. Reads are not blocked.
   */
  async lockFamilyOf(victimId: string, manager: EntityManager): Promise<void> {
    await manager.query('SELECT 1 FROM victims WHERE id = $1 FOR NO KEY UPDATE', [victimId]);
  }

  findById(id: string, manager?: EntityManager): Promise<Victim | null> {
    return (manager?.getRepository(Victim) ?? this.victims).findOneBy({ id });
  }

  findByCase(caseId: string, limit: number, offset: number): Promise<Victim[]> {
    return this.victims.find({
      where: { caseId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  /** What the priority rule needs about every victim of a case. */
  prioritySignals(
    caseId: string,
    manager: EntityManager,
  ): Promise<Array<Pick<Victim, 'currentSituation' | 'minorAtRecruitment'>>> {
    return manager
      .getRepository(Victim)
      .find({ where: { caseId }, select: { currentSituation: true, minorAtRecruitment: true } });
  }

  findFamilyMember(id: string): Promise<FamilyMember | null> {
    return this.families.findOneBy({ id });
  }

  familyOf(victimIds: string[]): Promise<FamilyMember[]> {
    if (victimIds.length === 0) return Promise.resolve([]);
    return this.families.find({
      where: { victimId: In(victimIds) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async update(
    id: string,
    expectedVersion: number,
    changes: QueryDeepPartialEntity<Victim>,
    manager: EntityManager,
  ): Promise<Victim> {
    const result = await updateIfVersionMatches(
      manager.getRepository(Victim),
      id,
      expectedVersion,
      changes,
    );
    if (result.outcome === 'not_found') throw new VictimNotFoundError();
    if (result.outcome === 'stale') throw new VersionConflictError('victim', result.currentVersion);
    return result.row;
  }

  /**
   * Victims whose NIK or phone has this keyed hash, in cases of these agencies (every agency when
   * agencyIds is undefined), oldest record first; at most VICTIM_SEARCH_LIMIT.
   */
  findByIdentifierHash(criteria: {
    nikHash?: string;
    phoneHash?: string;
    agencyIds: string[] | undefined;
  }): Promise<Victim[]> {
    const query = this.victims
      .createQueryBuilder('v')
      .orderBy('v.created_at', 'ASC')
      .addOrderBy('v.id')
      .limit(VICTIM_SEARCH_LIMIT);
    if (criteria.agencyIds)
      query.andWhere(
        'v.case_id IN (SELECT c.id FROM cases c WHERE c.owning_agency_id = ANY(:agencyIds))',
        { agencyIds: criteria.agencyIds },
      );
    if (criteria.nikHash) query.andWhere('v.nik_hash = :nikHash', { nikHash: criteria.nikHash });
    if (criteria.phoneHash)
      query.andWhere('v.phone_hash = :phoneHash', { phoneHash: criteria.phoneHash });
    return query.getMany();
  }
}
