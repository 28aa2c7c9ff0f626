import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { ExportCasesQueryDto } from './dto/export-cases-query.dto';
import { SummaryDto } from './dto/summary.dto';
import { SummaryCsvQueryDto, SummaryQueryDto } from './dto/summary-query.dto';
import { type CsvDownload, ExportsService } from './exports.service';
import { ReportsService } from './reports.service';

const CSV_RESPONSE = {
  description:
    'CSV (UTF-8 with a byte order mark, comma-separated, CRLF), as an attachment. Cells that a ' +
    'spreadsheet would run as a formula start with an apostrophe.',
  schema: { type: 'string' as const },
};

function download(file: CsvDownload): StreamableFile {
  return new StreamableFile(file.stream, {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${file.filename}"`,
  });
}

/** Reports over the caller's cases. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly exports: ExportsService,
  ) {}

  /**
   * Counts of the caller's cases recorded between `from` and `to` (WIB days, both included): by
   * origin province and regency, country of exploitation, incident and exploitation type, status,
   * month, victims by sex and age at recruitment, deaths abroad, and how receiving agencies
   * answered the cases' referrals. Staff count their agency's cases, admins all (or one agency),
   * liaisons none.
   */
  @ApiRoute('getSummaryReport')
  @Get('summary')
  summary(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: SummaryQueryDto,
  ): Promise<SummaryDto> {
    return this.reports.summary(actor, query);
  }

  /**
   * The summary report as CSV: one table of counts (breakdown, code, name, cases, victims), then,
   * after an empty line, the referral service levels. Audited.
   */
  @ApiRoute('exportSummaryReport')
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_RESPONSE)
  @Get('summary.csv')
  async summaryCsv(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: SummaryCsvQueryDto,
  ): Promise<StreamableFile> {
    return download(await this.exports.summaryCsv(actor, query));
  }
}

/** The case list as a file. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseExportController {
  constructor(private readonly exports: ExportsService) {}

  /**
   * Every case of the list the same filters (or named queue) and order give, as CSV, streamed as
   * it is read. Labels in Bahasa Indonesia (or `lang=en`), times in WIB. Victims' names in full
   * only for those who may see identities (caseworkers and supervisors of the owning agency,
   * admins); initials for others. Audited, with the row count.
   */
  @ApiRoute('exportCases')
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_RESPONSE)
  @Get('export.csv')
  async export(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ExportCasesQueryDto,
  ): Promise<StreamableFile> {
    return download(await this.exports.casesCsv(actor, query));
  }
}
