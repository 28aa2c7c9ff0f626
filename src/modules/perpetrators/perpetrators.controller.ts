import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { LinkedPerpetratorDto } from '../cases/dto/case-response.dto';
import { CasePerpetratorLinkDto } from './dto/perpetrator-input.dto';
import {
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
import { CaseRefPipe } from '../cases/case-ref.pipe';

/** One register of suspected recruiters and traffickers across cases. */
@ApiTags('perpetrators')
@ApiBearerAuth()
@Controller()
export class PerpetratorsController {
  constructor(
    private readonly perpetrators: PerpetratorsService,
    private readonly proposals: PerpetratorProposalsService,
  ) {}

  @Get('cases/:id/perpetrators')
  listForCase(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
  ): Promise<LinkedPerpetratorDto[]> {
    return this.perpetrators.listForCase(actor, id);
  }

  /** Links a perpetrator from the register (perpetratorId) or a new one (perpetrator) to the case. */
  @Post('cases/:id/perpetrators')
  link(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Body() dto: CasePerpetratorLinkDto,
  ): Promise<PerpetratorResponseDto> {
    return this.perpetrators.linkToCase(actor, id, dto);
  }

  /** Finds perpetrators by exact phone number or part of a name, among those the caller may see. */
  @Get('perpetrators')
  search(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: SearchPerpetratorsQueryDto,
  ): Promise<PerpetratorResponseDto[]> {
    return this.perpetrators.search(actor, query);
  }

  /** The perpetrator and every linked case the caller may see. */
  @Get('perpetrators/:id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<PerpetratorResponseDto> {
    return this.perpetrators.get(actor, id);
  }

  /**
   * Send the `version` you read: a stale one gets 409. Identity fields (name, aliases, company,
   * phones, social handles, home region) only the recording agency changes; roles and status any
   * agency with a linked case. Every change shows on the timeline of every linked case.
   */
  @Patch('perpetrators/:id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdatePerpetratorDto,
  ): Promise<PerpetratorResponseDto> {
    return this.perpetrators.update(actor, id, dto);
  }

  /** Proposes a change to who the perpetrator is, for the agency that recorded it to decide. */
  @Post('perpetrators/:id/proposals')
  propose(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: ProposePerpetratorChangeDto,
  ): Promise<PerpetratorChangeProposalDto> {
    return this.proposals.propose(actor, id, dto);
  }

  /** Proposals on this perpetrator: all for the recording agency, your agency's for others. */
  @Get('perpetrators/:id/proposals')
  proposalsFor(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<PerpetratorChangeProposalDto[]> {
    return this.proposals.listForPerpetrator(actor, id);
  }

  /** Proposals your agency has to decide (on perpetrators it recorded) or made; newest first. */
  @Get('perpetrator-proposals')
  proposalsForAgency(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListProposalsQueryDto,
  ): Promise<PerpetratorChangeProposalDto[]> {
    return this.proposals.listForAgency(actor, query);
  }

  /** Applies the proposal: send the perpetrator's `version` you compared it with. */
  @Post('perpetrator-proposals/:id/accept')
  @HttpCode(200)
  accept(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: AcceptProposalDto,
  ): Promise<PerpetratorChangeProposalDto> {
    return this.proposals.accept(actor, id, dto);
  }

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
