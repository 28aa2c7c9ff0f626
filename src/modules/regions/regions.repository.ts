import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Country } from './country.entity';
import { Region, RegionLevel } from './region.entity';

export interface RegionSearch {
  searchName?: string;
  parentCode?: string;
  codes?: string[];
  level?: RegionLevel;
  limit: number;
  offset: number;
}

/** Codes found to exist, up to a bound (Kemendagri has ~90,000 villages; the busy ones fit). */
class KnownCodes {
  private readonly known = new Set<string>();

  constructor(private readonly capacity: number) {}

  async existing(
    codes: string[],
    lookUp: (unknown: string[]) => Promise<string[]>,
  ): Promise<Set<string>> {
    const found = new Set<string>();
    const unknown = new Set<string>();
    for (const code of codes) (this.known.has(code) ? found : unknown).add(code);
    if (unknown.size === 0) return found;
    for (const code of await lookUp([...unknown])) {
      found.add(code);
      if (this.known.size >= this.capacity) this.known.clear();
      this.known.add(code);
    }
    return found;
  }
}

@Injectable()
export class RegionsRepository {
  private readonly knownRegions = new KnownCodes(20_000);
  private readonly knownCountries = new KnownCodes(1_000);

  constructor(
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    @InjectRepository(Country) private readonly countries: Repository<Country>,
  ) {}

  findByCode(code: string): Promise<Region | null> {
    return this.regions.findOneBy({ code });
  }

  findCountry(alpha2: string): Promise<Country | null> {
    return this.countries.findOneBy({ alpha2 });
  }

  /**
   * Which of these codes exist: one query however many victims a request carries, and none for
   * codes already seen. Regions and countries are reference data that only migrations change, and
   * a code in use is never removed (rows refer to it), so a code once found stays valid.
   */
  async existingRegionCodes(codes: string[]): Promise<Set<string>> {
    return this.knownRegions.existing(codes, (unknown) =>
      this.regions
        .query<Array<{ code: string }>>('SELECT code FROM regions WHERE code = ANY($1)', [unknown])
        .then((rows) => rows.map((row) => row.code)),
    );
  }

  async existingCountryCodes(codes: string[]): Promise<Set<string>> {
    return this.knownCountries.existing(codes, (unknown) =>
      this.countries
        .query<Array<{ alpha2: string }>>('SELECT alpha2 FROM countries WHERE alpha2 = ANY($1)', [
          unknown,
        ])
        .then((rows) => rows.map((row) => row.alpha2)),
    );
  }

  listCountries(): Promise<Country[]> {
    return this.countries.find({ order: { name: 'ASC' } });
  }

  /**
   * Exact names first, then names starting with the text, then the rest; the trigram index serves
   * the substring match.
   */
  async search(search: RegionSearch): Promise<{ items: Region[]; total: number }> {
    const query = this.regions.createQueryBuilder('region');
    if (search.searchName) {
      query
        .andWhere('region.search_name LIKE :contains', {
          contains: `%${escapeLike(search.searchName)}%`,
        })
        .addOrderBy(
          `CASE WHEN region.search_name = :exact THEN 0 WHEN region.search_name LIKE :prefix THEN 1 ELSE 2 END`,
          'ASC',
        )
        .setParameters({ exact: search.searchName, prefix: `${escapeLike(search.searchName)}%` });
    }
    if (search.parentCode)
      query.andWhere('region.parent_code = :parentCode', { parentCode: search.parentCode });
    if (search.codes) query.andWhere('region.code IN (:...codes)', { codes: search.codes });
    if (search.level) query.andWhere('region.level = :level', { level: search.level });
    query.addOrderBy('region.level', 'ASC').addOrderBy('region.code', 'ASC');
    const [items, total] = await query.take(search.limit).skip(search.offset).getManyAndCount();
    return { items, total };
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
