import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { ValidationFailedError, VersionConflictError } from '../../common/errors/app-error';
import { toE164 } from '../../common/identity/identity-numbers';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { AuditEntry, AuditService, describeChanges, FieldDisclosure } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { CaseReadOnlyError, IdentitySearchNotAllowedError } from '../cases/cases.errors';
import { ReadableRecords } from '../cases/readable-records';
import { ReferenceChecks } from '../cases/reference-checks';
import { LinkedPerpetratorDto } from '../cases/dto/case-response.dto';
import { RegionsRepository } from '../regions/regions.repository';
import { UserRole } from '../users/user-role';
import { BLIND_INDEX, PERSONAL_FIELD } from '../victims/victim-records';
import { CasePerpetratorLinkDto, PerpetratorInputDto } from './dto/perpetrator-input.dto';
import {
  PerpetratorResponseDto,
  SearchPerpetratorsQueryDto,
  UpdatePerpetratorDto,
} from './dto/perpetrator-response.dto';
import { Perpetrator } from './perpetrator.entity';
import {
  LinkedCaseRow,
  LinkedPerpetratorRow,
  PerpetratorsRepository,
} from './perpetrators.repository';
import { CasePerpetrator } from './case-perpetrator.entity';
import {
  PerpetratorIdentityOwnedElsewhereError,
  PerpetratorMergedError,
  PerpetratorNotFoundError,
} from './perpetrators.errors';

export { PerpetratorNotFoundError };

/** Who the perpetrator is: only the agency that recorded them changes these; others propose. */
export const IDENTITY_FIELDS = [
  'fullName',
  'aliases',
  'placementCompany',
  'phones',
  'socialHandles',
  'homeRegionCode',
] as const;

export const PERPETRATOR_AUDIT_FIELDS: Record<string, FieldDisclosure> = {
  fullName: 'redacted',
  aliases: 'redacted',
  roles: 'value',
  placementCompany: 'redacted',
  phoneHashes: 'redacted',
  socialHandles: 'redacted',
  homeRegionCode: 'value',
  status: 'value',
};

