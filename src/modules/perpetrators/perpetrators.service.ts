import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import {
  AppError,
  ErrorKind,
  ValidationFailedError,
  VersionConflictError,
} from '../../common/errors/app-error';
import { toE164 } from '../../common/identity/identity-numbers';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { AuditEntry, AuditService, describeChanges, FieldDisclosure } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { CaseReadOnlyError } from '../cases/cases.errors';
import { ReadableRecords } from '../cases/readable-records';
import { ReferenceChecks } from '../cases/reference-checks';
import { LinkedPerpetratorDto } from '../cases/dto/case-response.dto';
import { RegionsRepository } from '../regions/regions.repository';
import { UserRole } from '../users/user-role';
import { BLIND_INDEX, PERSONAL_FIELD } from '../victims/victim-records';
import { CasePerpetratorLinkDto } from './dto/perpetrator-input.dto';
import {
  PerpetratorResponseDto,
  SearchPerpetratorsQueryDto,
  UpdatePerpetratorDto,
} from './dto/perpetrator-response.dto';
import { Perpetrator } from './perpetrator.entity';
import { PerpetratorsRepository } from './perpetrators.repository';

export class PerpetratorNotFoundError extends AppError {
  constructor() {
    super(ErrorKind.NotFound, 'PERPETRATOR.NOT_FOUND', 'Perpetrator not found');
  }
}

const PERPETRATOR_AUDIT_FIELDS: Record<string, FieldDisclosure> = {
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
    if (dto.perpetratorId && !(await this.perpetrators.findById(dto.perpetratorId))) {
      throw ValidationFailedError.forField('perpetratorId', 'perpetratorId is not in the register');
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
        {
          id,
          fullName: link.perpetrator.fullName,
          aliases: link.perpetrator.aliases ?? [],
          roles: link.perpetrator.roles ?? [],
          placementCompany: link.perpetrator.placementCompany ?? null,
          ...this.phoneColumns(id, link.perpetrator.phones ?? []),
          socialHandles: link.perpetrator.socialHandles ?? [],
          homeRegionCode: link.perpetrator.homeRegionCode ?? null,
          status: link.perpetrator.status,
          recordedByAgencyId: target.owningAgencyId,
        },
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
    const perpetrator = await this.perpetrators.findById(id);
    if (!perpetrator) throw new PerpetratorNotFoundError();
    const linked = await this.perpetrators.linkedCases(id);
    const visible = linked.filter((row) =>
      CaseAccess.canRead(actor, { owningAgencyId: row.owning_agency_id }),
    );
    const seesRegister = actor.role === UserRole.Admin || visible.length > 0;
    if (!seesRegister) throw new PerpetratorNotFoundError();
    const fullPhones =
      actor.role === UserRole.Admin ||
      visible.some((row) => CaseAccess.canWrite(actor, { owningAgencyId: row.owning_agency_id }));
    return this.toResponse(perpetrator, visible, linked.length, fullPhones);
  }

  async search(
    actor: AuthenticatedUser,
    query: SearchPerpetratorsQueryDto,
  ): Promise<PerpetratorResponseDto[]> {
    if (!query.phone && !query.q)
      throw ValidationFailedError.forField('q', 'give a phone number or part of a name (q)');
    const phoneHash = query.phone
      ? this.cipher.blindIndex(BLIND_INDEX.phone, toE164(query.phone)!)
      : undefined;
    const found = await this.perpetrators.search({ phoneHash, text: query.q });
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
    const perpetrator = await this.perpetrators.findById(id);
    if (!perpetrator) throw new PerpetratorNotFoundError();
    const linked = await this.perpetrators.linkedCases(id);
    const readable =
      actor.role === UserRole.Admin ||
      linked.some((row) => CaseAccess.canRead(actor, { owningAgencyId: row.owning_agency_id }));
    if (!readable) throw new PerpetratorNotFoundError();
    const writable =
      actor.role === UserRole.Admin ||
      linked.some((row) => CaseAccess.canWrite(actor, { owningAgencyId: row.owning_agency_id }));
    if (!writable) throw new CaseReadOnlyError();
    const { version, ...changes } = dto;
    const problems = await new ReferenceChecks()
      .region('homeRegionCode', changes.homeRegionCode)
      .problems(this.regions);
    if (problems.length > 0) throw new ValidationFailedError(problems);
    await this.dataSource.transaction(async (manager) => {
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
      const result = await updateIfVersionMatches(
        manager.getRepository(Perpetrator),
        id,
        version,
        next,
      );
      if (result.outcome === 'not_found') throw new PerpetratorNotFoundError();
      if (result.outcome === 'stale')
        throw new VersionConflictError('perpetrator', result.currentVersion);
      await this.audit.record(manager, actor, {
        action: 'perpetrator.updated',
        entityType: 'perpetrator',
        entityId: id,
        changes: describeChanges(
          perpetrator as unknown as Record<string, unknown>,
          result.row as unknown as Record<string, unknown>,
          PERPETRATOR_AUDIT_FIELDS,
        ),
      });
    });
    return this.get(actor, id);
  }

  /** Phones as stored: encrypted for reading, hashed for exact search, both in E.164. */
  private phoneColumns(
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
    perpetrator: Perpetrator,
    visible: Awaited<ReturnType<PerpetratorsRepository['linkedCases']>>,
    linkedCaseCount: number,
    fullPhones: boolean,
  ): PerpetratorResponseDto {
    const phones = perpetrator.phonesEncrypted.map((stored) =>
      this.cipher.decrypt(PERSONAL_FIELD.perpetratorPhone, perpetrator.id, stored),
    );
    return {
      id: perpetrator.id,
      fullName: perpetrator.fullName,
      aliases: perpetrator.aliases,
      roles: perpetrator.roles,
      placementCompany: perpetrator.placementCompany,
      phones: fullPhones
        ? phones
        : phones.map((p) => `${'*'.repeat(Math.max(p.length - 4, 0))}${p.slice(-4)}`),
      socialHandles: perpetrator.socialHandles,
      homeRegionCode: perpetrator.homeRegionCode,
      status: perpetrator.status,
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
