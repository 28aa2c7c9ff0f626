import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { toE164 } from '../../common/identity/identity-numbers';
import { ValidationFailedError, VersionConflictError } from '../../common/errors/app-error';
import { AuditService, describeChanges, FieldDisclosure } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { suggestPriority } from '../cases/case-priority';
import {
  CaseNotFoundError,
  CaseReadOnlyError,
  IdentitySearchNotAllowedError,
  IdentityNotAllowedError,
} from '../cases/cases.errors';
import { CasesRepository } from '../cases/cases.repository';
import { ReadableRecords } from '../cases/readable-records';
import { ReferenceChecks } from '../cases/reference-checks';
import { FamilyMemberResponseDto } from '../families/dto/family-member-response.dto';
import { FamilyMember } from '../families/family-member.entity';
import { RegionsRepository } from '../regions/regions.repository';
import { VictimFieldsDto, VictimInputDto } from './dto/victim-input.dto';
import { VictimIdentityResponseDto, VictimResponseDto } from './dto/victim-response.dto';
import { SearchVictimsQueryDto, UpdateVictimDto } from './dto/update-victim.dto';
import { Victim } from './victim.entity';
import { BLIND_INDEX, PERSONAL_FIELD, VictimRecords } from './victim-records';
import { DuplicateCheckRequests } from './duplicate-check-requests';
import { VictimNotFoundError } from './victims.errors';
import { VictimsRepository } from './victims.repository';

/** Victim fields the audit log may show by value; names and identifiers only show that they changed. */
const VICTIM_AUDIT_FIELDS: Record<string, FieldDisclosure> = {
  fullName: 'redacted',
  otherNames: 'redacted',
  gender: 'value',
  dateOfBirth: 'redacted',
  estimatedAge: 'value',
  recruitmentDate: 'value',
  minorAtRecruitment: 'value',
  citizenship: 'value',
  nikEncrypted: 'redacted',
  passportEncrypted: 'redacted',
  phoneEncrypted: 'redacted',
  originStreetEncrypted: 'redacted',
  originRegionCode: 'value',
  migrationChannel: 'value',
  placementCompany: 'redacted',
  occupationAbroad: 'redacted',
  employerAbroad: 'redacted',
  currentSituation: 'value',
  deathDate: 'value',
  deathPlace: 'redacted',
  deathCountry: 'value',
  deathCause: 'redacted',
  remainsStatus: 'value',
  deathCertificateRef: 'redacted',
  traffickingStatus: 'value',
  traffickingStatusDecidedBy: 'value',
  personId: 'value',
};

