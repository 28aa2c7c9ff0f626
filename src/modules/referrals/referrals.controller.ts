import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { DOCUMENT_CONTENT_RESPONSE, documentFile } from '../documents/document-download';
import { DocumentNotFoundError } from '../documents/documents.errors';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';
import {
  CancelReferralDto,
  ChangeDueDateDto,
  CreateReferralDto,
  ListReferralsQueryDto,
  ReferralResponseDto,
  RenewLinkDto,
  UpdateReferralDto,
  VersionedActionDto,
} from './dto/referral-input.dto';
import { NotificationDto } from '../notifications/dto/notifications.dto';
import {
  ReferralDto,
  ReferralListDto,
  ReferralResponseEntryDto,
  ReferralSharedListDto,
  ReferralSharedViewDto,
  ResponseLinkDto,
} from './dto/referral-output.dto';
import {
  AssignReferralDto,
  IncomingReferralRowDto,
  ListIncomingReferralsQueryDto,
} from './dto/incoming-referral.dto';
import { IncomingReferralsService } from './incoming-referrals.service';
import { ReferralResponsesService } from './referral-responses.service';
import { ReferralsService } from './referrals.service';
import { CaseRefPipe } from '../cases/case-ref.pipe';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { type ListPage, wholeList } from '../../common/http/pagination.dto';
import { CREATE_REFERRAL_EXAMPLES, REFERRAL_RESPONSE_EXAMPLES } from './dto/referral.examples';

/**
 * Referrals of a case to partner agencies. The referring agency's staff draft, send, re-date and
 * cancel them; the receiving agency's liaisons, supervisors and caseworkers see what is shared
 * with them and answer, its supervisors assigning each to a caseworker.
 */
