import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FieldError } from '../../common/errors/app-error';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { lastFour, toE164 } from '../../common/identity/identity-numbers';
import { minorAtRecruitment } from '../cases/case-priority';
import { FamilyMemberInputDto } from '../families/dto/family-member-input.dto';
import { FamilyMember } from '../families/family-member.entity';
import { VictimFieldsDto, VictimInputDto } from './dto/victim-input.dto';
import { Victim } from './victim.entity';
import { CurrentSituation } from './victim.enums';

export const PERSONAL_FIELD = {
  nik: 'victims.nik',
  passport: 'victims.passport_number',
  phone: 'victims.phone',
  originStreet: 'victims.origin_street',
  familyPhone: 'family_members.phone',
  familyStreet: 'family_members.street',
  perpetratorPhone: 'perpetrators.phone',
} as const;

/** Kinds of keyed hash, so a phone number and a NIK never collide. */
export const BLIND_INDEX = { nik: 'nik', phone: 'phone' } as const;

const DEATH_FIELDS = [
  'deathDate',
  'deathPlace',
  'deathCountry',
  'deathCause',
  'remainsStatus',
  'deathCertificateRef',
] as const;

/**
 * Turns victim and family input into rows: personal identifiers encrypted, NIK and phone hashed
 * for exact search, minority at recruitment derived. Also the rules that span several fields.
 */
@Injectable()
export class VictimRecords {
  constructor(private readonly cipher: PersonalDataCipher) {}

  /** `id` is chosen here, before the insert, because every ciphertext is bound to its row. */
  victimRow(
    input: VictimFieldsDto,
    caseId: string,
    incidentDate: string | null,
    personId: string = randomUUID(),
    id: string = randomUUID(),
  ): Partial<Victim> & { id: string } {
    const phone = input.phone === undefined ? null : (toE164(input.phone) ?? null);
    const recruitmentDate = input.recruitmentDate ?? null;
    return {
      id,
      caseId,
      personId,
      fullName: input.fullName,
      otherNames: input.otherNames ?? [],
      gender: input.gender,
      dateOfBirth: input.dateOfBirth ?? null,
      estimatedAge: input.estimatedAge ?? null,
      recruitmentDate,
      minorAtRecruitment: minorAtRecruitment({
        dateOfBirth: input.dateOfBirth ?? null,
        estimatedAge: input.estimatedAge ?? null,
        recruitmentDate: recruitmentDate ?? incidentDate,
      }),
      citizenship: input.citizenship ?? 'ID',
      nikEncrypted: this.cipher.encrypt(PERSONAL_FIELD.nik, id, input.nik),
      nikHash: this.cipher.blindIndex(BLIND_INDEX.nik, input.nik),
      nikLast4: input.nik === undefined ? null : lastFour(input.nik),
      passportEncrypted: this.cipher.encrypt(PERSONAL_FIELD.passport, id, input.passportNumber),
      passportLast4: input.passportNumber === undefined ? null : lastFour(input.passportNumber),
      phoneEncrypted: this.cipher.encrypt(PERSONAL_FIELD.phone, id, phone),
      phoneHash: this.cipher.blindIndex(BLIND_INDEX.phone, phone),
      originStreetEncrypted: this.cipher.encrypt(
        PERSONAL_FIELD.originStreet,
        id,
        input.originStreet,
      ),
      originRegionCode: input.originRegionCode ?? null,
      migrationChannel: input.migrationChannel,
      placementCompany: input.placementCompany ?? null,
      occupationAbroad: input.occupationAbroad ?? null,
      employerAbroad: input.employerAbroad ?? null,
      currentSituation: input.currentSituation,
      deathDate: input.deathDate ?? null,
      deathPlace: input.deathPlace ?? null,
      deathCountry: input.deathCountry ?? null,
      deathCause: input.deathCause ?? null,
      remainsStatus: input.remainsStatus ?? null,
      deathCertificateRef: input.deathCertificateRef ?? null,
      traffickingStatus: input.traffickingStatus,
      traffickingStatusDecidedBy: input.traffickingStatusDecidedBy ?? null,
    };
  }

  familyRow(
    input: FamilyMemberInputDto,
    victimId: string,
    recordedBy: string,
    id: string = randomUUID(),
  ): Partial<FamilyMember> & { id: string } {
    const phone = input.phone === undefined ? null : (toE164(input.phone) ?? null);
    const consent = input.consentToContact ?? false;
    return {
      id,
      victimId,
      fullName: input.fullName,
      relation: input.relation,
      alive: input.alive ?? true,
      age: input.age ?? null,
      phoneEncrypted: this.cipher.encrypt(PERSONAL_FIELD.familyPhone, id, phone),
      phoneHash: this.cipher.blindIndex(BLIND_INDEX.phone, phone),
      streetEncrypted: this.cipher.encrypt(PERSONAL_FIELD.familyStreet, id, input.street),
      regionCode: input.regionCode ?? null,
      primaryContact: input.primaryContact ?? false,
      consentToContact: consent,
      consentRecordedAt: consent ? new Date() : null,
      consentRecordedBy: consent ? recordedBy : null,
      language: input.language ?? 'id',
      needs: input.needs ?? [],
    };
  }

  /** Rules across fields of one victim (and its family), reported under `path`. */
  crossFieldProblems(input: VictimInputDto | VictimFieldsDto, path: string): FieldError[] {
    const problems: FieldError[] = [];
    const at = (field: string): string => (path ? `${path}.${field}` : field);
    if (input.currentSituation !== CurrentSituation.Deceased) {
      for (const field of DEATH_FIELDS) {
        if (input[field] !== undefined && input[field] !== null) {
          problems.push({
            field: at(field),
            messages: [`${field} is only for a victim whose currentSituation is deceased`],
          });
        }
      }
    }
    if (input.dateOfBirth && input.deathDate && input.deathDate < input.dateOfBirth) {
      problems.push({
        field: at('deathDate'),
        messages: ['deathDate cannot be before dateOfBirth'],
      });
    }
    if (input.dateOfBirth && input.recruitmentDate && input.recruitmentDate < input.dateOfBirth) {
      problems.push({
        field: at('recruitmentDate'),
        messages: ['recruitmentDate cannot be before dateOfBirth'],
      });
    }
    if (input.traffickingStatusDecidedBy != null && input.traffickingStatus === undefined) {
      problems.push({
        field: at('traffickingStatusDecidedBy'),
        messages: ['traffickingStatusDecidedBy needs the traffickingStatus it decided'],
      });
    }
    if ('familyMembers' in input && input.familyMembers) {
      problems.push(...familyProblems(input.familyMembers, at('familyMembers')));
    }
    return problems;
  }
}

export function familyProblems(members: FamilyMemberInputDto[], path: string): FieldError[] {
  const problems: FieldError[] = [];
  const primaries = members.map((m, i) => (m.primaryContact ? i : -1)).filter((i) => i >= 0);
  if (primaries.length > 1) {
    for (const index of primaries.slice(1)) {
      problems.push({
        field: `${path}[${index}].primaryContact`,
        messages: ['only one family member can be the primary contact'],
      });
    }
  }
  members.forEach((member, index) => {
    if (member.primaryContact && member.alive === false) {
      problems.push({
        field: `${path}[${index}].primaryContact`,
        messages: ['a deceased relative cannot be the primary contact'],
      });
    }
  });
  return problems;
}
