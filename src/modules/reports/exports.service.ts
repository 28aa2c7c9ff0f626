import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ValidationFailedError } from '../../common/errors/app-error';
import { todayInJakarta } from '../../common/validation/dates';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import type { QueuePosition, QueueScope } from '../queues/case-queue-query';
import { ListCasesQueryDto } from '../queues/dto/list-cases-query.dto';
import { queuesFor } from '../queues/queue-definitions';
import { CaseExportRepository, type CaseExportRow } from './case-export.repository';
import { csvLine, UTF8_BOM } from './csv';
import { ExportCasesQueryDto } from './dto/export-cases-query.dto';
import { CsvLanguage, ReportGroup, SummaryCsvQueryDto } from './dto/summary-query.dto';
import type { SummaryDto } from './dto/summary.dto';
import {
  CASE_PRIORITY_LABELS,
  CASE_STATUS_LABELS,
  EXPLOITATION_TYPE_LABELS,
  INCIDENT_TYPE_LABELS,
  type Label,
  labelOf,
} from './report-labels';
import { ReportsService } from './reports.service';

/** Cases read per statement of an export. */
export const EXPORT_BATCH_SIZE = 500;

/** The audited entity of an export: the export itself, under an id of its own. */
export const EXPORT_ENTITY_TYPE = 'export';

export interface CsvDownload {
  filename: string;
  stream: Readable;
}

type CaseColumn = [Label, (row: CaseExportRow, lang: CsvLanguage) => string | number | null];

const CASE_COLUMNS: CaseColumn[] = [
  [{ id: 'Nomor kasus', en: 'Case number' }, (row) => row.case_number],
  [{ id: 'Judul', en: 'Title' }, (row) => row.title],
  [{ id: 'Status', en: 'Status' }, (row, lang) => labelOf(CASE_STATUS_LABELS, row.status)[lang]],
  [
    { id: 'Prioritas', en: 'Priority' },
    (row, lang) => labelOf(CASE_PRIORITY_LABELS, row.priority)[lang],
  ],
  [
    { id: 'Jenis kejadian', en: 'Incident type' },
    (row, lang) => labelOf(INCIDENT_TYPE_LABELS, row.incident_type)[lang],
  ],
  [
    { id: 'Jenis eksploitasi', en: 'Types of exploitation' },
    (row, lang) =>
      row.exploitation_types
        .map((type) => labelOf(EXPLOITATION_TYPE_LABELS, type)[lang])
        .join('; '),
  ],
  [
    { id: 'Negara eksploitasi', en: 'Country of exploitation' },
    (row) => row.country_name ?? row.exploitation_country,
  ],
  [{ id: 'Provinsi asal korban', en: "Victims' province of origin" }, (row) => row.provinces],
  [
    { id: 'Kabupaten/kota asal korban', en: "Victims' regency or city of origin" },
    (row) => row.regencies,
  ],
  [{ id: 'Jumlah korban', en: 'Victims' }, (row) => row.victim_count],
  [{ id: 'Nama korban', en: "Victims' names" }, (row) => row.victim_names],
  [{ id: 'Petugas kasus', en: 'Caseworker' }, (row) => row.assignee],
  [{ id: 'Tanggal laporan', en: 'Reported on' }, (row) => row.reported_date],
  [{ id: 'Dicatat (WIB)', en: 'Recorded (WIB)' }, (row) => row.created_at],
  [
    { id: 'Tenggat rujukan berikutnya (WIB)', en: 'Next referral deadline (WIB)' },
    (row) => row.next_due_at,
  ],
  [{ id: 'Rujukan lewat tenggat', en: 'Overdue referrals' }, (row) => row.overdue_referrals],
  [{ id: 'Aktivitas terakhir (WIB)', en: 'Last activity (WIB)' }, (row) => row.last_activity_at],
];

const COUNT_HEADER: Label[] = [
  { id: 'Rincian', en: 'Breakdown' },
  { id: 'Kode', en: 'Code' },
  { id: 'Nama', en: 'Name' },
  { id: 'Jumlah kasus', en: 'Cases' },
  { id: 'Jumlah korban', en: 'Victims' },
];

