import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { LinkedPerpetratorDto } from '../cases/dto/case-response.dto';
import { CasePerpetratorLinkDto } from './dto/perpetrator-input.dto';
import {
  PERPETRATOR_SEARCH_LIMIT,
  PerpetratorResponseDto,
  SearchPerpetratorsQueryDto,
  UpdatePerpetratorDto,
} from './dto/perpetrator-response.dto';
import {
  AcceptProposalDto,
  ListProposalsQueryDto,
  PerpetratorChangeProposalDto,
  ProposePerpetratorChangeDto,
  RejectProposalDto,
} from './dto/perpetrator-proposal.dto';
import { PerpetratorProposalsService } from './perpetrator-proposals.service';
import { PerpetratorsService } from './perpetrators.service';
import { PerpetratorNetworkService } from './perpetrator-network.service';
import { PerpetratorMergeService } from './perpetrator-merge.service';
import { MergePerpetratorsDto } from './dto/perpetrator-merge.dto';
import { PerpetratorNetworkDto, PerpetratorNetworkQueryDto } from './dto/perpetrator-network.dto';
import { CaseRefPipe } from '../cases/case-ref.pipe';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { firstMatches, type ListPage, wholeList } from '../../common/http/pagination.dto';
import { PROPOSAL_LIST_LIMIT } from './perpetrator-proposals.repository';
import {
  PerpetratorSuggestionsDto,
  SuggestPerpetratorsDto,
} from './dto/perpetrator-suggestions.dto';
import { PerpetratorSuggestionsService } from './perpetrator-suggestions.service';

/** One register of suspected recruiters and traffickers across cases. */
@ApiTags('perpetrators')
@ApiBearerAuth()
@Controller()
export class PerpetratorsController {
  constructor(
    private readonly perpetrators: PerpetratorsService,
    private readonly proposals: PerpetratorProposalsService,
    private readonly networks: PerpetratorNetworkService,
    private readonly merges: PerpetratorMergeService,
    private readonly suggestions: PerpetratorSuggestionsService,
  ) {}

  @ApiRoute('listCasePerpetrators', { list: LinkedPerpetratorDto })
  @Get('cases/:id/perpetrators')
  listForCase(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
  ): Promise<ListPage<LinkedPerpetratorDto>> {
    return this.perpetrators.listForCase(actor, id).then(wholeList);
  }

  /** Links a perpetrator from the register (perpetratorId) or a new one (perpetrator) to the case. */
  @ApiRoute('linkPerpetrator', { errors: [403, 404, 409] })
  @Post('cases/:id/perpetrators')
  link(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Body() dto: CasePerpetratorLinkDto,
  ): Promise<PerpetratorResponseDto> {
    return this.perpetrators.linkToCase(actor, id, dto);
  }

  /** Finds perpetrators by exact phone number or part of a name, among those the caller may see. */
  @ApiRoute('searchPerpetrators', { errors: [403], list: PerpetratorResponseDto })
  @Get('perpetrators')
  search(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: SearchPerpetratorsQueryDto,
  ): Promise<ListPage<PerpetratorResponseDto>> {
    return this.perpetrators
      .search(actor, query)
      .then((items) => firstMatches(items, PERPETRATOR_SEARCH_LIMIT));
  }

  /**
   * While a recruiter is being typed in: register records with the same phone or social handle,
   * or a close name in the same home regency, to link instead of recording them again. Records of
   * cases the caller may not see are only said to exist (`knownElsewhere`: the agency that
   * recorded them), and only for a phone or handle. A POST so that phones and names stay out of
   * addresses; it changes nothing.
   */
  @ApiRoute('suggestPerpetrators', { errors: [403] })
  @Post('perpetrators/suggestions')
  @HttpCode(200)
  suggest(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() typed: SuggestPerpetratorsDto,
  ): Promise<PerpetratorSuggestionsDto> {
    return this.suggestions.suggest(actor, typed);
  }

