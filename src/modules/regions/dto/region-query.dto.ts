import { IntegerQuery } from '../../../common/http/integer-query';
import { Trim } from '../../../common/validation/normalise';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ListQuery } from '../../../common/http/list-query';
import { PaginationQueryDto } from '../../../common/http/pagination.dto';
import { REGION_CODE_PATTERN } from '../../agencies/dto/agency-fields';

export class RegionQueryDto extends PaginationQueryDto {
  /** Part of a region name, e.g. "taman agung"; case and apostrophes are ignored. */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 100)
  q?: string;

  /** Only the children of this code, e.g. `18.01.06` for the villages of Kalianda. */
  @IsOptional()
  @Matches(REGION_CODE_PATTERN, {
    message: 'parent must be a Kemendagri code such as 18, 18.01 or 18.01.06',
  })
  parent?: string;

  /**
   * Exactly these regions (`a,b` or the parameter repeated, up to 100): the names and full paths
   * of the codes a screen shows, such as victims' origins.
   */
  @IsOptional()
  @ListQuery()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @Matches(REGION_CODE_PATTERN, {
    each: true,
    message: 'codes must be Kemendagri codes such as 18, 18.01 or 18.01.06',
  })
  codes?: string[];

  /** 1 province, 2 regency/city, 3 district, 4 village. */
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(4)
  level?: number;
}