const GROUP_LABELS: Record<ReportGroup, Label> = {
  [ReportGroup.OriginProvince]: { id: 'Provinsi asal', en: 'Province of origin' },
  [ReportGroup.OriginRegency]: { id: 'Kabupaten/kota asal', en: 'Regency or city of origin' },
  [ReportGroup.ExploitationCountry]: { id: 'Negara eksploitasi', en: 'Country of exploitation' },
  [ReportGroup.IncidentType]: { id: 'Jenis kejadian', en: 'Incident type' },
  [ReportGroup.ExploitationType]: { id: 'Jenis eksploitasi', en: 'Type of exploitation' },
  [ReportGroup.Status]: { id: 'Status kasus', en: 'Case status' },
  [ReportGroup.Month]: { id: 'Bulan dicatat', en: 'Month recorded' },
  [ReportGroup.VictimSex]: { id: 'Jenis kelamin korban', en: "Victims' sex" },
  [ReportGroup.VictimAge]: { id: 'Usia korban saat direkrut', en: "Victims' age at recruitment" },
  [ReportGroup.DeathsAbroad]: { id: 'Meninggal di luar negeri', en: 'Deaths abroad' },
  [ReportGroup.ReferralServiceLevels]: {
    id: 'Tingkat layanan rujukan',
    en: 'Referral service levels',
  },
};

const SERVICE_LEVEL_HEADER: Label[] = [
  { id: 'Instansi penerima', en: 'Receiving agency' },
  { id: 'Layanan', en: 'Service' },
  { id: 'Rujukan dikirim', en: 'Referrals sent' },
  { id: 'Wajib ditanggapi', en: 'Acknowledgement due' },
  { id: 'Ditanggapi', en: 'Acknowledged' },
  { id: 'Ditanggapi tepat waktu', en: 'Acknowledged on time' },
  { id: 'Ditanggapi tepat waktu (%)', en: 'Acknowledged on time (%)' },
  { id: 'Wajib selesai', en: 'Completion due' },
  { id: 'Selesai', en: 'Completed' },
  { id: 'Selesai tepat waktu', en: 'Completed on time' },
  { id: 'Selesai tepat waktu (%)', en: 'Completed on time (%)' },
  { id: 'Median hari sampai ditanggapi', en: 'Median days to acknowledge' },
];

