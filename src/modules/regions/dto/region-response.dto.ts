import type { ListPage } from '../../../common/http/pagination.dto';
import { Country } from '../country.entity';
import { Region } from '../region.entity';

export class RegionResponseDto {
  /** Kemendagri code, e.g. `18.01.06.2027`. */
  code!: string;
  name!: string;
  /** 1 province, 2 regency/city, 3 district, 4 village. */
  level!: number;
  /** provinsi, kabupaten, kota, kecamatan, desa, desa_adat or kelurahan. */
  kind!: string;
  parentCode!: string | null;
  /** The region and its parents, nearest first: "Taman Agung, Kalianda, Kabupaten Lampung Selatan, Lampung". */
  fullPath!: string;

  static from(region: Region): RegionResponseDto {
    return Object.assign(new RegionResponseDto(), {
      code: region.code,
      name: region.name,
      level: region.level,
      kind: region.kind,
      parentCode: region.parentCode,
      fullPath: region.fullPath,
    });
  }
}

export type RegionListResponseDto = ListPage<RegionResponseDto>;

export class CountryResponseDto {
  /** ISO 3166-1 alpha-2. */
  code!: string;
  alpha3!: string;
  numericCode!: string;
  name!: string;
  officialName!: string;
  region!: string;
  subRegion!: string;

  static from(country: Country): CountryResponseDto {
    return Object.assign(new CountryResponseDto(), {
      code: country.alpha2,
      alpha3: country.alpha3,
      numericCode: country.numericCode,
      name: country.name,
      officialName: country.officialName,
      region: country.region,
      subRegion: country.subRegion,
    });
  }
}
