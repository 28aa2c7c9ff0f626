import { ArrayMaxSize, ArrayNotEmpty, IsEnum, IsIn, IsOptional, IsUUID } from 'class-validator';
import { ListQuery } from '../../../common/http/list-query';
import { IsCalendarDate } from '../../../common/validation/dates';

/** The breakdowns a summary can compute. */
export enum ReportGroup {
  /** Cases and victims by the province of the victims' origin. */
  OriginProvince = 'originProvince',
  /** Cases and victims by the regency or city of the victims' origin. */
  OriginRegency = 'originRegency',
  ExploitationCountry = 'exploitationCountry',
  IncidentType = 'incidentType',
  /** A case of several types counts under each. */
  ExploitationType = 'exploitationType',
  Status = 'status',
  /** The month the case was recorded (WIB). */
  Month = 'month',
  VictimSex = 'victimSex',
  /** Minor or adult at recruitment. */
  VictimAge = 'victimAge',
  /** Deceased victims who died abroad, by country of death. */
  DeathsAbroad = 'deathsAbroad',
  /** How receiving agencies answered the cases' referrals, per agency and service. */
  ReferralServiceLevels = 'referralServiceLevels',
}

/** Parameters of `GET /api/v1/reports/summary`. */
export class SummaryQueryDto {
  /**
   * First day (WIB) of the cases counted, by the day each case was recorded in Jejak. Recording
   * is the one date every case has, nobody edits and the case list filters and sorts by; the
   * incident date is often unknown and the reported date is typed in. Open when absent.
   */
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Last day (WIB) of the cases counted, included. Open when absent. */
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  /** The breakdowns to compute, `a,b` or repeated; all of them when absent. */
  @IsOptional()
  @ListQuery()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @IsEnum(ReportGroup, { each: true })
  groupBy?: ReportGroup[];

  /** Admins: one agency's cases. Staff count their own agency's only, whatever this says. */
  @IsOptional()
  @IsUUID()
  owningAgencyId?: string;
}

/** The language of a CSV's header and labels. */
export enum CsvLanguage {
  Indonesian = 'id',
  English = 'en',
}

/** Parameters of `GET /api/v1/reports/summary.csv`: the summary's, and the CSV's language. */
export class SummaryCsvQueryDto extends SummaryQueryDto {
  /** Header and labels in Bahasa Indonesia (default) or English. */
  @IsOptional()
  @IsIn(Object.values(CsvLanguage))
  lang: CsvLanguage = CsvLanguage.Indonesian;
}