@Injectable()
export class VictimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly victims: VictimsRepository,
    private readonly cases: CasesRepository,
    private readonly readable: ReadableRecords,
    private readonly regions: RegionsRepository,
    private readonly records: VictimRecords,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditService,
    private readonly duplicateChecks: DuplicateCheckRequests,
  ) {}

  async listForCase(
    actor: AuthenticatedUser,
    caseId: string,
    limit: number,
    offset: number,
  ): Promise<VictimResponseDto[]> {
    await this.readable.caseFor(actor, caseId);
    const rows = await this.victims.findByCase(caseId, limit, offset);
    return this.present(actor, rows);
  }

  /**
   * Finds victims by exact NIK or phone, across the cases the caller may see: how a person who
   * comes back in a later case is recognised. The identifiers are never decrypted to search.
   */
  async search(
    actor: AuthenticatedUser,
    query: SearchVictimsQueryDto,
  ): Promise<VictimResponseDto[]> {
    if (!query.nik && !query.phone)
      throw ValidationFailedError.forField('nik', 'give a nik or a phone to search for');
    if (!CaseAccess.maySearchByIdentity(actor)) throw new IdentitySearchNotAllowedError();
    const found = await this.victims.findByIdentifierHash({
      nikHash: query.nik ? this.cipher.blindIndex(BLIND_INDEX.nik, query.nik) : undefined,
      phoneHash: query.phone
        ? this.cipher.blindIndex(BLIND_INDEX.phone, toE164(query.phone)!)
        : undefined,
      agencyIds: CaseAccess.listableAgencies(actor),
    });
    return this.present(actor, found);
  }

  async get(actor: AuthenticatedUser, id: string): Promise<VictimResponseDto> {
    const { victim } = await this.readable.victimFor(actor, id);
    return (await this.present(actor, [victim]))[0];
  }

  /** The full identity, decrypted: only for the case's own staff, and written to the audit log. */
  async identity(actor: AuthenticatedUser, id: string): Promise<VictimIdentityResponseDto> {
    const { victim, record } = await this.readable.victimFor(actor, id);
    if (!CaseAccess.canRevealIdentity(actor, record)) throw new IdentityNotAllowedError();
    await this.audit.recordRead(actor, {
      action: 'victim.identity_read',
      entityType: 'victim',
      entityId: id,
      caseId: victim.caseId,
    });
    return {
      id: victim.id,
      fullName: victim.fullName,
      nik: this.cipher.decrypt(PERSONAL_FIELD.nik, victim.id, victim.nikEncrypted),
      passportNumber: this.cipher.decrypt(
        PERSONAL_FIELD.passport,
        victim.id,
        victim.passportEncrypted,
      ),
      phone: this.cipher.decrypt(PERSONAL_FIELD.phone, victim.id, victim.phoneEncrypted),
      originStreet: this.cipher.decrypt(
        PERSONAL_FIELD.originStreet,
        victim.id,
        victim.originStreetEncrypted,
      ),
      originRegionCode: victim.originRegionCode,
    };
  }

  async add(
    actor: AuthenticatedUser,
    caseId: string,
    dto: VictimInputDto,
  ): Promise<VictimResponseDto> {
    const record = await this.readable.caseFor(actor, caseId);
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();
    await this.assertValid(dto);
    const victimId = await this.dataSource.transaction(async (manager) => {
      const current = await this.cases.lockForUpdate(caseId, manager);
      if (!current) throw new CaseNotFoundError();
      const [saved] = await this.victims.insertMany(
        [this.records.victimRow(dto, caseId, current.incidentDate)],
        manager,
      );
      const family = await this.victims.insertFamilyMembers(
        (dto.familyMembers ?? []).map((member) =>
          this.records.familyRow(member, saved.id, actor.id),
        ),
        manager,
      );
      await this.audit.recordMany(manager, actor, [
        { action: 'victim.created', entityType: 'victim', entityId: saved.id, caseId },
        ...family.map((f) => ({
          action: 'family_member.created',
          entityType: 'family_member',
          entityId: f.id,
          caseId,
        })),
      ]);
      await this.refreshSuggestedPriority(actor, caseId, manager);
      return saved.id;
    });
    this.duplicateChecks.request([victimId]);
    return this.get(actor, victimId);
  }

  async update(
    actor: AuthenticatedUser,
    id: string,
    dto: UpdateVictimDto,
  ): Promise<VictimResponseDto> {
    const { victim, record } = await this.readable.victimFor(actor, id);
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();
    const { version, ...changes } = dto;
    const merged = { ...this.asInput(victim), ...changes } as VictimFieldsDto;
    await this.assertValid(merged, changes);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.victims.findById(id, manager);
      if (!current) throw new VictimNotFoundError();
      if (current.version !== version) throw new VersionConflictError('victim', current.version);
      const row = this.records.victimRow(
        merged,
        current.caseId,
        record.incidentDate,
        current.personId,
        current.id,
      );
      // Identifiers the caller did not send stay as stored (the merged input has no plaintext).
      const next: Partial<Victim> = { ...row };
      if (changes.nik === undefined)
        Object.assign(next, {
          nikEncrypted: current.nikEncrypted,
          nikHash: current.nikHash,
          nikLast4: current.nikLast4,
        });
      if (changes.passportNumber === undefined)
        Object.assign(next, {
          passportEncrypted: current.passportEncrypted,
          passportLast4: current.passportLast4,
        });
      if (changes.phone === undefined)
        Object.assign(next, {
          phoneEncrypted: current.phoneEncrypted,
          phoneHash: current.phoneHash,
        });
      if (changes.originStreet === undefined)
        next.originStreetEncrypted = current.originStreetEncrypted;
      delete next.caseId;
      delete next.id;
      const updated = await this.victims.update(id, version, next, manager);
      await this.audit.record(manager, actor, {
        action: 'victim.updated',
        entityType: 'victim',
        entityId: id,
        caseId: current.caseId,
        changes: describeChanges(
          current as unknown as Record<string, unknown>,
          updated as unknown as Record<string, unknown>,
          VICTIM_AUDIT_FIELDS,
        ),
      });
      await this.refreshSuggestedPriority(actor, current.caseId, manager);
    });
    this.duplicateChecks.request([id]);
    return this.get(actor, id);
  }

  /** Records that a victim of this case is the same person as a victim of an earlier case. */
  async linkSamePerson(
    actor: AuthenticatedUser,
    id: string,
    otherVictimId: string,
  ): Promise<VictimResponseDto> {
    const { victim, record } = await this.readable.victimFor(actor, id);
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();
    const other = await this.victims.findById(otherVictimId);
    const otherCase = other ? await this.cases.findById(other.caseId) : null;
    if (!other || !otherCase || !CaseAccess.canRead(actor, otherCase) || other.id === victim.id) {
      throw ValidationFailedError.forField(
        'otherVictimId',
        'otherVictimId is not a victim you can see in another record',
      );
    }
    await this.dataSource.transaction(async (manager) => {
      await this.victims.update(id, victim.version, { personId: other.personId }, manager);
      await this.audit.record(manager, actor, {
        action: 'victim.linked_same_person',
        entityType: 'victim',
        entityId: id,
        caseId: victim.caseId,
        changes: { personId: { from: victim.personId, to: other.personId }, otherVictimId },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Makes a victim the same person as another record, whoever's that record is (a possible
   * duplicate decided by the victim's own staff, who may not read the other): it takes that
   * record's personId. In the caller's transaction; the caller checked the right to change it.
   */
  async adoptPerson(
    manager: EntityManager,
    actor: AuthenticatedUser,
    victimId: string,
    personId: string,
    because: Record<string, unknown>,
  ): Promise<void> {
    const current = await this.victims.findById(victimId, manager);
    if (!current) throw new VictimNotFoundError();
    if (current.personId === personId) return;
    await this.victims.update(victimId, current.version, { personId }, manager);
    await this.audit.record(manager, actor, {
      action: 'victim.linked_same_person',
      entityType: 'victim',
      entityId: victimId,
      caseId: current.caseId,
      changes: { personId: { from: current.personId, to: personId }, ...because },
    });
  }

  /** Victims as responses, each with its family members, masked for the caller's role. */
  async present(actor: AuthenticatedUser, rows: Victim[]): Promise<VictimResponseDto[]> {
    const familyByVictim = new Map<string, FamilyMember[]>();
    for (const member of await this.victims.familyOf(rows.map((v) => v.id))) {
      const members = familyByVictim.get(member.victimId) ?? [];
      members.push(member);
      familyByVictim.set(member.victimId, members);
    }
    return this.presentWithFamilies(
      actor,
      rows.map((victim) => ({ victim, family: familyByVictim.get(victim.id) ?? [] })),
    );
  }

  /** The same, for victims read together with their families. */
  presentWithFamilies(
    actor: AuthenticatedUser,
    entries: Array<{ victim: Victim; family: FamilyMember[] }>,
  ): VictimResponseDto[] {
    const showMaskedIdentifiers = CaseAccess.seesMaskedIdentifiers(actor);
    return entries.map(({ victim, family }) =>
      Object.assign(VictimResponseDto.from(victim, { showMaskedIdentifiers }), {
        familyMembers: family.map((member) => FamilyMemberResponseDto.from(member)),
      }),
    );
  }

  private async assertValid(
    dto: VictimInputDto | VictimFieldsDto,
    onlyFields?: object,
  ): Promise<void> {
    const problems = this.records.crossFieldProblems(dto, '');
    const references = new ReferenceChecks();
    const checks = onlyFields ?? dto;
    if ('originRegionCode' in checks) references.region('originRegionCode', dto.originRegionCode);
    if ('citizenship' in checks) references.country('citizenship', dto.citizenship);
    if ('deathCountry' in checks) references.country('deathCountry', dto.deathCountry);
    if ('familyMembers' in dto) {
      (dto.familyMembers ?? []).forEach((member, j) =>
        references.region(`familyMembers[${j}].regionCode`, member.regionCode),
      );
    }
    problems.push(...(await references.problems(this.regions)));
    if (problems.length > 0) throw new ValidationFailedError(problems);
  }

  /** The stored victim as input, for merging a partial update (identifiers stay encrypted). */
  private asInput(victim: Victim): Partial<VictimFieldsDto> {
    const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);
    return {
      fullName: victim.fullName,
      otherNames: victim.otherNames,
      gender: victim.gender,
      dateOfBirth: optional(victim.dateOfBirth),
      estimatedAge: optional(victim.estimatedAge),
      recruitmentDate: optional(victim.recruitmentDate),
      citizenship: victim.citizenship,
      originRegionCode: optional(victim.originRegionCode),
      migrationChannel: victim.migrationChannel,
      placementCompany: optional(victim.placementCompany),
      occupationAbroad: optional(victim.occupationAbroad),
      employerAbroad: optional(victim.employerAbroad),
      currentSituation: victim.currentSituation,
      deathDate: optional(victim.deathDate),
      deathPlace: optional(victim.deathPlace),
      deathCountry: optional(victim.deathCountry),
      deathCause: optional(victim.deathCause),
      remainsStatus: optional(victim.remainsStatus),
      deathCertificateRef: optional(victim.deathCertificateRef),
      traffickingStatus: victim.traffickingStatus,
      traffickingStatusDecidedBy: optional(victim.traffickingStatusDecidedBy),
    };
  }

  /**
   * Victims changed: the case's suggested priority follows, and so does its priority unless
   * overridden. The case row is locked first, so a concurrent change to the case (or to another
   * of its victims) is waited for instead of failing this one with a version conflict; the change
   * is audited as the acting user's, under their request.
   */
  private async refreshSuggestedPriority(
    actor: AuthenticatedUser,
    caseId: string,
    manager: import('typeorm').EntityManager,
  ): Promise<void> {
    const current = await this.cases.lockForUpdate(caseId, manager, 'for_no_key_update');
    if (!current) return;
    const suggested = suggestPriority({
      incidentType: current.incidentType,
      victims: await this.victims.prioritySignals(caseId, manager),
    });
    if (suggested === current.suggestedPriority) return;
    const priority = current.priorityOverrideReason === null ? suggested : current.priority;
    await this.cases.update(
      caseId,
      current.version,
      { suggestedPriority: suggested, priority },
      manager,
    );
    await this.audit.record(manager, actor, {
      action: 'case.priority_suggested',
      entityType: 'case',
      entityId: caseId,
      caseId,
      changes: {
        suggestedPriority: { from: current.suggestedPriority, to: suggested },
        priority: { from: current.priority, to: priority },
      },
    });
  }
}
