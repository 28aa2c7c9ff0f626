import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import {
  AppError,
  ErrorKind,
  ValidationFailedError,
  VersionConflictError,
} from '../../common/errors/app-error';
import { toE164 } from '../../common/identity/identity-numbers';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { AuditService, describeChanges, FieldDisclosure } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { CaseNotFoundError, CaseReadOnlyError } from '../cases/cases.errors';
import { CasesRepository } from '../cases/cases.repository';
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
    private readonly cases: CasesRepository,
    private readonly regions: RegionsRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditService,
  ) {}

  async listForCase(actor: AuthenticatedUser, caseId: string): Promise<LinkedPerpetratorDto[]> {
    const record = await this.cases.findById(caseId);
    if (!record || !CaseAccess.canRead(actor, record)) throw new CaseNotFoundError();
    return (await this.perpetrators.linkedToCase(caseId)).map((row) => ({
      perpetratorId: row.perpetrator_id,
      fullName: row.full_name,
      aliases: row.aliases,
      homeRegionCode: row.home_region_code,
      relationshipToVictims: row.relationship_to_victims,
      roleInCase: row.role_in_case,
      linkedAt: row.linked_at,
    }));
  }

  /** Links a perpetrator from the register (or a new one) to a case: how syndicates show. */
  async linkToCase(
    actor: AuthenticatedUser,
    caseId: string,
    dto: CasePerpetratorLinkDto,
  ): Promise<PerpetratorResponseDto> {
    const record = await this.cases.findById(caseId);
    if (!record || !CaseAccess.canRead(actor, record)) throw new CaseNotFoundError();
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
      let id = dto.perpetratorId;
      if (!id && dto.perpetrator) {
        const phones = (dto.perpetrator.phones ?? []).map((p) => toE164(p)!);
        const saved = await this.perpetrators.insert(
          {
            fullName: dto.perpetrator.fullName,
            aliases: dto.perpetrator.aliases ?? [],
            roles: dto.perpetrator.roles ?? [],
            placementCompany: dto.perpetrator.placementCompany ?? null,
            phonesEncrypted: phones.map((p) =>
              this.cipher.encrypt(PERSONAL_FIELD.perpetratorPhone, p),
            ),
            phoneHashes: phones.map((p) => this.cipher.blindIndex(BLIND_INDEX.phone, p)),
            socialHandles: dto.perpetrator.socialHandles ?? [],
            homeRegionCode: dto.perpetrator.homeRegionCode ?? null,
            status: dto.perpetrator.status,
            recordedByAgencyId: record.owningAgencyId,
          },
          manager,
        );
        id = saved.id;
        await this.audit.record(manager, actor, {
          action: 'perpetrator.created',
          entityType: 'perpetrator',
          entityId: id,
          caseId,
        });
      }
      const linked = await this.perpetrators.link(
        {
          caseId,
          perpetratorId: id!,
          relationshipToVictims: dto.relationshipToVictims ?? null,
          roleInCase: dto.roleInCase ?? null,
          linkedBy: actor.id,
        },
        manager,
      );
      if (linked)
        await this.audit.record(manager, actor, {
          action: 'perpetrator.linked',
          entityType: 'perpetrator',
          entityId: id!,
          caseId,
        });
      return id!;
    });
    return this.get(actor, perpetratorId);
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
      if (changes.phones !== undefined) {
        const phones = changes.phones.map((p) => toE164(p)!);
        next.phonesEncrypted = phones.map((p) =>
          this.cipher.encrypt(PERSONAL_FIELD.perpetratorPhone, p),
        );
        next.phoneHashes = phones.map((p) => this.cipher.blindIndex(BLIND_INDEX.phone, p));
      }
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

  private toResponse(
    perpetrator: Perpetrator,
    visible: Awaited<ReturnType<PerpetratorsRepository['linkedCases']>>,
    linkedCaseCount: number,
    fullPhones: boolean,
  ): PerpetratorResponseDto {
    const phones = perpetrator.phonesEncrypted.map((stored) =>
      this.cipher.decrypt(PERSONAL_FIELD.perpetratorPhone, stored),
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
