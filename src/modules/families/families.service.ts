import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ValidationFailedError, VersionConflictError } from '../../common/errors/app-error';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { toE164 } from '../../common/identity/identity-numbers';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { AuditService, describeChanges, FieldDisclosure } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { CaseReadOnlyError, IdentityNotAllowedError } from '../cases/cases.errors';
import { ReadableRecords } from '../cases/readable-records';
import { ReferenceChecks } from '../cases/reference-checks';
import { RegionsRepository } from '../regions/regions.repository';
import {
  BLIND_INDEX,
  familyProblems,
  PERSONAL_FIELD,
  VictimRecords,
} from '../victims/victim-records';
import { Victim } from '../victims/victim.entity';
import { VictimsRepository } from '../victims/victims.repository';
import { FamilyMemberInputDto } from './dto/family-member-input.dto';
import { FamilyMemberResponseDto } from './dto/family-member-response.dto';
import { FamilyContactResponseDto, UpdateFamilyMemberDto } from './dto/update-family-member.dto';
import { FamilyMemberNotFoundError, translateFamilyWriteError } from './families.errors';
import { FamilyMember } from './family-member.entity';

const FAMILY_AUDIT_FIELDS: Record<string, FieldDisclosure> = {
  fullName: 'redacted',
  relation: 'value',
  alive: 'value',
  age: 'value',
  phoneEncrypted: 'redacted',
  streetEncrypted: 'redacted',
  regionCode: 'value',
  primaryContact: 'value',
  consentToContact: 'value',
  language: 'value',
  needs: 'value',
};