@Injectable()
export class PerpetratorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly perpetrators: PerpetratorsRepository,
    private readonly readable: ReadableRecords,
    private readonly regions: RegionsRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditService,
  ) {}

  async listForCase(actor: AuthenticatedUser, caseId: string): Promise<LinkedPerpetratorDto[]> {
    await this.readable.caseFor(actor, caseId);
    return (await this.perpetrators.linkedToCase(caseId)).map((row) =>
      LinkedPerpetratorDto.fromRow(row),
    );
  }

  /** Links a perpetrator from the register (or a new one) to a case: how syndicates show. */
  async linkToCase(
    actor: AuthenticatedUser,
    caseId: string,
    dto: CasePerpetratorLinkDto,
  ): Promise<PerpetratorResponseDto> {
    const record = await this.readable.caseFor(actor, caseId);
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();
    if ((dto.perpetratorId === undefined) === (dto.perpetrator === undefined)) {
      throw ValidationFailedError.forField(
        'perpetratorId',
        'give either perpetratorId (from the register) or perpetrator (a new one)',
      );
    }
    // The register is reached only through records the caller may already see: anything else
    // is answered exactly as an id that does not exist.
    if (
      dto.perpetratorId &&
      !(
        await this.perpetrators.findVisibleIds(
          [dto.perpetratorId],
          CaseAccess.listableAgencies(actor),
        )
      ).has(dto.perpetratorId)
    ) {
      throw new PerpetratorNotFoundError();
    }
    const problems = await new ReferenceChecks()
      .region('perpetrator.homeRegionCode', dto.perpetrator?.homeRegionCode)
      .problems(this.regions);
    if (problems.length > 0) throw new ValidationFailedError(problems);

    const perpetratorId = await this.dataSource.transaction(async (manager) => {
      const linked = await this.linkWithin(
        manager,
        actor,
        { caseId, owningAgencyId: record.owningAgencyId },
        dto,
      );
      await this.audit.recordMany(manager, actor, linked.auditEntries);
      return linked.perpetratorId;
    });
    return this.get(actor, perpetratorId);
  }

  /** A perpetrator new to the register, recorded by the agency of the case that names them. */
  private newPerpetratorRow(
    id: string,
    input: PerpetratorInputDto,
    recordedByAgencyId: string,
  ): Partial<Perpetrator> {
    return {
      id,
      fullName: input.fullName,
      aliases: input.aliases ?? [],
      roles: input.roles ?? [],
      placementCompany: input.placementCompany ?? null,
      ...this.phoneColumns(id, input.phones ?? []),
      socialHandles: input.socialHandles ?? [],
      homeRegionCode: input.homeRegionCode ?? null,
      status: input.status,
      recordedByAgencyId,
    };
  }

  /**
   * The rows that link a new case to its perpetrators, for the case's own statement to write:
   * perpetrators new to the register, the links, their audit entries and what the case will show
   * of each (linked when the case is written). `known` holds the register's perpetrators the
   * request names, already checked visible to the caller. A perpetrator named twice is linked once.
   */
  planNewCaseLinks(
    actor: AuthenticatedUser,
    target: { caseId: string; owningAgencyId: string },
    links: CasePerpetratorLinkDto[],
    known: Map<
      string,
      Pick<LinkedPerpetratorRow, 'perpetrator_id' | 'full_name' | 'aliases' | 'home_region_code'>
    >,
  ): {
    perpetrators: Array<Partial<Perpetrator>>;
    links: Array<Partial<CasePerpetrator>>;
    auditEntries: AuditEntry[];
    shown: Array<Omit<LinkedPerpetratorRow, 'linked_at'>>;
  } {
    const plan: ReturnType<PerpetratorsService['planNewCaseLinks']> = {
      perpetrators: [],
      links: [],
      auditEntries: [],
      shown: [],
    };
    const linked = new Set<string>();
    for (const link of links) {
      let summary = link.perpetratorId ? known.get(link.perpetratorId) : undefined;
      if (!summary && link.perpetrator) {
        // Chosen before the insert: the phones' ciphertexts are bound to the row.
        const id = randomUUID();
        plan.perpetrators.push(this.newPerpetratorRow(id, link.perpetrator, target.owningAgencyId));
        plan.auditEntries.push({
          action: 'perpetrator.created',
          entityType: 'perpetrator',
          entityId: id,
          caseId: target.caseId,
        });
        summary = {
          perpetrator_id: id,
          full_name: link.perpetrator.fullName,
          aliases: link.perpetrator.aliases ?? [],
          home_region_code: link.perpetrator.homeRegionCode ?? null,
        };
      }
      if (!summary)
        throw new Error('A perpetrator link needs a known perpetratorId or perpetrator');
      if (linked.has(summary.perpetrator_id)) continue;
      linked.add(summary.perpetrator_id);
      plan.links.push({
        caseId: target.caseId,
        perpetratorId: summary.perpetrator_id,
        relationshipToVictims: link.relationshipToVictims ?? null,
        roleInCase: link.roleInCase ?? null,
        linkedBy: actor.id,
      });
      plan.auditEntries.push({
        action: 'perpetrator.linked',
        entityType: 'perpetrator',
        entityId: summary.perpetrator_id,
        caseId: target.caseId,
      });
      plan.shown.push({
        ...summary,
        relationship_to_victims: link.relationshipToVictims ?? null,
        role_in_case: link.roleInCase ?? null,
      });
    }
    return plan;
  }

  /**
   * Inside the caller's transaction: records a new perpetrator if the link brings one, links it
   * to the case, and returns the audit entries for the caller to write with the rest.
   */
  async linkWithin(
    manager: EntityManager,
    actor: AuthenticatedUser,
    target: { caseId: string; owningAgencyId: string },
    link: CasePerpetratorLinkDto,
  ): Promise<{ perpetratorId: string; auditEntries: AuditEntry[] }> {
    const auditEntries: AuditEntry[] = [];
    let perpetratorId = link.perpetratorId;
    if (!perpetratorId && link.perpetrator) {
      // Chosen before the insert: the phones' ciphertexts are bound to the row.
      const id = randomUUID();
      const saved = await this.perpetrators.insert(
        this.newPerpetratorRow(id, link.perpetrator, target.owningAgencyId),
        manager,
      );
      perpetratorId = saved.id;
      auditEntries.push({
        action: 'perpetrator.created',
        entityType: 'perpetrator',
        entityId: saved.id,
        caseId: target.caseId,
      });
    }
    if (!perpetratorId) throw new Error('A perpetrator link needs perpetratorId or perpetrator');
    const linked = await this.perpetrators.link(
      {
        caseId: target.caseId,
        perpetratorId,
        relationshipToVictims: link.relationshipToVictims ?? null,
        roleInCase: link.roleInCase ?? null,
        linkedBy: actor.id,
      },
      manager,
    );
    if (linked) {
      auditEntries.push({
        action: 'perpetrator.linked',
        entityType: 'perpetrator',
        entityId: perpetratorId,
        caseId: target.caseId,
      });
    }
    return { perpetratorId, auditEntries };
  }

  async get(actor: AuthenticatedUser, id: string): Promise<PerpetratorResponseDto> {
    const { perpetrator, linked, visible } = await this.loadReadable(actor, id);
    return this.toResponse(
      actor,
      perpetrator,
      visible,
      linked.length,
      this.phoneDisclosure(actor, visible),
    );
  }

  /** The perpetrator and its linked cases, or "not found" for a caller who may not see it. */
  async loadReadable(
    actor: AuthenticatedUser,
    id: string,
  ): Promise<{ perpetrator: Perpetrator; linked: LinkedCaseRow[]; visible: LinkedCaseRow[] }> {
    const perpetrator = await this.perpetrators.findById(id);
    if (!perpetrator) throw new PerpetratorNotFoundError();
    if (perpetrator.mergedIntoId !== null) {
      // Where it went, for a caller who may see that record; "not found" for anyone else.
      const survivorVisible =
        actor.role === UserRole.Admin ||
        (await this.perpetrators.linkedCases(perpetrator.mergedIntoId)).some((row) =>
          CaseAccess.canRead(actor, { owningAgencyId: row.owning_agency_id }),
        );
      throw survivorVisible
        ? new PerpetratorMergedError(perpetrator.mergedIntoId)
        : new PerpetratorNotFoundError();
    }
    const linked = await this.perpetrators.linkedCases(id);
    const visible = linked.filter((row) =>
      CaseAccess.canRead(actor, { owningAgencyId: row.owning_agency_id }),
    );
    if (actor.role !== UserRole.Admin && visible.length === 0) throw new PerpetratorNotFoundError();
    return { perpetrator, linked, visible };
  }

  /**
   * Full numbers for admins and the staff who may change a linked case; the last four digits for
   * other readers; no digit at all for viewers, who see no identifier anywhere.
   */
  phoneDisclosure(actor: AuthenticatedUser, visible: LinkedCaseRow[]): PhoneDisclosure {
    if (actor.role === UserRole.Admin) return 'full';
    if (visible.some((row) => CaseAccess.canWrite(actor, { owningAgencyId: row.owning_agency_id })))
      return 'full';
    return CaseAccess.seesMaskedIdentifiers(actor) ? 'last4' : 'none';
  }

  /** Admins, and the staff of the agency that recorded the perpetrator, change who they are. */
  ownsIdentity(actor: AuthenticatedUser, perpetrator: Perpetrator): boolean {
    if (actor.role === UserRole.Admin) return true;
    return (
      (actor.role === UserRole.Caseworker || actor.role === UserRole.Supervisor) &&
      actor.agencyId === perpetrator.recordedByAgencyId
    );
  }

  async search(
    actor: AuthenticatedUser,
    query: SearchPerpetratorsQueryDto,
  ): Promise<PerpetratorResponseDto[]> {
    if (!query.phone && !query.q)
      throw ValidationFailedError.forField('q', 'give a phone number or part of a name (q)');
    if (query.phone && !CaseAccess.maySearchByIdentity(actor))
      throw new IdentitySearchNotAllowedError();
    const phoneHash = query.phone
      ? this.cipher.blindIndex(BLIND_INDEX.phone, toE164(query.phone)!)
      : undefined;
    const found = await this.perpetrators.search({
      phoneHash,
      text: query.q,
      agencyIds: CaseAccess.listableAgencies(actor),
    });
    const results: PerpetratorResponseDto[] = [];
    for (const perpetrator of found) {
      try {
        results.push(await this.get(actor, perpetrator.id));
      } catch (error) {
        if (!(error instanceof PerpetratorNotFoundError)) throw error;
      }
    }
    return results;
  }

  async update(
    actor: AuthenticatedUser,
    id: string,
    dto: UpdatePerpetratorDto,
  ): Promise<PerpetratorResponseDto> {
    const { perpetrator, visible } = await this.loadReadable(actor, id);
    const writable =
      actor.role === UserRole.Admin ||
      visible.some((row) => CaseAccess.canWrite(actor, { owningAgencyId: row.owning_agency_id }));
    if (!writable) throw new CaseReadOnlyError();
    const { version, ...changes } = dto;
    const identityChanges = IDENTITY_FIELDS.filter((field) => changes[field] !== undefined);
    if (identityChanges.length > 0 && !this.ownsIdentity(actor, perpetrator))
      throw new PerpetratorIdentityOwnedElsewhereError(identityChanges);
    const problems = await new ReferenceChecks()
      .region('homeRegionCode', changes.homeRegionCode)
      .problems(this.regions);
    if (problems.length > 0) throw new ValidationFailedError(problems);
    const next: Partial<Perpetrator> = {};
    for (const field of [
      'fullName',
      'aliases',
      'roles',
      'placementCompany',
      'socialHandles',
      'homeRegionCode',
      'status',
    ] as const) {
      if (changes[field] !== undefined) Object.assign(next, { [field]: changes[field] });
    }
    if (changes.phones !== undefined) Object.assign(next, this.phoneColumns(id, changes.phones));
    await this.dataSource.transaction((manager) =>
      this.applyChanges(manager, actor, id, version, next),
    );
    return this.get(actor, id);
  }

  /**
   * Changes the shared record at the version the caller saw, and notes the change on the
   * timeline of every case it is linked to: each agency learns that a record its case relies on
   * changed, without learning of the others' cases.
   */
  async applyChanges(
    manager: EntityManager,
    actor: AuthenticatedUser,
    id: string,
    version: number,
    next: Partial<Perpetrator>,
    context: Record<string, unknown> = {},
    proposedByAgencyId?: string,
  ): Promise<void> {
    const before = await this.perpetrators.lockForUpdate(id, manager);
    if (!before) throw new PerpetratorNotFoundError();
    const result = await updateIfVersionMatches(
      manager.getRepository(Perpetrator),
      id,
      version,
      next,
    );
    if (result.outcome === 'not_found') throw new PerpetratorNotFoundError();
    if (result.outcome === 'stale')
      throw new VersionConflictError('perpetrator', result.currentVersion);
    await this.auditOnEveryLinkedCase(
      manager,
      actor,
      id,
      'perpetrator.updated',
      {
        ...describeChanges(
          before as unknown as Record<string, unknown>,
          result.row as unknown as Record<string, unknown>,
          PERPETRATOR_AUDIT_FIELDS,
        ),
        ...context,
      },
      proposedByAgencyId,
    );
  }

  /**
   * One entry per linked case. Only the actor's own agency (and admins' entries, which name no
   * agency) learn who acted: on another agency's case the entry names no actor and no agency, as
   * either would tell that agency who else has a case on this perpetrator. `proposedByAgencyId`
   * is kept only on the cases of the proposing agency and of the acting one.
   */
  async auditOnEveryLinkedCase(
    manager: EntityManager,
    actor: AuthenticatedUser,
    perpetratorId: string,
    action: string,
    changes: Record<string, unknown>,
    proposedByAgencyId?: string,
  ): Promise<void> {
    const linked = await this.perpetrators.linkedCaseOwners(perpetratorId, manager);
    const entry = (caseId: string, caseChanges: Record<string, unknown>): AuditEntry => ({
      action,
      entityType: 'perpetrator',
      entityId: perpetratorId,
      caseId,
      changes: caseChanges,
    });
    const named: AuditEntry[] = [];
    const anonymous: AuditEntry[] = [];
    for (const { caseId, owningAgencyId } of linked) {
      const actorsOwn = actor.role === UserRole.Admin || owningAgencyId === actor.agencyId;
      const proposerKnown =
        proposedByAgencyId !== undefined &&
        (owningAgencyId === proposedByAgencyId || owningAgencyId === actor.agencyId);
      const caseChanges = proposerKnown ? { ...changes, proposedByAgencyId } : changes;
      if (actorsOwn) named.push(entry(caseId, caseChanges));
      else
        anonymous.push({
          ...entry(caseId, { ...caseChanges, by: ANOTHER_AGENCY }),
          requestId: actor.requestId,
        });
    }
    await this.audit.recordMany(manager, actor, named);
    await this.audit.recordMany(manager, null, anonymous);
  }

  /** Phones as stored: encrypted for reading, hashed for exact search, both in E.164. */
  phoneColumns(
    perpetratorId: string,
    phones: string[],
  ): Pick<Perpetrator, 'phonesEncrypted' | 'phoneHashes'> {
    const normalised = phones.map((phone) => toE164(phone) ?? phone);
    return {
      phonesEncrypted: normalised.map((p) =>
        this.cipher.encrypt(PERSONAL_FIELD.perpetratorPhone, perpetratorId, p),
      ),
      phoneHashes: normalised.map((p) => this.cipher.blindIndex(BLIND_INDEX.phone, p)),
    };
  }

  private toResponse(
    actor: AuthenticatedUser,
    perpetrator: Perpetrator,
    visible: LinkedCaseRow[],
    linkedCaseCount: number,
    phoneDisclosure: PhoneDisclosure,
  ): PerpetratorResponseDto {
    const phones = perpetrator.phonesEncrypted.map((stored) =>
      this.cipher.decrypt(PERSONAL_FIELD.perpetratorPhone, perpetrator.id, stored),
    );
    const recordedByYourAgency = actor.agencyId === perpetrator.recordedByAgencyId;
    return {
      id: perpetrator.id,
      fullName: perpetrator.fullName,
      aliases: perpetrator.aliases,
      roles: perpetrator.roles,
      placementCompany: perpetrator.placementCompany,
      phones: disclosePhones(phones, phoneDisclosure),
      socialHandles: perpetrator.socialHandles,
      homeRegionCode: perpetrator.homeRegionCode,
      status: perpetrator.status,
      recordedByAgencyId:
        recordedByYourAgency || actor.role === UserRole.Admin
          ? perpetrator.recordedByAgencyId
          : null,
      recordedByYourAgency,
      version: perpetrator.version,
      cases: visible.map((row) => ({
        caseId: row.case_id,
        caseNumber: row.case_number,
        title: row.title,
        status: row.status,
        linkedAt: row.linked_at,
      })),
      linkedCaseCount,
    };
  }
}

/** What an audit entry names as its actor on a case of an agency other than the actor's. */
export const ANOTHER_AGENCY = 'another_agency';

export type PhoneDisclosure = 'full' | 'last4' | 'none';

export function disclosePhones(phones: string[], disclosure: PhoneDisclosure): string[] {
  if (disclosure === 'full') return phones;
  return phones.map((p) =>
    disclosure === 'last4'
      ? `${'*'.repeat(Math.max(p.length - 4, 0))}${p.slice(-4)}`
      : '*'.repeat(p.length),
  );
}
