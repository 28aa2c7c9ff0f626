import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  FieldError,
  ForbiddenError,
  ValidationFailedError,
  VersionConflictError,
} from '../../common/errors/app-error';
import { todayInJakarta } from '../../common/validation/dates';
import { AgenciesRepository } from '../agencies/agencies.repository';
import {
  AuditEntry,
  AuditService,
  describeChangesFor,
  FieldDisclosure,
  revealRestricted,
} from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { FamilyMember } from '../families/family-member.entity';
import { PerpetratorsRepository } from '../perpetrators/perpetrators.repository';
import { PerpetratorsService } from '../perpetrators/perpetrators.service';
import { RegionsRepository } from '../regions/regions.repository';
import { UserRole } from '../users/user-role';
import { UsersRepository } from '../users/users.repository';
import { VictimRecords } from '../victims/victim-records';
import { VictimsRepository } from '../victims/victims.repository';
import { VictimsService } from '../victims/victims.service';
import { DuplicateCheckRequests } from '../victims/duplicate-check-requests';
import { Case } from './case.entity';
import { CaseAccess } from './case-access';
import { minorAtRecruitment, suggestPriority } from './case-priority';
import { judgeTransition } from './case-workflow';
import { CasePriority, CaseStatus } from './case.enums';
import { CasesRepository } from './cases.repository';
import {
  CaseNotFoundError,
  CaseReadOnlyError,
  IllegalTransitionError,
  SupervisorApprovalRequiredError,
} from './cases.errors';
import { CaseTransitionDto, CreateNoteDto, TimelineQueryDto } from './dto/case-actions.dto';
import {
  CaseNoteResponseDto,
  CaseResponseDto,
  CaseValidationResponseDto,
  LinkedPerpetratorDto,
  TimelineEntryDto,
} from './dto/case-response.dto';
import { CaseFieldsDto, CreateCaseDto } from './dto/create-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';
import { ReadableRecords } from './readable-records';
import { ReferenceChecks } from './reference-checks';
import { originRegionCodes } from '../regions/region-codes';

/** How many victims a case read includes; the rest are paged from /cases/:id/victims. */
const VICTIMS_IN_CASE_READ = 100;

/**
 * Which case fields the audit log may show by value. Its own text fields show only that they
 * changed there, with their values kept for the case's readers to see on its timeline.
 */
