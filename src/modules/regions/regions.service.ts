import { Injectable } from '@nestjs/common';
import { offsetPage } from '../../common/http/pagination.dto';
import { ValidationFailedError } from '../../common/errors/app-error';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { RegionQueryDto } from './dto/region-query.dto';
import {
  CountryResponseDto,
  RegionListResponseDto,
  RegionResponseDto,
} from './dto/region-response.dto';
import { toRegionSearchName } from './region-search-name';
import { RegionsRepository } from './regions.repository';

/** Reference data: every signed-in user may read it, whatever the role. */
@Injectable()
export class RegionsService {
  constructor(private readonly regions: RegionsRepository) {}

  async search(_actor: AuthenticatedUser, query: RegionQueryDto): Promise<RegionListResponseDto> {
    const searchName = query.q === undefined ? undefined : toRegionSearchName(query.q);
    if (searchName !== undefined && searchName.length < 2) {
      throw ValidationFailedError.forField('q', 'q must contain at least 2 letters or digits');
    }
    const rows = await this.regions.search({
      searchName,
      parentCode: query.parent,
      codes: query.codes,
      level: query.level,
      limit: query.limit,
      offset: query.offset,
    });
    return offsetPage(rows, query, (r) => RegionResponseDto.from(r));
  }

  async listCountries(_actor: AuthenticatedUser): Promise<CountryResponseDto[]> {
    return (await this.regions.listCountries()).map((c) => CountryResponseDto.from(c));
  }
}