@ApiTags('referrals')
@ApiBearerAuth()
@ApiExtraModels(ReferralDto, ReferralSharedViewDto)
@Controller()
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly responses: ReferralResponsesService,
    private readonly incoming: IncomingReferralsService,
  ) {}

  /** Drafts a referral (or sends it at once with `send: true`). */
  @ApiRoute('createReferral', { errors: [403, 409], examples: CREATE_REFERRAL_EXAMPLES })
  @Post('cases/:id/referrals')
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) caseId: string,
    @Body() dto: CreateReferralDto,
  ): Promise<ReferralDto> {
    return this.referrals.create(actor, caseId, dto);
  }

  /** The case's referrals, newest first. */
  @ApiRoute('listCaseReferrals', { list: ReferralDto })
  @Get('cases/:id/referrals')
  listForCase(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) caseId: string,
    @Query() query: ListReferralsQueryDto,
  ): Promise<ReferralListDto> {
    return this.referrals.listForCase(actor, caseId, query);
  }

  /**
   * `?mine`: for agency liaisons, the referrals sent to their agency, with only what is shared.
   * Without it: the referrals the caller's agency has made (all of them for admins).
   */
  @ApiRoute('listReferrals', { list: [ReferralDto, ReferralSharedViewDto] })
  @Get('referrals')
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListReferralsQueryDto,
  ): Promise<ReferralListDto | ReferralSharedListDto> {
    // A liaison only ever sees referrals to their own agency, asked for with ?mine or not.
    if (query.mine || actor.role === UserRole.AgencyLiaison)
      return this.responses.listMine(actor, query);
    return this.referrals.listSent(actor, query);
  }

  /**
   * For supervisors and caseworkers: the referrals sent to their agency, with only what each
   * shares about itself (the people it names are in `GET /referrals/{id}`). Filters: `status`,
   * `assignment` (assigned, unassigned, mine), `overdue` (past the acknowledgement or completion
   * deadline still owed). `sort`: `nextDue` (the default; closed referrals last) or `newest`
   * received. Each order is an index scan; a cursor is valid for its order only.
   */
  @ApiRoute('listIncomingReferrals', { errors: [403], list: IncomingReferralRowDto })
  @Get('referrals/incoming')
  listIncoming(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListIncomingReferralsQueryDto,
  ): Promise<ListPage<IncomingReferralRowDto>> {
    return this.incoming.list(actor, query);
  }

  /**
   * A supervisor of the receiving agency gives the referral to one of its active caseworkers or
   * supervisors (`assigneeId`), who is told by email, or takes it off them (`null`).
   */
  @ApiRoute('assignReferral', { errors: [403, 409] })
  @Post('referrals/:id/assignment')
  @HttpCode(200)
  assign(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: AssignReferralDto,
  ): Promise<IncomingReferralRowDto> {
    return this.incoming.assign(actor, id, dto);
  }

  /**
   * The referral: in full for the referring agency, the shared view for the receiving agency
   * (its liaisons, supervisors and caseworkers).
   */
  @ApiRoute('getReferral')
  @Get('referrals/:id')
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(ReferralDto) }, { $ref: getSchemaPath(ReferralSharedViewDto) }],
    },
  })
  async get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<ReferralDto | ReferralSharedViewDto> {
    const received = await this.responses.receivedBy(actor, id);
    if (received) return this.responses.viewAsReceiver(actor, received);
    return this.referrals.get(actor, id);
  }

  /**
   * A document the referral shares (listed in the shared view's `documents`), streamed, for the
   * receiving agency's staff who may read the referral, while they work on it. Audited.
   */
  @ApiRoute('downloadReferralDocument', { errors: [403, 409] })
  @ApiOkResponse(DOCUMENT_CONTENT_RESPONSE)
  @Get('referrals/:id/documents/:documentId')
  async downloadDocument(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Param('documentId', uuidParam('documentId')) documentId: string,
  ): Promise<StreamableFile> {
    const received = await this.responses.receivedBy(actor, id);
    if (!received) throw new DocumentNotFoundError();
    return documentFile(
      await this.responses.downloadDocumentAsReceiver(actor, received, documentId),
    );
  }

  /** Changes a draft. */
  @ApiRoute('updateReferral', { errors: [403, 409] })
  @Patch('referrals/:id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateReferralDto,
  ): Promise<ReferralDto> {
    return this.referrals.update(actor, id, dto);
  }

  /** Sends a draft: deadlines are set by policy and the agency is notified. */
  @ApiRoute('sendReferral', { errors: [403, 409] })
  @Post('referrals/:id/send')
  @HttpCode(200)
  send(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: VersionedActionDto,
  ): Promise<ReferralDto> {
    return this.referrals.send(actor, id, dto);
  }

  /** Withdraws the referral; pending reminders are cancelled and its links stop working. */
  @ApiRoute('cancelReferral', { errors: [403, 409] })
  @Post('referrals/:id/cancel')
  @HttpCode(200)
  cancel(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: CancelReferralDto,
  ): Promise<ReferralDto> {
    return this.referrals.cancel(actor, id, dto);
  }

  /** Sets a new due date, with a reason; reminders follow the new date. */
  @ApiRoute('changeReferralDueDate', { errors: [403, 409] })
  @Post('referrals/:id/due-date')
  @HttpCode(200)
  changeDueDate(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: ChangeDueDateDto,
  ): Promise<ReferralDto> {
    return this.referrals.changeDueDate(actor, id, dto);
  }

  /**
   * The receiving agency answers: acknowledge, decline, progress or complete. Its liaisons and
   * supervisors, and the caseworker it is assigned to; its other caseworkers get 403.
   */
  @ApiRoute('respondToReferral', { errors: [403, 409], examples: REFERRAL_RESPONSE_EXAMPLES })
  @Post('referrals/:id/responses')
  @HttpCode(200)
  respond(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: ReferralResponseDto,
  ): Promise<ReferralSharedViewDto> {
    return this.responses.respondAsReceiver(actor, id, dto);
  }

  /**
   * Every answer of the receiving agency, oldest first, each as given (acknowledgements, progress
   * notes, a decline, the completion), whether through an account or an action link.
   */
  @ApiRoute('listReferralResponses', { list: ReferralResponseEntryDto })
  @Get('referrals/:id/responses')
  async responsesOf(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<ListPage<ReferralResponseEntryDto>> {
    const received = await this.responses.receivedBy(actor, id);
    if (received) return wholeList(await this.responses.listAsReceiver(actor, received));
    return wholeList(await this.referrals.responses(actor, id));
  }

  /** Every message about the referral and its fate (delivered, failed, cancelled, pending). */
  @ApiRoute('listReferralNotifications', { list: NotificationDto })
  @Get('referrals/:id/notifications')
  notifications(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<ListPage<NotificationDto>> {
    return this.referrals.notifications(actor, id).then(wholeList);
  }

  /** The action links issued for the referral (without their secrets) and their use. */
  @ApiRoute('listResponseLinks', { errors: [403], list: ResponseLinkDto })
  @Get('referrals/:id/response-links')
  responseLinks(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<ListPage<ResponseLinkDto>> {
    return this.referrals.responseLinks(actor, id).then(wholeList);
  }

  /**
   * Revokes every action link of the referral and sends the agency a fresh one, to a corrected
   * contact address if one is given.
   */
  @ApiRoute('renewResponseLinks', { errors: [403, 409], list: ResponseLinkDto, listStatus: 201 })
  @Post('referrals/:id/response-links')
  renewResponseLink(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: RenewLinkDto,
  ): Promise<ListPage<ResponseLinkDto>> {
    return this.referrals.renewLink(actor, id, dto).then(wholeList);
  }
}