@Injectable()
export class FamiliesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly victims: VictimsRepository,
    private readonly readable: ReadableRecords,
    private readonly regions: RegionsRepository,
    private readonly records: VictimRecords,
    private readonly cipher: PersonalDataCipher,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthenticatedUser, victimId: string): Promise<FamilyMemberResponseDto[]> {
    await this.readable.victimFor(actor, victimId);
    return (await this.victims.familyOf([victimId])).map((m) => FamilyMemberResponseDto.from(m));
  }

  /** Adds a relative; naming a new primary contact takes the role from the previous one. */
  async add(
    actor: AuthenticatedUser,
    victimId: string,
    dto: FamilyMemberInputDto,
  ): Promise<FamilyMemberResponseDto> {
    const { victim, record } = await this.readable.victimFor(actor, victimId);
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();
    await this.assertValid(dto);
    const saved = await this.dataSource.transaction(async (manager) => {
      if (dto.primaryContact) {
        await this.victims.lockFamilyOf(victimId, manager);
        await this.releasePrimaryContact(actor, victim, manager);
      }
      const [member] = await this.victims.insertFamilyMembers(
        [this.records.familyRow(dto, victimId, actor.id)],
        manager,
      );
      await this.audit.record(manager, actor, {
        action: 'family_member.created',
        entityType: 'family_member',
        entityId: member.id,
        caseId: victim.caseId,
      });
      return member;
    });
    return FamilyMemberResponseDto.from(saved);
  }

  async update(
    actor: AuthenticatedUser,
    id: string,
    dto: UpdateFamilyMemberDto,
  ): Promise<FamilyMemberResponseDto> {
    const { member, victim, record } = await this.readable.familyMemberFor(actor, id);
    if (!CaseAccess.canWrite(actor, record)) throw new CaseReadOnlyError();
    const { version, ...changes } = dto;
    const alive = changes.alive ?? member.alive;
    const primary = changes.primaryContact ?? member.primaryContact;
    if (primary && !alive) {
      throw ValidationFailedError.forField(
        'primaryContact',
        'a deceased relative cannot be the primary contact',
      );
    }
    await this.assertValid(changes);
    const updated = await this.dataSource.transaction(async (manager) => {
      // The victim first, then the member: the order every family change takes its locks in.
      if (changes.primaryContact || changes.alive === false)
        await this.victims.lockFamilyOf(victim.id, manager);
      const current = await manager
        .getRepository(FamilyMember)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new FamilyMemberNotFoundError();
      if (current.version !== version)
        throw new VersionConflictError('family_member', current.version);
      if ((changes.primaryContact ?? current.primaryContact) && !(changes.alive ?? current.alive))
        throw ValidationFailedError.forField(
          'primaryContact',
          'a deceased relative cannot be the primary contact',
        );
      if (changes.primaryContact && !current.primaryContact)
        await this.releasePrimaryContact(actor, victim, manager);
      const next: Partial<FamilyMember> = {};
      for (const field of [
        'fullName',
        'relation',
        'alive',
        'age',
        'regionCode',
        'primaryContact',
        'language',
        'needs',
      ] as const) {
        if (changes[field] !== undefined) Object.assign(next, { [field]: changes[field] });
      }
      if (changes.phone !== undefined) {
        const phone = toE164(changes.phone) ?? null;
        next.phoneEncrypted = this.cipher.encrypt(PERSONAL_FIELD.familyPhone, current.id, phone);
        next.phoneHash = this.cipher.blindIndex(BLIND_INDEX.phone, phone);
      }
      if (changes.street !== undefined)
        next.streetEncrypted = this.cipher.encrypt(
          PERSONAL_FIELD.familyStreet,
          current.id,
          changes.street,
        );
      if (
        changes.consentToContact !== undefined &&
        changes.consentToContact !== current.consentToContact
      ) {
        // Who recorded the consent, and when, travel with it.
        Object.assign(next, {
          consentToContact: changes.consentToContact,
          consentRecordedAt: new Date(),
          consentRecordedBy: actor.id,
        });
      }
      const result = await updateIfVersionMatches(
        manager.getRepository(FamilyMember),
        id,
        version,
        next,
      ).catch((error: unknown) => {
        throw translateFamilyWriteError(error);
      });
      if (result.outcome === 'not_found') throw new FamilyMemberNotFoundError();
      if (result.outcome === 'stale')
        throw new VersionConflictError('family_member', result.currentVersion);
      const saved = result.row;
      await this.audit.record(manager, actor, {
        action: 'family_member.updated',
        entityType: 'family_member',
        entityId: id,
        caseId: victim.caseId,
        changes: describeChanges(
          current as unknown as Record<string, unknown>,
          saved as unknown as Record<string, unknown>,
          FAMILY_AUDIT_FIELDS,
        ),
      });
      return saved;
    });
    return FamilyMemberResponseDto.from(updated);
  }

  /** Phone and street, decrypted, for the case's own staff; every read is audited. */
  async contact(actor: AuthenticatedUser, id: string): Promise<FamilyContactResponseDto> {
    const { member, victim, record } = await this.readable.familyMemberFor(actor, id);
    if (!CaseAccess.canRevealIdentity(actor, record)) throw new IdentityNotAllowedError();
    await this.audit.recordRead(actor, {
      action: 'family_member.contact_read',
      entityType: 'family_member',
      entityId: id,
      caseId: victim.caseId,
    });
    return {
      id: member.id,
      fullName: member.fullName,
      phone: this.cipher.decrypt(PERSONAL_FIELD.familyPhone, member.id, member.phoneEncrypted),
      street: this.cipher.decrypt(PERSONAL_FIELD.familyStreet, member.id, member.streetEncrypted),
      regionCode: member.regionCode,
      consentToContact: member.consentToContact,
    };
  }

  private async releasePrimaryContact(
    actor: AuthenticatedUser,
    victim: Victim,
    manager: EntityManager,
  ): Promise<void> {
    const previous = await manager
      .getRepository(FamilyMember)
      .findOneBy({ victimId: victim.id, primaryContact: true });
    if (!previous) return;
    await manager
      .getRepository(FamilyMember)
      .createQueryBuilder()
      .update()
      .set({ primaryContact: false, version: () => 'version + 1' })
      .where('id = :id', { id: previous.id })
      .execute();
    await this.audit.record(manager, actor, {
      action: 'family_member.updated',
      entityType: 'family_member',
      entityId: previous.id,
      caseId: victim.caseId,
      changes: { primaryContact: { from: true, to: false } },
    });
  }

  private async assertValid(dto: Partial<FamilyMemberInputDto>): Promise<void> {
    const problems =
      'fullName' in dto && dto.relation
        ? familyProblems([dto as FamilyMemberInputDto], 'member').map((p) => ({
            ...p,
            field: p.field.replace(/^member\[0\]\./, ''),
          }))
        : [];
    problems.push(
      ...(await new ReferenceChecks().region('regionCode', dto.regionCode).problems(this.regions)),
    );
    if (problems.length > 0) throw new ValidationFailedError(problems);
  }
}
