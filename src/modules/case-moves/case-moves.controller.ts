import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type ListPage, wholeList } from '../../common/http/pagination.dto';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { CaseRefPipe } from '../cases/case-ref.pipe';
import { CaseAssignmentsService } from './case-assignments.service';
import { CaseTransfersService } from './case-transfers.service';
import { ClosureDecisionsService } from './closure-decisions.service';
import {
  AssignCasesDto,
  BulkCaseResultDto,
  ClosureDecisionsDto,
  DecideTransferDto,
  ListTransfersQueryDto,
  RefuseTransferDto,
  RequestTransferDto,
  TransferResponseDto,
} from './dto/case-moves.dto';
import {
  ASSIGN_CASES_EXAMPLES,
  CLOSURE_DECISIONS_EXAMPLES,
  REQUEST_TRANSFER_EXAMPLES,
} from './dto/case-moves.examples';

/**
 * Cases that move between people and agencies: many at once from a queue (all or nothing, every
 * case judged on its own), or one case to another agency.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseMovesController {
  constructor(
    private readonly assignments: CaseAssignmentsService,
    private readonly closures: ClosureDecisionsService,
    private readonly transfers: CaseTransfersService,
  ) {}

  /**
   * Assigns up to 500 cases (ids or numbers) to one caseworker or supervisor of their agency, or
   * unassigns them (`assigneeId: null`): supervisors of the owning agency and admins; a caseworker
   * only takes unassigned cases for themselves. All or nothing: one refused case refuses the
   * request with 400 `CASE.BULK_REFUSED`, listing each refused case as `caseIds[i]`. The assignee
   * is emailed once, with the case numbers.
   */
  @ApiRoute('assignCases', {
    list: BulkCaseResultDto,
    errors: [403],
    examples: ASSIGN_CASES_EXAMPLES,
  })
  @Post('assignments')
  @HttpCode(200)
  async assign(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: AssignCasesDto,
  ): Promise<ListPage<BulkCaseResultDto>> {
    return wholeList(await this.assignments.assign(actor, dto));
  }

  /**
   * Approves (closes) or sends back (to `in_assistance`, with a comment) up to 500 cases awaiting
   * closure approval: supervisors and admins, all or nothing, refusals as for assignments.
   */
  @ApiRoute('decideCaseClosures', {
    list: BulkCaseResultDto,
    errors: [403],
    examples: CLOSURE_DECISIONS_EXAMPLES,
  })
  @Post('closure-decisions')
  @HttpCode(200)
  async decideClosures(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: ClosureDecisionsDto,
  ): Promise<ListPage<BulkCaseResultDto>> {
    return wholeList(await this.closures.decide(actor, dto));
  }

  /**
   * Asks another agency to take the case over (a supervisor of the owning agency). Its
   * supervisors are emailed and decide; at most one transfer per case waits at a time (409).
   */
  @ApiRoute('requestCaseTransfer', { errors: [403, 409], examples: REQUEST_TRANSFER_EXAMPLES })
  @Post(':id/transfers')
  requestTransfer(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Body() dto: RequestTransferDto,
  ): Promise<TransferResponseDto> {
    return this.transfers.request(actor, id, dto);
  }
}

/** Transfers of cases between agencies, for the supervisors of both sides. */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class TransfersController {
  constructor(private readonly transfers: CaseTransfersService) {}

  /**
   * The caller's agency's transfers, newest first: `incoming` (offered to it) or `outgoing`
   * (asked by it), optionally by `status`. Supervisors and admins. Pages by cursor.
   */
  @ApiRoute('listTransfers', { list: TransferResponseDto, errors: [403] })
  @Get()
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListTransfersQueryDto,
  ): Promise<ListPage<TransferResponseDto>> {
    return this.transfers.list(actor, query);
  }

  @ApiRoute('getTransfer')
  @Get(':id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<TransferResponseDto> {
    return this.transfers.get(actor, id);
  }

  /**
   * The receiving agency takes the case: it becomes the owner (same case number, nobody
   * assigned), both agencies' supervisors are emailed.
   */
  @ApiRoute('acceptTransfer', { errors: [403, 409] })
  @Post(':id/accept')
  @HttpCode(200)
  accept(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: DecideTransferDto,
  ): Promise<TransferResponseDto> {
    return this.transfers.accept(actor, id, dto);
  }

  /** The receiving agency declines, with a reason the asking agency sees. */
  @ApiRoute('refuseTransfer', { errors: [403, 409] })
  @Post(':id/refuse')
  @HttpCode(200)
  refuse(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: RefuseTransferDto,
  ): Promise<TransferResponseDto> {
    return this.transfers.refuse(actor, id, dto);
  }

  /** The asking agency takes its request back before anyone decided. */
  @ApiRoute('withdrawTransfer', { errors: [403, 409] })
  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: DecideTransferDto,
  ): Promise<TransferResponseDto> {
    return this.transfers.withdraw(actor, id, dto);
  }
}