/**
 * CSV exports of the case list and of the summary report: only what the caller may list, labels
 * in the asked language, times in WIB, victims' names only for those who may see identities,
 * and an audit entry for each (filters and row count, never a row's content).
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    private readonly cases: CaseExportRepository,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
  ) {}

  /** Everything is checked before the first byte: a refusal is a whole 4xx, not a cut file. */
  async casesCsv(
    actor: AuthenticatedUser,
    query: ExportCasesQueryDto,
    batchSize = EXPORT_BATCH_SIZE,
  ): Promise<CsvDownload> {
    const list = Object.assign(new ListCasesQueryDto(), query);
    if (query.queue) {
      const queue = queuesFor(actor.role).find((candidate) => candidate.name === query.queue);
      if (!queue)
        throw ValidationFailedError.forField('queue', `queue ${query.queue} is not one of yours`);
      Object.assign(list, queue.filters);
    }
    const listable = CaseAccess.listableAgencies(actor);
    const scope: QueueScope = { agencyIds: listable, callerId: actor.id };
    // Names in full for the agencies whose identities the caller may reveal, initials elsewhere.
    const names = {
      agencyIds:
        listable === undefined && CaseAccess.canRevealIdentity(actor, { owningAgencyId: '' })
          ? undefined
          : (listable ?? []).filter((owningAgencyId) =>
              CaseAccess.canRevealIdentity(actor, { owningAgencyId }),
            ),
    };
    const lang = query.lang;
    const filters = auditedFilters(query);
    const audit = this.audit;
    const logger = this.logger;
    const repository = this.cases;
    // Written before the first row, and the download refused if it cannot be: a file of names
    // never leaves unrecorded, even if the process dies mid-stream. The entry at the end (same
    // entity id) says how many rows went out.
    const exportId = randomUUID();
    await audit.recordRead(actor, {
      action: 'cases.export_started',
      entityType: EXPORT_ENTITY_TYPE,
      entityId: exportId,
      agencyId: actor.agencyId,
      changes: { filters },
    });

    async function* lines(): AsyncGenerator<string> {
      let rows = 0;
      let complete = false;
      try {
        yield UTF8_BOM + csvLine(CASE_COLUMNS.map(([label]) => label[lang]));
        if (scope.agencyIds?.length !== 0) {
          let after: QueuePosition | undefined;
          for (;;) {
            const batch = await repository.batch(list, scope, after, names, batchSize);
            if (batch.length > 0)
              yield batch
                .map((row) => csvLine(CASE_COLUMNS.map(([, value]) => value(row, lang))))
                .join('');
            rows += batch.length;
            if (batch.length < batchSize) break;
            const keys = JSON.parse(batch[batch.length - 1].position) as string[];
            after = { sort: list.sort, keys: keys.slice(0, -1), id: keys[keys.length - 1] };
          }
        }
        complete = true;
      } finally {
        // Also when the download is dropped part way: the entry says how many rows went out.
        await audit
          .recordRead(actor, {
            action: 'cases.exported',
            entityType: EXPORT_ENTITY_TYPE,
            entityId: exportId,
            agencyId: actor.agencyId,
            changes: { filters, rows, complete },
          })
          .catch((error: unknown) => logger.error({ err: error }, 'case export audit failed'));
      }
    }
    return {
      filename: `${lang === CsvLanguage.Indonesian ? 'kasus' : 'cases'}-${todayInJakarta()}.csv`,
      // One batch waits at most: the next is read only once the client took the last.
      stream: Readable.from(lines(), { objectMode: true, highWaterMark: 1 }),
    };
  }

  /** The summary as CSV: its counts, then (when asked) the referral service levels. */
  async summaryCsv(actor: AuthenticatedUser, query: SummaryCsvQueryDto): Promise<CsvDownload> {
    const summary = await this.reports.summary(actor, query);
    const lang = query.lang;
    let text = UTF8_BOM + csvLine(COUNT_HEADER.map((label) => label[lang]));
    text += csvLine([
      lang === CsvLanguage.Indonesian ? 'Jumlah' : 'Total',
      null,
      null,
      summary.totals.cases,
      summary.totals.victims,
    ]);
    let rows = 1;
    for (const group of summary.groupBy) {
      if (group === ReportGroup.ReferralServiceLevels) continue;
      for (const count of summary[group] ?? []) {
        text += csvLine([
          GROUP_LABELS[group][lang],
          count.code,
          lang === CsvLanguage.Indonesian ? count.labelId : count.labelEn,
          count.cases,
          count.victims,
        ]);
        rows += 1;
      }
    }
    if (summary.referralServiceLevels) {
      // A second table after an empty line: its columns are not the counts'.
      text += '\r\n' + csvLine(SERVICE_LEVEL_HEADER.map((label) => label[lang]));
      for (const level of summary.referralServiceLevels) {
        text += csvLine([
          level.agencyName,
          lang === CsvLanguage.Indonesian ? level.serviceLabelId : level.serviceLabelEn,
          level.sent,
          level.acknowledgementDue,
          level.acknowledged,
          level.acknowledgedOnTime,
          level.acknowledgedOnTimePercent,
          level.completionDue,
          level.completed,
          level.completedOnTime,
          level.completedOnTimePercent,
          level.medianDaysToAcknowledge,
        ]);
        rows += 1;
      }
    }
    await this.audit.recordRead(actor, {
      action: 'report.exported',
      entityType: EXPORT_ENTITY_TYPE,
      entityId: randomUUID(),
      agencyId: actor.agencyId,
      changes: { report: 'summary', filters: auditedFilters(query), rows, complete: true },
    });
    return { filename: summaryFilename(summary, lang), stream: Readable.from([text]) };
  }
}

/**
 * The filters as asked, for the audit entry: they are codes, dates and ids. The free text `q`
 * may be a name typed to find a case, so the entry says only that there was one.
 */
function auditedFilters(query: object): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) filters[key] = key === 'q' ? '[redacted]' : value;
  return filters;
}

function summaryFilename(summary: SummaryDto, lang: CsvLanguage): string {
  const start = summary.from ?? (lang === CsvLanguage.Indonesian ? 'awal' : 'start');
  const range = [start, summary.to ?? todayInJakarta()].join('_');
  return `${lang === CsvLanguage.Indonesian ? 'ringkasan' : 'summary'}-${range}.csv`;
}