  /** The perpetrator and every linked case the caller may see. */
  @ApiRoute('getPerpetrator')
  @Get('perpetrators/:id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<PerpetratorResponseDto> {
    return this.perpetrators.get(actor, id);
  }

  /**
   * The perpetrators reached through shared cases (co-recruiters, and theirs with `depth` 2 or 3)
   * and those cases, with totals by country and origin: a syndicate at a glance. What the caller
   * may not see is counted, not named.
   */
  @ApiRoute('getPerpetratorNetwork')
  @Get('perpetrators/:id/network')
  network(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Query() query: PerpetratorNetworkQueryDto,
  ): Promise<PerpetratorNetworkDto> {
    return this.networks.network(actor, id, query);
  }

  /**
   * Merges the record `duplicateId` into this one (send both `version`s you read): its case links,
   * name and aliases, roles, phones and handles move here; it stays in the register marked merged.
   * Admins and supervisors of an agency that recorded either record; the supervisors of both
   * recording agencies are told. Answers the record that stays.
   */
  @ApiRoute('mergePerpetrators', { errors: [403, 404, 409] })
  @Post('perpetrators/:id/merge')
  @HttpCode(200)
  merge(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: MergePerpetratorsDto,
  ): Promise<PerpetratorResponseDto> {
    return this.merges.merge(actor, id, dto);
  }

  /**
   * Send the `version` you read: a stale one gets 409. Identity fields (name, aliases, company,
   * phones, social handles, home region) only the recording agency changes; roles and status any
   * agency with a linked case. Every change shows on the timeline of every linked case.
   */
  @ApiRoute('updatePerpetrator', { errors: [403, 409] })
  @Patch('perpetrators/:id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdatePerpetratorDto,
  ): Promise<PerpetratorResponseDto> {
    return this.perpetrators.update(actor, id, dto);
  }

  /** Proposes a change to who the perpetrator is, for the agency that recorded it to decide. */
  @ApiRoute('proposePerpetratorChange', { errors: [403, 409] })
  @Post('perpetrators/:id/proposals')
  propose(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: ProposePerpetratorChangeDto,
  ): Promise<PerpetratorChangeProposalDto> {
    return this.proposals.propose(actor, id, dto);
  }

  /** Proposals on this perpetrator: all for the recording agency, your agency's for others. */
  @ApiRoute('listPerpetratorProposals', { list: PerpetratorChangeProposalDto })
  @Get('perpetrators/:id/proposals')
  proposalsFor(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<ListPage<PerpetratorChangeProposalDto>> {
    return this.proposals
      .listForPerpetrator(actor, id)
      .then((items) => firstMatches(items, PROPOSAL_LIST_LIMIT));
  }

  /** Proposals your agency has to decide (on perpetrators it recorded) or made; newest first. */
  @ApiRoute('listAgencyPerpetratorProposals', { errors: [403], list: PerpetratorChangeProposalDto })
  @Get('perpetrator-proposals')
  proposalsForAgency(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListProposalsQueryDto,
  ): Promise<ListPage<PerpetratorChangeProposalDto>> {
    return this.proposals
      .listForAgency(actor, query)
      .then((items) => firstMatches(items, PROPOSAL_LIST_LIMIT));
  }

  /** Applies the proposal: send the perpetrator's `version` you compared it with. */
  @ApiRoute('acceptPerpetratorProposal', { errors: [403, 409] })
  @Post('perpetrator-proposals/:id/accept')
  @HttpCode(200)
  accept(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: AcceptProposalDto,
  ): Promise<PerpetratorChangeProposalDto> {
    return this.proposals.accept(actor, id, dto);
  }

  /** Declines the proposal, with a note for the agency that made it. */
  @ApiRoute('rejectPerpetratorProposal', { errors: [403, 409] })
  @Post('perpetrator-proposals/:id/reject')
  @HttpCode(200)
  reject(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: RejectProposalDto,
  ): Promise<PerpetratorChangeProposalDto> {
    return this.proposals.reject(actor, id, dto);
  }
}
