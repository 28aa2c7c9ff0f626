import { PERPETRATOR_SEARCH_LIMIT } from './dto/perpetrator-response.dto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CasePerpetrator } from './case-perpetrator.entity';
import { Perpetrator } from './perpetrator.entity';
import { RelationshipToVictim } from './perpetrator.enums';

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

@Injectable()
export class PerpetratorsRepository {
  constructor(
    @InjectRepository(Perpetrator) private readonly perpetrators: Repository<Perpetrator>,
  ) {}

  findById(id: string, manager?: EntityManager): Promise<Perpetrator | null> {
    return (manager?.getRepository(Perpetrator) ?? this.perpetrators).findOneBy({ id });
  }

  async findExistingIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.perpetrators.query<Array<{ id: string }>>(
      'SELECT id FROM perpetrators WHERE id = ANY($1)',
      [[...new Set(ids)]],
    );
    return new Set(rows.map((row) => row.id));
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

  /** By exact phone (keyed hash) or part of a name or alias; at most PERPETRATOR_SEARCH_LIMIT. */
  search(criteria: { phoneHash?: string; text?: string }): Promise<Perpetrator[]> {
    const query = this.perpetrators
      .createQueryBuilder('p')
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

  linkedToCase(caseId: string): Promise<LinkedPerpetratorRow[]> {
    return this.perpetrators.query<LinkedPerpetratorRow[]>(
      `SELECT p.id AS perpetrator_id, p.full_name, p.aliases, p.home_region_code,
              l.relationship_to_victims, l.role_in_case, l.linked_at
       FROM case_perpetrators l JOIN perpetrators p ON p.id = l.perpetrator_id
       WHERE l.case_id = $1 ORDER BY l.linked_at, p.id`,
      [caseId],
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
