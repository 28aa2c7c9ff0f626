import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PaginationQueryDto } from '../../common/http/pagination.dto';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { VictimInputDto } from '../victims/dto/victim-input.dto';
import { VictimResponseDto } from '../victims/dto/victim-response.dto';
import { VictimsService } from '../victims/victims.service';
import { CasesService } from './cases.service';
import { CaseTransitionDto, CreateNoteDto, TimelineQueryDto } from './dto/case-actions.dto';
import {
  CaseNoteResponseDto,
  CaseResponseDto,
  CaseValidationResponseDto,
  TimelineEntryDto,
} from './dto/case-response.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';
import { CaseRefPipe } from './case-ref.pipe';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { afterIdPage, type ListPage, offsetPage } from '../../common/http/pagination.dto';
import { CASE_TRANSITION_EXAMPLES, CREATE_CASE_EXAMPLES } from './dto/case.examples';

/**
 * Cases. Staff see their own agency's cases, admins all; a case the caller may not see answers
 * 404, exactly like one that does not exist.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly victims: VictimsService,
  ) {}

  /** Creates a case, with its victims, their families and its perpetrators, in one step (all or nothing). */
  @ApiRoute('createCase', { errors: [403], examples: CREATE_CASE_EXAMPLES })
  @Post()
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: CreateCaseDto,
  ): Promise<CaseResponseDto> {
    return this.cases.create(actor, dto);
  }

  /**
   * Checks a case exactly as its creation would (fields, region and country codes, NIKs, people
   * named, who may create it) and writes nothing: a bulk intake shows every refused row before
   * anything is recorded. A case that would be refused gets the same 400, fields and all.
   */
  @ApiRoute('validateCase', { errors: [403], examples: CREATE_CASE_EXAMPLES })
  @Post('validation')
  @HttpCode(200)
  validate(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: CreateCaseDto,
  ): Promise<CaseValidationResponseDto> {
    return this.cases.validate(actor, dto);
  }

  /** The case with its first 100 victims (identifiers masked), their families and its perpetrators. */
  @ApiRoute('getCase')
  @Get(':id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
  ): Promise<CaseResponseDto> {
    return this.cases.get(actor, id);
  }

  /** Send the `version` you read: a stale one gets 409. */
  @ApiRoute('updateCase', { errors: [403, 409] })
  @Patch(':id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Body() dto: UpdateCaseDto,
  ): Promise<CaseResponseDto> {
    return this.cases.update(actor, id, dto);
  }

  /** Moves the case through its workflow; an illegal move gets 409 listing the allowed ones. */
  @ApiRoute('transitionCase', { errors: [403, 409], examples: CASE_TRANSITION_EXAMPLES })
  @Post(':id/transitions')
  transition(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Body() dto: CaseTransitionDto,
  ): Promise<CaseResponseDto> {
    return this.cases.transition(actor, id, dto);
  }

  @ApiRoute('addCaseNote', { errors: [403] })
  @Post(':id/notes')
  addNote(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Body() dto: CreateNoteDto,
  ): Promise<CaseNoteResponseDto> {
    return this.cases.addNote(actor, id, dto);
  }

  /** Oldest first, a page at a time (`limit`, `offset`), like the case's victims. */
  @ApiRoute('listCaseNotes', { list: CaseNoteResponseDto })
  @Get(':id/notes')
  notes(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Query() page: PaginationQueryDto,
  ): Promise<ListPage<CaseNoteResponseDto>> {
    return this.cases
      .notes(actor, id, page.limit, page.offset)
      .then((items) => offsetPage({ items, total: null }, page, (note) => note));
  }

  /** Every change, note, transition and assignment, in order, with who and when. */
  @ApiRoute('getCaseTimeline', { list: TimelineEntryDto })
  @Get(':id/timeline')
  timeline(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Query() query: TimelineQueryDto,
  ): Promise<ListPage<TimelineEntryDto>> {
    return this.cases.timeline(actor, id, query).then((items) => afterIdPage(items, query.limit));
  }

  @ApiRoute('listCaseVictims', { list: VictimResponseDto })
  @Get(':id/victims')
  victimsOfCase(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Query() page: PaginationQueryDto,
  ): Promise<ListPage<VictimResponseDto>> {
    return this.victims
      .listForCase(actor, id, page.limit, page.offset)
      .then((items) => offsetPage({ items, total: null }, page, (item) => item));
  }

  @ApiRoute('addVictim', { errors: [403] })
  @Post(':id/victims')
  addVictim(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) id: string,
    @Body() dto: VictimInputDto,
  ): Promise<VictimResponseDto> {
    return this.victims.add(actor, id, dto);
  }
}
