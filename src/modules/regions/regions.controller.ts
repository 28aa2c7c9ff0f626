import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { RegionQueryDto } from './dto/region-query.dto';
import {
  CountryResponseDto,
  RegionListResponseDto,
  RegionResponseDto,
} from './dto/region-response.dto';
import { RegionsService } from './regions.service';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type ListPage, wholeList } from '../../common/http/pagination.dto';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller()
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  /** Indonesian regions (Kemendagri codes): search by name, list the children of a code, filter by level. */
  @ApiRoute('searchRegions', { list: RegionResponseDto })
  @Get('regions')
  search(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: RegionQueryDto,
  ): Promise<RegionListResponseDto> {
    return this.regions.search(actor, query);
  }

  /** ISO 3166-1 countries, by name. */
  @ApiRoute('listCountries', { list: CountryResponseDto })
  @Get('countries')
  countries(@CurrentUser() actor: AuthenticatedUser): Promise<ListPage<CountryResponseDto>> {
    return this.regions.listCountries(actor).then(wholeList);
  }
}
