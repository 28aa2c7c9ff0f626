import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { Agency } from '../agencies/agency.entity';
import { Case } from '../cases/case.entity';
import { DocumentsService } from '../documents/documents.service';
import { FamilyMember } from '../families/family-member.entity';
import { PERSONAL_FIELD } from '../victims/victim-records';
import { Victim } from '../victims/victim.entity';
import {
  ReferralResponseEntryDto,
  ReferralSharedViewDto,
  SharedFamilyMemberDto,
  SharedVictimDto,
} from './dto/referral-output.dto';
import { ReferralResponsesRepository } from './referral-responses.repository';
import { allowedResponses, isOpen } from './referral-workflow';
import { Referral } from './referral.entity';
import { SharedField } from './referral.enums';

/**
 * Builds what the receiving agency sees. Personal fields appear only when the referral lists them
 * and only for the victims and family members it names; everything else about the case stays
 * with the referring agency.
 */
@Injectable()
export class ReferralSharedView {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
    private readonly responses: ReferralResponsesRepository,
    private readonly documents: DocumentsService,
  ) {}

  async build(
    referral: Referral,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ view: ReferralSharedViewDto; revealsPersonalData: boolean }> {
    // People are shown only while the agency is working on the referral: once it is declined,
    // cancelled or completed, the need to know has ended.
    const shared = new Set(isOpen(referral.status) ? referral.sharedFields : []);
    // One after another: inside a transaction the manager holds a single connection, which runs
    // one query at a time (pg 9 refuses a second one sent while the first runs).
    const record = await manager
      .getRepository(Case)
      .findOneOrFail({ where: { id: referral.caseId }, relations: { owningAgency: true } });
    const receiving = await manager
      .getRepository(Agency)
      .findOneByOrFail({ id: referral.agencyId });
    const victims =
      shared.size > 0 && referral.victimIds.length > 0
        ? await manager.getRepository(Victim).find({
            where: { id: In(referral.victimIds), caseId: referral.caseId },
            order: { createdAt: 'ASC', id: 'ASC' },
          })
        : [];
    // Family members are shared only as relatives of this case's victims.
    const family =
      shared.has(SharedField.FamilyContacts) && referral.familyMemberIds.length > 0
        ? await manager
            .getRepository(FamilyMember)
            .createQueryBuilder('f')
            .innerJoin(Victim, 'v', 'v.id = f.victim_id AND v.case_id = :caseId', {
              caseId: referral.caseId,
            })
            .where('f.id IN (:...ids)', { ids: referral.familyMemberIds })
            .orderBy('f.created_at', 'ASC')
            .addOrderBy('f.id', 'ASC')
            .getMany()
        : [];
    const owning = record.owningAgency!;
    const regionPaths = await this.regionPaths(
      manager,
      shared.has(SharedField.OriginAddress)
        ? victims.flatMap((v) => (v.originRegionCode ? [v.originRegionCode] : []))
        : [],
    );
    const answers = await this.responses.listForReferral(referral.id, manager);
    const victimViews = victims.map((victim) => this.victimView(victim, shared, regionPaths));
    const familyViews = family.map((member) => this.familyView(member));
    // Documents, like people, only while the agency works on the referral.
    const documents = isOpen(referral.status)
      ? await this.documents.sharedDocuments(referral.caseId, referral.documentIds)
      : [];
    const view: ReferralSharedViewDto = {
      id: referral.id,
      caseNumber: record.caseNumber,
      referringAgency: { id: owning.id, name: owning.name, shortName: owning.shortName },
      receivingAgency: { id: receiving.id, name: receiving.name, shortName: receiving.shortName },
      service: referral.service,
      priority: referral.priority,
      status: referral.status,
      reason: referral.reason,
      request: referral.request,
      contactName: referral.contactName,
      incidentType: record.incidentType,
      exploitationCountry: record.exploitationCountry,
      timeZone: referral.timeZone,
      sentAt: referral.sentAt,
      acknowledgeDueAt: referral.acknowledgeDueAt,
      dueAt: referral.dueAt,
      acknowledgedAt: referral.acknowledgedAt,
      progressNote: referral.progressNote,
      completedAt: referral.completedAt,
      outcome: referral.outcome,
      outcomeNotes: referral.outcomeNotes,
      declinedAt: referral.declinedAt,
      declineReason: referral.declineReason,
      cancelledAt: referral.cancelledAt,
      sharedFields: referral.sharedFields,
      consent: referral.consent,
      victims: victimViews,
      familyMembers: familyViews,
      documents,
      allowedResponses: allowedResponses(referral.status),
      responses: answers.map((row) => ReferralResponseEntryDto.from(row)),
    };
    return {
      view,
      revealsPersonalData: victimViews.length > 0 || familyViews.length > 0 || documents.length > 0,
    };
  }

  private victimView(
    victim: Victim,
    shared: Set<SharedField>,
    regionPaths: Map<string, string>,
  ): SharedVictimDto {
    const view: SharedVictimDto = { id: victim.id };
    if (shared.has(SharedField.FullName)) {
      view.fullName = victim.fullName;
      view.otherNames = victim.otherNames;
    }
    if (shared.has(SharedField.Sex)) view.gender = victim.gender;
    if (shared.has(SharedField.Age)) {
      view.estimatedAge = victim.estimatedAge ?? ageFrom(victim.dateOfBirth);
      view.minorAtRecruitment = victim.minorAtRecruitment;
    }
    if (shared.has(SharedField.DateOfBirth)) view.dateOfBirth = victim.dateOfBirth;
    if (shared.has(SharedField.Nik))
      view.nik = this.cipher.decrypt(PERSONAL_FIELD.nik, victim.id, victim.nikEncrypted);
    if (shared.has(SharedField.Passport))
      view.passportNumber = this.cipher.decrypt(
        PERSONAL_FIELD.passport,
        victim.id,
        victim.passportEncrypted,
      );
    if (shared.has(SharedField.Phone))
      view.phone = this.cipher.decrypt(PERSONAL_FIELD.phone, victim.id, victim.phoneEncrypted);
    if (shared.has(SharedField.OriginAddress)) {
      view.originStreet = this.cipher.decrypt(
        PERSONAL_FIELD.originStreet,
        victim.id,
        victim.originStreetEncrypted,
      );
      view.originRegionCode = victim.originRegionCode;
      view.originRegionPath = victim.originRegionCode
        ? (regionPaths.get(victim.originRegionCode) ?? null)
        : null;
    }
    if (shared.has(SharedField.CurrentSituation)) view.currentSituation = victim.currentSituation;
    if (shared.has(SharedField.DeathDetails)) {
      view.deathDate = victim.deathDate;
      view.deathPlace = victim.deathPlace;
      view.deathCountry = victim.deathCountry;
      view.deathCause = victim.deathCause;
      view.remainsStatus = victim.remainsStatus;
      view.deathCertificateRef = victim.deathCertificateRef;
    }
    return view;
  }

  private familyView(member: FamilyMember): SharedFamilyMemberDto {
    return {
      id: member.id,
      victimId: member.victimId,
      fullName: member.fullName,
      relation: member.relation,
      alive: member.alive,
      phone: this.cipher.decrypt(PERSONAL_FIELD.familyPhone, member.id, member.phoneEncrypted),
      street: this.cipher.decrypt(PERSONAL_FIELD.familyStreet, member.id, member.streetEncrypted),
      regionCode: member.regionCode,
      language: member.language,
    };
  }

  /** "Village, District, Regency, Province" for each code, as region search shows it. */
  private async regionPaths(manager: EntityManager, codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await manager.query<Array<{ code: string; path: string }>>(
      `SELECT code, full_path AS path FROM regions WHERE code = ANY ($1)`,
      [codes],
    );
    return new Map(rows.map((row) => [row.code, row.path]));
  }
}

function ageFrom(dateOfBirth: string | null): number | null {
  if (!dateOfBirth) return null;
  const born = new Date(`${dateOfBirth}T00:00:00Z`);
  const now = new Date();
  let age = now.getUTCFullYear() - born.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < born.getUTCMonth() ||
    (now.getUTCMonth() === born.getUTCMonth() && now.getUTCDate() < born.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}
