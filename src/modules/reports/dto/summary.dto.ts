import { ReportGroup } from './summary-query.dto';

/** One group of a breakdown: its code, its name for people, and what it counts. */
export class SummaryCountDto {
  /**
   * The value grouped by: a region or country code, an enumeration value, a month (`YYYY-MM`);
   * null where the cases do not record it.
   */
  code!: string | null;
  /** Its name in Bahasa Indonesia (countries: the reference list's English name). */
  labelId!: string;
  /** Its name in English. */
  labelEn!: string;
  /**
   * Cases in the group; null where the group counts victims only (sex, age at recruitment,
   * deaths abroad, and victims of no recorded origin).
   */
  cases!: number | null;
  /**
   * Victims in the group: of its cases for case breakdowns (status, country, types, month); by
   * their own origin for origins; the victims themselves for sex, age and deaths abroad.
   */
  victims!: number;
}

/** How one receiving agency answered the referrals of one service. */
export class ReferralServiceLevelDto {
  agencyId!: string;
  agencyName!: string;
  service!: string;
  serviceLabelId!: string;
  serviceLabelEn!: string;
  /** Referrals sent. */
  sent!: number;
  /** Referrals whose acknowledgement was due by now, or that were answered (cancelled ones not). */
  acknowledgementDue!: number;
  /** Answered (acknowledged, or declined with a reason). */
  acknowledged!: number;
  /** Answered by the acknowledgement deadline. */
  acknowledgedOnTime!: number;
  /** acknowledgedOnTime of acknowledgementDue, in percent (one decimal); null when none was due. */
  acknowledgedOnTimePercent!: number | null;
  /** Referrals whose completion was due by now, or that were completed. */
  completionDue!: number;
  completed!: number;
  /** Completed by the deadline. */
  completedOnTime!: number;
  /** completedOnTime of completionDue, in percent (one decimal); null when none was due. */
  completedOnTimePercent!: number | null;
  /** Median calendar days from sending to the first answer; null when none was answered. */
  medianDaysToAcknowledge!: number | null;
}

export class SummaryTotalsDto {
  cases!: number;
  victims!: number;
}

/**
 * The summary report: the caller's cases recorded between `from` and `to` (WIB days), counted by
 * each breakdown asked. Groups are ordered by cases, then victims, most first (months in calendar order). A breakdown not asked is absent.
 */
export class SummaryDto {
  from!: string | null;
  to!: string | null;
  /** The time zone of the days and months: Asia/Jakarta (WIB). */
  timeZone!: string;
  /** The date the range applies to: the day each case was recorded (`created`). */
  dateBasis!: string;
  /** The breakdowns computed. */
  groupBy!: ReportGroup[];
  totals!: SummaryTotalsDto;
  originProvince?: SummaryCountDto[];
  originRegency?: SummaryCountDto[];
  exploitationCountry?: SummaryCountDto[];
  incidentType?: SummaryCountDto[];
  exploitationType?: SummaryCountDto[];
  status?: SummaryCountDto[];
  /** Months in calendar order. */
  month?: SummaryCountDto[];
  victimSex?: SummaryCountDto[];
  victimAge?: SummaryCountDto[];
  deathsAbroad?: SummaryCountDto[];
  referralServiceLevels?: ReferralServiceLevelDto[];
}
