import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsPastDate } from '../../../common/validation/dates';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { Trim } from '../../../common/validation/normalise';
import { COUNTRY_CODE_PATTERN } from '../../agencies/dto/agency-fields';
import { CasePerpetratorLinkDto } from '../../perpetrators/dto/perpetrator-input.dto';
import { VictimInputDto } from '../../victims/dto/victim-input.dto';
import {
  CasePriority,
  CaseSource,
  ExploitationType,
  IncidentType,
  MethodOfControl,
  RecruitmentMethod,
  RecruitmentPlatform,
} from '../case.enums';

/** The case's own fields, which can also be changed later. */
export class CaseFieldsDto {
  @Trim()
  @IsString()
  @Length(1, 300)
  title!: string;

  @IsOmittable()
  @IsString()
  @Length(0, 20000)
  summary?: string;

  @IsEnum(IncidentType)
  incidentType!: IncidentType;

  @ApiPropertyOptional({ enum: ExploitationType, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @IsEnum(ExploitationType, { each: true })
  exploitationTypes?: ExploitationType[];

  @ApiPropertyOptional({ enum: MethodOfControl, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @IsEnum(MethodOfControl, { each: true })
  methodsOfControl?: MethodOfControl[];

  @ApiPropertyOptional({ enum: RecruitmentMethod, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @IsEnum(RecruitmentMethod, { each: true })
  recruitmentMethods?: RecruitmentMethod[];

  @ApiPropertyOptional({ enum: RecruitmentPlatform, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @IsEnum(RecruitmentPlatform, { each: true })
  recruitmentPlatforms?: RecruitmentPlatform[];

  /** ISO 3166-1 alpha-2 country where the exploitation happened (KH for Cambodia). */
  @IsOmittable()
  @Matches(COUNTRY_CODE_PATTERN, {
    message: 'exploitationCountry must be an ISO 3166-1 alpha-2 code, e.g. KH',
  })
  exploitationCountry?: string | null;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 200)
  exploitationCity?: string | null;

  /** Countries passed through on the way, in order. */
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(COUNTRY_CODE_PATTERN, {
    each: true,
    message: 'each value in transitCountries must be an ISO 3166-1 alpha-2 code',
  })
  transitCountries?: string[];

  @IsOmittable()
  @IsPastDate()
  incidentDate?: string | null;

  /** Defaults to today (Asia/Jakarta). */
  @IsOmittable()
  @IsPastDate()
  reportedDate?: string;

  @IsEnum(CaseSource)
  source!: CaseSource;

  @IsOmittable()
  @IsUUID()
  assignedCaseworkerId?: string | null;

  @IsOmittable()
  @IsUUID()
  supervisorId?: string | null;

  /** Leave out to take the suggested priority; another value needs priorityOverrideReason. */
  @IsOmittable()
  @IsEnum(CasePriority)
  priority?: CasePriority;

  @IsOmittable()
  @Trim()
  @IsString()
  @Length(3, 1000)
  priorityOverrideReason?: string;

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/, {
    each: true,
    message: 'each tag must be 1-40 lower-case letters, digits, "-" or "_"',
  })
  tags?: string[];
}

export class CreateCaseDto extends CaseFieldsDto {
  /** Admins only: the agency that owns the case; others always create for their own agency. */
  @IsOmittable()
  @IsUUID()
  owningAgencyId?: string;

  /** The victims, with their families; one or hundreds (a rescue of 613 is one incident). */
  @ApiPropertyOptional({ type: [VictimInputDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => VictimInputDto)
  victims?: VictimInputDto[];

  @ApiPropertyOptional({ type: [CasePerpetratorLinkDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CasePerpetratorLinkDto)
  perpetrators?: CasePerpetratorLinkDto[];
}
