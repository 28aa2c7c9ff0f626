import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { VersionConflictError } from '../../common/errors/app-error';
import {
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  postgresErrorCode,
} from '../../database/postgres-errors';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { Agency } from './agency.entity';
import { AgencyLevel, AgencyType } from './agency.enums';
import {
  AgencyInUseError,
  AgencyNotFoundError,
  AgencyShortNameTakenError,
} from './agencies.errors';

export type AgencyFields = Omit<
  Agency,
  'id' | 'version' | 'createdAt' | 'updatedAt' | 'webhookSecretVersion' | 'webhookSecretLegacy'
>;

export interface AgencyListFilter {
  text?: string;
  type?: AgencyType;
  level?: AgencyLevel;
  active?: boolean;
  limit: number;
  offset: number;
}

const RECENT_AGENCY_MS = 10_000;
const RECENT_AGENCIES = 1_000;

@Injectable()
export class AgenciesRepository {
  /** Agencies change a few times a year and every case created reads one. */
  private readonly recent = new Map<string, { agency: Agency; until: number }>();

  constructor(@InjectRepository(Agency) private readonly agencies: Repository<Agency>) {}

  findById(id: string): Promise<Agency | null> {
    return this.agencies.findOneBy({ id });
  }

  /**
   * The agency as read at most RECENT_AGENCY_MS ago (at once after a change made by this process),
   * for what may lag a few seconds behind an edit made elsewhere: the prefix of a case number.
   */
  async findRecent(id: string): Promise<Agency | null> {
    const now = Date.now();
    const hit = this.recent.get(id);
    if (hit && hit.until > now) return hit.agency;
    const agency = await this.findById(id);
    if (agency) {
      if (this.recent.size >= RECENT_AGENCIES) this.recent.clear();
      this.recent.set(id, { agency, until: now + RECENT_AGENCY_MS });
    }
    return agency;
  }

  findByShortName(shortName: string): Promise<Agency | null> {
    return this.agencies
      .createQueryBuilder('agency')
      .where('lower(agency.short_name) = lower(:shortName)', { shortName })
      .getOne();
  }

  async list(filter: AgencyListFilter): Promise<{ items: Agency[]; total: number }> {
    const query = this.agencies
      .createQueryBuilder('agency')
      .orderBy('agency.shortName', 'ASC')
      .addOrderBy('agency.id');
    if (filter.text) {
      query.andWhere(`(agency.name ILIKE :text OR agency.short_name ILIKE :text)`, {
        text: `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    if (filter.type) query.andWhere('agency.type = :type', { type: filter.type });
    if (filter.level) query.andWhere('agency.level = :level', { level: filter.level });
    if (filter.active !== undefined)
      query.andWhere('agency.active = :active', { active: filter.active });
    const [items, total] = await query.take(filter.limit).skip(filter.offset).getManyAndCount();
    return { items, total };
  }

  async create(fields: AgencyFields, manager?: EntityManager): Promise<Agency> {
    this.recent.clear();
    const repository = this.repo(manager);
    try {
      return await repository.save(repository.create(fields));
    } catch (error) {
      throw translateWriteError(error);
    }
  }

  async update(
    id: string,
    expectedVersion: number,
    changes: Partial<AgencyFields>,
    manager?: EntityManager,
  ): Promise<Agency> {
    let result;
    try {
      result = await updateIfVersionMatches(this.repo(manager), id, expectedVersion, changes);
    } catch (error) {
      throw translateWriteError(error);
    } finally {
      this.recent.delete(id);
    }
    if (result.outcome === 'not_found') throw new AgencyNotFoundError();
    if (result.outcome === 'stale') throw new VersionConflictError('agency', result.currentVersion);
    return result.row;
  }

  async delete(id: string, manager?: EntityManager): Promise<void> {
    this.recent.delete(id);
    try {
      const result = await this.repo(manager).delete({ id });
      if (result.affected === 0) throw new AgencyNotFoundError();
    } catch (error) {
      if (postgresErrorCode(error) === PG_FOREIGN_KEY_VIOLATION) throw new AgencyInUseError();
      throw error;
    }
  }

  private repo(manager?: EntityManager): Repository<Agency> {
    return manager?.getRepository(Agency) ?? this.agencies;
  }
}

function translateWriteError(error: unknown): unknown {
  return postgresErrorCode(error) === PG_UNIQUE_VIOLATION ? new AgencyShortNameTakenError() : error;
}
