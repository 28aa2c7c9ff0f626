import { Trim } from '../../../common/validation/normalise';
import { IsBoolean, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { BooleanQuery } from '../../../common/http/boolean-query';
import { PaginationQueryDto } from '../../../common/http/pagination.dto';
import { AgencyLevel, AgencyType } from '../agency.enums';

export class ListAgenciesQueryDto extends PaginationQueryDto {
  /** Part of the name or short name. */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;

  @IsOptional()
  @IsEnum(AgencyType)
  type?: AgencyType;

  @IsOptional()
  @IsEnum(AgencyLevel)
  level?: AgencyLevel;

  /** Only active (true) or only inactive (false) agencies; both when omitted. */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  active?: boolean;
}
