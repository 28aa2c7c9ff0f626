import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { toRegionSearchName } from '../src/modules/regions/region-search-name';

// `nest build` copies migrations/data next to the compiled migrations, so this works from both.
const DATA_DIR = path.join(__dirname, 'data');

const LEVEL_BY_SOURCE_LEVEL: Record<string, number> = {
  provinsi: 1,
  kabupaten_kota: 2,
  kecamatan: 3,
  desa_kelurahan: 4,
};

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  kind: string;
  parentCode: string | null;
  fullPath: string;
  searchName: string;
}

export interface CountryRow {
  alpha2: string;
  alpha3: string;
  numericCode: string;
  name: string;
  officialName: string;
  region: string;
  subRegion: string;
}

interface SourceRegion {
  kode: string;
  nama: string;
  level: string;
  parent_kode: string;
  jenis: string;
}

export function readRegions(): RegionRow[] {
  const records = parse<SourceRegion>(
    gunzipSync(readFileSync(path.join(DATA_DIR, 'wilayah.csv.gz'))),
    {
      columns: true,
      skip_empty_lines: true,
    },
  );

  const byCode = new Map<string, RegionRow>();
  for (const record of records) {
    const level = LEVEL_BY_SOURCE_LEVEL[record.level];
    if (level === undefined)
      throw new Error(`Unknown region level "${record.level}" for ${record.kode}`);
    const name = record.nama.replace(/\s+/g, ' ').trim();
    byCode.set(record.kode, {
      code: record.kode,
      name,
      level,
      kind: record.jenis,
      parentCode: record.parent_kode === '' ? null : record.parent_kode,
      fullPath: '',
      searchName: toRegionSearchName(name),
    });
  }
  for (const region of byCode.values()) {
    const names: string[] = [];
    for (let current: RegionRow | undefined = region; current;) {
      names.push(current.name);
      current = current.parentCode === null ? undefined : byCode.get(current.parentCode);
    }
    region.fullPath = names.join(', ');
  }
  // Parents first, so the foreign key holds row by row.
  return [...byCode.values()].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
}

export function readCountries(): CountryRow[] {
  const records = parse<Record<string, string>>(
    readFileSync(path.join(DATA_DIR, 'countries.csv')),
    {
      columns: true,
      skip_empty_lines: true,
      cast: false,
    },
  );
  return records.map((record) => ({
    alpha2: record.alpha2,
    alpha3: record.alpha3,
    numericCode: record.numeric,
    name: record.name,
    officialName: record.official_name || record.name,
    region: record.region,
    subRegion: record.sub_region,
  }));
}
