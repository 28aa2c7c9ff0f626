import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { wholeList, type ListPage } from '../../common/http/pagination.dto';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { TransferResponseDto } from '../case-moves/dto/case-moves.dto';
import { IncomingReferralRowDto } from '../referrals/dto/incoming-referral.dto';
import { CaseQueueRowDto } from './dto/case-queue-row.dto';
import { ListCasesQueryDto } from './dto/list-cases-query.dto';
import { QueueSummaryDto } from './dto/queue.dto';
import { QueuesService } from './queues.service';

/**
 * The list of cases is the queue read model's: `cases` holds the columns it sorts by, and its
 * page reads a little of users and referrals for each row.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseListController {
  constructor(private readonly queues: QueuesService) {}

  /**
   * The caller's cases as a queue: filtered by status, priority, assignment, origin (a province
   * finds its villages), country and type of exploitation, overdue referrals, inactivity, dates,
   * tag or text, and ordered by priority then age (the default), last activity, creation,
   * incident date or next referral deadline. Pages by cursor.
   */
  @ApiRoute('listCases', { list: CaseQueueRowDto })
  @Get()
  // The answer comes as JSON text from PostgreSQL (see CaseQueueRepository.page).
  @Header('Content-Type', 'application/json; charset=utf-8')
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListCasesQueryDto,
  ): Promise<string> {
    return this.queues.list(actor, query);
  }
}

/** Named queues: what needs a supervisor or caseworker now, with counts. */
@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  /**
   * The caller's queues, each with how many cases (or, for `incoming_referrals`, referrals; for
   * `incoming_transfers`, transfers) are in it, up to 500, then `more`.
   */
  @ApiRoute('listQueues', { list: QueueSummaryDto })
  @Get()
  async summaries(@CurrentUser() actor: AuthenticatedUser): Promise<ListPage<QueueSummaryDto>> {
    return wholeList(await this.queues.summaries(actor));
  }

  /**
   * A page of one queue (unassigned, mine, critical_open, overdue_referrals,
   * awaiting_closure_approval, stale, reopened), with the filters and orders of the case list.
   * `incoming_referrals` (supervisors and caseworkers) pages the open referrals sent to the
   * caller's agency, the earliest deadline first, as `GET /referrals/incoming` gives them: only
   * `limit` and `cursor` apply to it. `incoming_transfers` (supervisors) pages the transfers
   * offered to the caller's agency and not yet decided, newest first, as `GET
   * /transfers?direction=incoming&status=requested` gives them: only `limit` (at most 100) and
   * `cursor` apply to it.
   */
  @ApiRoute('listQueueCases', {
    list: [CaseQueueRowDto, IncomingReferralRowDto, TransferResponseDto],
    errors: [404],
  })
  @Get(':name')
  @Header('Content-Type', 'application/json; charset=utf-8')
  queue(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('name') name: string,
    @Query() query: ListCasesQueryDto,
  ): Promise<string> {
    return this.queues.queuePage(actor, name, query);
  }
}
