import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../../common/errors/app-error';
import { STAFF_TIME_ZONE } from '../../common/validation/dates';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { ReferralServiceLevelDto, SummaryCountDto, SummaryDto } from './dto/summary.dto';
import { ReportGroup, SummaryQueryDto } from './dto/summary-query.dto';
import {
  AGE_GROUP_LABELS,
  CASE_STATUS_LABELS,
  EXPLOITATION_TYPE_LABELS,
  GENDER_LABELS,
  INCIDENT_TYPE_LABELS,
  type Label,
  labelOf,
  monthLabel,
  NOT_RECORDED,
  REFERRAL_SERVICE_LABELS,
} from './report-labels';
import { type CountRow, ReportsRepository } from './reports.repository';

const ALL_GROUPS = Object.values(ReportGroup);

const ENUM_LABELS: Partial<Record<ReportGroup, Record<string, Label>>> = {
  [ReportGroup.IncidentType]: INCIDENT_TYPE_LABELS,
  [ReportGroup.ExploitationType]: EXPLOITATION_TYPE_LABELS,
  [ReportGroup.Status]: CASE_STATUS_LABELS,
  [ReportGroup.VictimSex]: GENDER_LABELS,
  [ReportGroup.VictimAge]: AGE_GROUP_LABELS,
};
const REGION_GROUPS = new Set([ReportGroup.OriginProvince, ReportGroup.OriginRegency]);
const COUNTRY_GROUPS = new Set([ReportGroup.ExploitationCountry, ReportGroup.DeathsAbroad]);

/** The summary report: counts of the caller's cases, as the case list scopes them. */
@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  async summary(actor: AuthenticatedUser, query: SummaryQueryDto): Promise<SummaryDto> {
    if (query.from && query.to && query.from > query.to)
      throw ValidationFailedError.forField('to', 'to must be the same day as from or later');
    const groups = ALL_GROUPS.filter((group) => !query.groupBy || query.groupBy.includes(group));
    // A liaison lists no case, so their report counts none: the case list's habit (an empty
    // page, not a refusal), and nothing of another agency's files shows through the numbers.
    const rows = await this.reports.summary(
      {
        scope: { agencyIds: CaseAccess.listableAgencies(actor), callerId: actor.id },
        from: query.from,
        to: query.to,
        owningAgencyId: query.owningAgencyId,
      },
      groups,
    );
    const names = await this.reports.names(
      rows.counts.filter((row) => REGION_GROUPS.has(row.group) && row.code).map((row) => row.code!),
      rows.counts
        .filter((row) => COUNTRY_GROUPS.has(row.group) && row.code)
        .map((row) => row.code!),
    );
    const summary: SummaryDto = Object.assign(new SummaryDto(), {
      from: query.from ?? null,
      to: query.to ?? null,
      timeZone: STAFF_TIME_ZONE,
      dateBasis: 'created',
      groupBy: groups,
      totals: rows.totals,
    });
    for (const group of groups) {
      if (group === ReportGroup.ReferralServiceLevels) continue;
      const counts = rows.counts
        .filter((row) => row.group === group)
        .map((row) => countDto(row, names))
        .sort(group === ReportGroup.Month ? byCode : byCasesThenCode);
      summary[group] = counts;
    }
    if (groups.includes(ReportGroup.ReferralServiceLevels))
      summary.referralServiceLevels = rows.serviceLevels.map((row) => {
        const label = labelOf(REFERRAL_SERVICE_LABELS, row.service);
        return Object.assign(new ReferralServiceLevelDto(), {
          agencyId: row.agency_id,
          agencyName: row.agency_name,
          service: row.service,
          serviceLabelId: label.id,
          serviceLabelEn: label.en,
          sent: row.sent,
          acknowledgementDue: row.acknowledgement_due,
          acknowledged: row.acknowledged,
          acknowledgedOnTime: row.acknowledged_on_time,
          acknowledgedOnTimePercent: percent(row.acknowledged_on_time, row.acknowledgement_due),
          completionDue: row.completion_due,
          completed: row.completed,
          completedOnTime: row.completed_on_time,
          completedOnTimePercent: percent(row.completed_on_time, row.completion_due),
          medianDaysToAcknowledge: row.median_days_to_acknowledge,
        });
      });
    return summary;
  }
}

function countDto(row: CountRow, names: Map<string, string>): SummaryCountDto {
  let label: Label;
  if (row.code === null) label = NOT_RECORDED;
  else if (row.group === ReportGroup.Month) label = monthLabel(row.code);
  else if (ENUM_LABELS[row.group]) label = labelOf(ENUM_LABELS[row.group]!, row.code);
  else {
    // Region names are Indonesian and countries' are the reference list's (English) in both.
    const name = names.get(row.code) ?? row.code;
    label = { id: name, en: name };
  }
  return Object.assign(new SummaryCountDto(), {
    code: row.code,
    labelId: label.id,
    labelEn: label.en,
    cases: row.cases,
    victims: row.victims,
  });
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
}

function byCode(a: SummaryCountDto, b: SummaryCountDto): number {
  return (a.code ?? '').localeCompare(b.code ?? '');
}

function byCasesThenCode(a: SummaryCountDto, b: SummaryCountDto): number {
  return (b.cases ?? 0) - (a.cases ?? 0) || b.victims - a.victims || byCode(a, b);
}