const CASE_AUDIT_FIELDS: Record<string, FieldDisclosure> = {
  title: 'case_readers',
  summary: 'case_readers',
  incidentType: 'value',
  exploitationTypes: 'value',
  methodsOfControl: 'value',
  recruitmentMethods: 'value',
  recruitmentPlatforms: 'value',
  exploitationCountry: 'value',
  exploitationCity: 'case_readers',
  transitCountries: 'value',
  incidentDate: 'value',
  reportedDate: 'value',
  source: 'value',
  assignedCaseworkerId: 'value',
  supervisorId: 'value',
  priority: 'value',
  suggestedPriority: 'value',
  priorityOverrideReason: 'case_readers',
  status: 'value',
  tags: 'value',
  owningAgencyId: 'value',
};

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly readableRecords: ReadableRecords,
    private readonly victims: VictimsRepository,
    private readonly perpetrators: PerpetratorsRepository,
    private readonly agencies: AgenciesRepository,
    private readonly users: UsersRepository,
    private readonly regions: RegionsRepository,
    private readonly records: VictimRecords,
    private readonly perpetratorLinks: PerpetratorsService,
    private readonly victimViews: VictimsService,
    private readonly audit: AuditService,
    private readonly duplicateChecks: DuplicateCheckRequests,
  ) {}

  /**
   * Creates a case with its victims, their families and its perpetrators in one transaction:
   * either all of it is recorded, or nothing.
   */
  async create(actor: AuthenticatedUser, dto: CreateCaseDto): Promise<CaseResponseDto> {
    const { owningAgencyId, agency, knownPerpetrators, suggested, priority } =
      await this.checkNewCase(actor, dto);
    const victimsInput = dto.victims ?? [];
    const perpetratorLinks = dto.perpetrators ?? [];

    const victimRows = victimsInput.map((victim) =>
      this.records.victimRow(victim, '', dto.incidentDate ?? null),
    );
    const today = todayInJakarta();
    const caseId = randomUUID();

    // Every audited column explicitly, defaults included: the audit entry is written in the same
    // statement as the case, so it describes the row from these values, exactly as stored.
    const fields = {
      summary: '',
      exploitationTypes: [],
      methodsOfControl: [],
      recruitmentMethods: [],
      recruitmentPlatforms: [],
      exploitationCountry: null,
      exploitationCity: null,
      transitCountries: [],
      incidentDate: null,
      assignedCaseworkerId: null,
      supervisorId: null,
      tags: [],
      ...this.caseColumns(dto),
      id: caseId,
      owningAgencyId,
      reportedDate: dto.reportedDate ?? today,
      suggestedPriority: suggested,
      priority,
      priorityOverrideReason: priority === suggested ? null : (dto.priorityOverrideReason ?? null),
      status: CaseStatus.Intake,
      createdBy: actor.id,
      // What the queues read, as the triggers on victims would set them: the case row is written
      // once, and the statement tells those triggers to stand aside (CasesRepository.createWhole).
      victimCount: victimRows.length,
      originRegionCodes: originRegionCodes(victimRows.map((victim) => victim.originRegionCode)),
    } satisfies QueryDeepPartialEntity<Case>;

    const familyRows = victimsInput.flatMap((victim, i) =>
      (victim.familyMembers ?? []).map((member) =>
        this.records.familyRow(member, victimRows[i].id, actor.id),
      ),
    );
    const links = this.perpetratorLinks.planNewCaseLinks(
      actor,
      { caseId, owningAgencyId },
      perpetratorLinks,
      knownPerpetrators,
    );
    const auditEntries: AuditEntry[] = [
      {
        action: 'case.created',
        entityType: 'case',
        entityId: caseId,
        caseId,
        ...describeChangesFor(null, fields, CASE_AUDIT_FIELDS),
      },
      ...victimRows.map((v) => ({
        action: 'victim.created',
        entityType: 'victim',
        entityId: v.id,
        caseId,
      })),
      ...familyRows.map((f) => ({
        action: 'family_member.created',
        entityType: 'family_member',
        entityId: f.id,
        caseId,
      })),
      ...links.auditEntries,
    ];
    const written = await this.cases.createWhole({
      fields,
      numbering: {
        prefix: agency.casePrefix ?? prefixFromName(agency.shortName),
        year: Number(today.slice(0, 4)),
      },
      victims: victimRows.map((row) => ({ ...row, caseId })),
      family: familyRows,
      perpetrators: links.perpetrators,
      links: links.links,
      audit: { actor, entries: auditEntries },
    });
    // After the commit, and not waited for: possible duplicates are found in the background.
    this.duplicateChecks.request(written.victims.map((victim) => victim.id));

    // The answer is built from the rows just written, in the order a read gives them: rows written
    // in one transaction share their created_at, so they follow by id.
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const familyByVictim = new Map<string, FamilyMember[]>();
    for (const member of [...written.family].sort(byId)) {
      const members = familyByVictim.get(member.victimId) ?? [];
      members.push(member);
      familyByVictim.set(member.victimId, members);
    }
    const shown = [...written.victims].sort(byId).slice(0, VICTIMS_IN_CASE_READ);
    return CaseResponseDto.fromCase(written.record, {
      victimCount: written.victims.length,
      victims: this.victimViews.presentWithFamilies(
        actor,
        shown.map((victim) => ({ victim, family: familyByVictim.get(victim.id) ?? [] })),
      ),
      // Linked in the same statement as the case: at its created_at, then in the order of ids.
      perpetrators: [...links.shown]
        .sort((a, b) => byId({ id: a.perpetrator_id }, { id: b.perpetrator_id }))
        .map((row) =>
          LinkedPerpetratorDto.fromRow({ ...row, linked_at: written.record.createdAt }),
        ),
      yourActions: CaseAccess.actionsOn(actor, written.record),
    });
  }

  /**
   * Everything `create` checks before it writes, answered as it would be: a bulk intake previews
   * hundreds of rows against the region register and the NIK rules without recording anything.
   * Nothing is written and nothing audited: the body holds personal data that no one has
   * decided to keep yet.
   */
  async validate(actor: AuthenticatedUser, dto: CreateCaseDto): Promise<CaseValidationResponseDto> {
    await this.checkNewCase(actor, dto);
    return { valid: true };
  }

  /** Who may create this case, and whether every reference and cross-field rule holds. */
  private async checkNewCase(actor: AuthenticatedUser, dto: CreateCaseDto) {
    if (![UserRole.Admin, UserRole.Supervisor, UserRole.Caseworker].includes(actor.role))
      throw new ForbiddenError();
    const owningAgencyId =
      actor.role === UserRole.Admin && dto.owningAgencyId ? dto.owningAgencyId : actor.agencyId;
    if (
      dto.owningAgencyId &&
      dto.owningAgencyId !== actor.agencyId &&
      actor.role !== UserRole.Admin
    ) {
      throw ValidationFailedError.forField(
        'owningAgencyId',
        'only an admin may create a case for another agency',
      );
    }
    const agency = await this.agencies.findRecent(owningAgencyId);
    if (!agency)
      throw ValidationFailedError.forField(
        'owningAgencyId',
        'owningAgencyId does not name an existing agency',
      );

    const victimsInput = dto.victims ?? [];
    const perpetratorLinks = dto.perpetrators ?? [];
    const problems: FieldError[] = [
      ...(await this.caseFieldProblems(dto, owningAgencyId)),
      ...victimsInput.flatMap((victim, index) =>
        this.records.crossFieldProblems(victim, `victims[${index}]`),
      ),
    ];
    const references = new ReferenceChecks();
    victimsInput.forEach((victim, i) => {
      references
        .region(`victims[${i}].originRegionCode`, victim.originRegionCode)
        .country(`victims[${i}].citizenship`, victim.citizenship)
        .country(`victims[${i}].deathCountry`, victim.deathCountry);
      (victim.familyMembers ?? []).forEach((member, j) =>
        references.region(`victims[${i}].familyMembers[${j}].regionCode`, member.regionCode),
      );
    });
    perpetratorLinks.forEach((link, i) => {
      if ((link.perpetratorId === undefined) === (link.perpetrator === undefined)) {
        problems.push({
          field: `perpetrators[${i}]`,
          messages: ['give either perpetratorId (from the register) or perpetrator (a new one)'],
        });
      }
      references.region(
        `perpetrators[${i}].perpetrator.homeRegionCode`,
        link.perpetrator?.homeRegionCode,
      );
    });
    problems.push(...(await references.problems(this.regions)));
    const linkedIds = perpetratorLinks.flatMap((link) =>
      link.perpetratorId ? [link.perpetratorId] : [],
    );
    // A perpetrator the caller may not see is answered as one that does not exist.
    const knownPerpetrators = await this.perpetrators.findVisibleSummaries(
      linkedIds,
      CaseAccess.listableAgencies(actor),
    );
    perpetratorLinks.forEach((link, i) => {
      if (link.perpetratorId && !knownPerpetrators.has(link.perpetratorId)) {
        problems.push({
          field: `perpetrators[${i}].perpetratorId`,
          messages: ['perpetratorId is not in the register'],
        });
      }
    });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    // Minority at recruitment as the victim rows derive it (VictimRecords.victimRow).
    const suggested = suggestPriority({
      incidentType: dto.incidentType,
      victims: victimsInput.map((victim) => ({
        currentSituation: victim.currentSituation,
        minorAtRecruitment: minorAtRecruitment({
          dateOfBirth: victim.dateOfBirth ?? null,
          estimatedAge: victim.estimatedAge ?? null,
          recruitmentDate: victim.recruitmentDate ?? dto.incidentDate ?? null,
        }),
      })),
    });
    const priority = this.choosePriority(dto, suggested);
    return { owningAgencyId, agency, knownPerpetrators, suggested, priority };
  }

  async get(actor: AuthenticatedUser, id: string): Promise<CaseResponseDto> {
    const whole = await this.cases.findWhole(
      id,
      CaseAccess.listableAgencies(actor),
      VICTIMS_IN_CASE_READ,
    );
    if (!whole || !CaseAccess.canRead(actor, whole.record)) throw new CaseNotFoundError();
    return CaseResponseDto.fromCase(whole.record, {
      victimCount: whole.victimCount,
      victims: this.victimViews.presentWithFamilies(actor, whole.victims),
      perpetrators: whole.perpetrators.map((row) => LinkedPerpetratorDto.fromRow(row)),
      yourActions: CaseAccess.actionsOn(actor, whole.record),
    });
  }

  async update(actor: AuthenticatedUser, id: string, dto: UpdateCaseDto): Promise<CaseResponseDto> {
    const existing = await this.readableRecords.caseFor(actor, id);
    if (!CaseAccess.canWrite(actor, existing)) throw new CaseReadOnlyError();
    const { version, ...changes } = dto;
    const problems = await this.caseFieldProblems(changes, existing.owningAgencyId);
    if (problems.length > 0) throw new ValidationFailedError(problems);

    await this.dataSource.transaction(async (manager) => {
      const current = await this.cases.lockForUpdate(id, manager);
      if (!current) throw new CaseNotFoundError();
      if (current.version !== version) throw new VersionConflictError('case', current.version);
      // One date may change alone: compare it with the stored other (the table's CHECK would fail).
      const incidentDate = changes.incidentDate ?? current.incidentDate;
      const reportedDate = changes.reportedDate ?? current.reportedDate;
      if (incidentDate !== null && incidentDate > reportedDate) {
        throw ValidationFailedError.forField(
          changes.incidentDate === undefined ? 'reportedDate' : 'incidentDate',
          'incidentDate cannot be after reportedDate',
        );
      }
      const columns = this.caseColumns(changes);
      const incidentType = changes.incidentType ?? current.incidentType;
      const suggested = suggestPriority({
        incidentType,
        victims: await this.victims.prioritySignals(id, manager),
      });
      const requested = {
        priority: changes.priority ?? current.priority,
        priorityOverrideReason: changes.priorityOverrideReason ?? current.priorityOverrideReason,
      };
      const overriding = changes.priority !== undefined || current.priorityOverrideReason !== null;
      const priority = overriding ? this.choosePriority(requested, suggested) : suggested;
      const next = {
        ...columns,
        suggestedPriority: suggested,
        priority,
        priorityOverrideReason: priority === suggested ? null : requested.priorityOverrideReason,
      };
      const updated = await this.cases.update(id, version, next, manager);
      const described = describeChangesFor(
        current as unknown as Record<string, unknown>,
        updated as unknown as Record<string, unknown>,
        CASE_AUDIT_FIELDS,
      );
      const assignment = ['assignedCaseworkerId', 'supervisorId'].some(
        (field) => field in described.changes,
      );
      await this.audit.record(manager, actor, {
        action: assignment ? 'case.assigned' : 'case.updated',
        entityType: 'case',
        entityId: id,
        caseId: id,
        ...described,
      });
    });
    return this.get(actor, id);
  }

  async transition(
    actor: AuthenticatedUser,
    id: string,
    dto: CaseTransitionDto,
  ): Promise<CaseResponseDto> {
    const existing = await this.readableRecords.caseFor(actor, id);
    if (!CaseAccess.canWrite(actor, existing)) throw new CaseReadOnlyError();
    await this.dataSource.transaction(async (manager) => {
      const current = await this.cases.lockForUpdate(id, manager);
      if (!current) throw new CaseNotFoundError();
      if (current.version !== dto.version) throw new VersionConflictError('case', current.version);
      const verdict = judgeTransition(current.status, dto.to, CaseAccess.isSupervisor(actor));
      if (!verdict.allowed) {
        if (verdict.reason === 'needs_supervisor')
          throw new SupervisorApprovalRequiredError(dto.to);
        throw new IllegalTransitionError(current.status, dto.to, verdict.allowedTargets);
      }
      await this.cases.update(id, dto.version, { status: dto.to }, manager);
      await this.audit.record(manager, actor, {
        action: 'case.transitioned',
        entityType: 'case',
        entityId: id,
        caseId: id,
        changes: { status: { from: current.status, to: dto.to }, reason: dto.reason },
      });
    });
    return this.get(actor, id);
  }

  async addNote(
    actor: AuthenticatedUser,
    id: string,
    dto: CreateNoteDto,
  ): Promise<CaseNoteResponseDto> {
    const existing = await this.readableRecords.caseFor(actor, id);
    if (!CaseAccess.canWrite(actor, existing)) throw new CaseReadOnlyError();
    return this.dataSource.transaction(async (manager) => {
      const note = await this.cases.insertNote(
        { caseId: id, authorId: actor.id, body: dto.body },
        manager,
      );
      await this.audit.record(manager, actor, {
        action: 'case.note_added',
        entityType: 'case_note',
        entityId: note.id,
        caseId: id,
      });
      return {
        id: note.id,
        caseId: note.caseId,
        authorId: note.authorId,
        body: note.body,
        createdAt: note.createdAt,
      };
    });
  }

  async notes(
    actor: AuthenticatedUser,
    id: string,
    limit: number,
    offset: number,
  ): Promise<CaseNoteResponseDto[]> {
    await this.readableRecords.caseFor(actor, id);
    return (await this.cases.listNotes(id, limit, offset)).map((n) => ({
      id: n.id,
      caseId: n.caseId,
      authorId: n.authorId,
      body: n.body,
      createdAt: n.createdAt,
    }));
  }

  /**
   * A page of the timeline, oldest first; page on with `after` = the last entry's id. Whoever
   * reads the timeline may read the case itself, so the case's own words that the audit log keeps
   * as "[redacted]" (its title and summary, a referral's reason, a partner's answer) are shown.
   */
  async timeline(
    actor: AuthenticatedUser,
    id: string,
    query: TimelineQueryDto,
  ): Promise<TimelineEntryDto[]> {
    await this.readableRecords.caseFor(actor, id);
    const rows = await this.cases.timeline(id, query.limit, query.after);
    return rows.map((row) => {
      const entry: TimelineEntryDto = {
        id: row.id,
        at: row.occurred_at,
        actorId: row.actor_id,
        actorName: row.actor_name,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        changes: revealRestricted(row.changes, row.restricted_changes),
      };
      if (row.note_body !== null) entry.noteBody = row.note_body;
      return entry;
    });
  }

  private choosePriority(
    requested: { priority?: CasePriority; priorityOverrideReason?: string | null },
    suggested: CasePriority,
  ): CasePriority {
    if (requested.priority === undefined || requested.priority === suggested) return suggested;
    if (!requested.priorityOverrideReason) {
      throw ValidationFailedError.forField(
        'priorityOverrideReason',
        `priorityOverrideReason is required to set priority ${requested.priority} instead of the suggested ${suggested}`,
      );
    }
    return requested.priority;
  }

  private caseColumns(dto: Partial<CaseFieldsDto>): QueryDeepPartialEntity<Case> {
    const columns: Record<string, unknown> = {};
    const copy = [
      'title',
      'summary',
      'incidentType',
      'exploitationTypes',
      'methodsOfControl',
      'recruitmentMethods',
      'recruitmentPlatforms',
      'exploitationCountry',
      'exploitationCity',
      'transitCountries',
      'incidentDate',
      'reportedDate',
      'source',
      'assignedCaseworkerId',
      'supervisorId',
      'tags',
    ] as const;
    for (const field of copy) if (dto[field] !== undefined) columns[field] = dto[field];
    return columns;
  }

  /** Countries exist; assignees are active staff of the owning agency with the right role. */
  private async caseFieldProblems(
    dto: Partial<CaseFieldsDto>,
    owningAgencyId: string,
  ): Promise<FieldError[]> {
    const references = new ReferenceChecks().country(
      'exploitationCountry',
      dto.exploitationCountry,
    );
    (dto.transitCountries ?? []).forEach((code, i) =>
      references.country(`transitCountries[${i}]`, code),
    );
    const problems = await references.problems(this.regions);
    if (dto.incidentDate && dto.reportedDate && dto.incidentDate > dto.reportedDate) {
      problems.push({
        field: 'incidentDate',
        messages: ['incidentDate cannot be after reportedDate'],
      });
    }
    const assignees: Array<[string, string | null | undefined, UserRole[]]> = [
      [
        'assignedCaseworkerId',
        dto.assignedCaseworkerId,
        [UserRole.Caseworker, UserRole.Supervisor],
      ],
      ['supervisorId', dto.supervisorId, [UserRole.Supervisor]],
    ];
    for (const [field, userId, roles] of assignees) {
      if (!userId) continue;
      const user = await this.users.findById(userId);
      if (
        !user ||
        user.disabledAt ||
        user.agencyId !== owningAgencyId ||
        !roles.includes(user.role)
      ) {
        problems.push({
          field,
          messages: [`${field} must be an active ${roles.join(' or ')} of the case's agency`],
        });
      }
    }
    return problems;
  }
}

/** LPG-style initials from an agency's short name, when it has no case prefix of its own. */
export function prefixFromName(shortName: string): string {
  const initials = shortName
    .normalize('NFKD')
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase())
    .join('')
    .slice(0, 8);
  return initials.length >= 2 ? initials : 'JJK';
}
