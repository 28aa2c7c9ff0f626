import { masked } from '../../../common/identity/identity-numbers';
import { FamilyMemberResponseDto } from '../../families/dto/family-member-response.dto';
import { Victim } from '../victim.entity';
import {
  CurrentSituation,
  Gender,
  MigrationChannel,
  RemainsStatus,
  TraffickingStatus,
  TraffickingStatusDecidedBy,
} from '../victim.enums';

/**
 * A victim as most reads show it: NIK and passport masked to their last four digits (left out
 * entirely for viewers), phone and street address not at all. The full identity is a separate,
 * audited read (GET /victims/:id/identity).
 */
export class VictimResponseDto {
  id!: string;
  caseId!: string;
  /** Shared by this person's records in different cases. */
  personId!: string;
  fullName!: string;
  otherNames!: string[];
  gender!: Gender;
  dateOfBirth!: string | null;
  estimatedAge!: number | null;
  recruitmentDate!: string | null;
  minorAtRecruitment!: boolean | null;
  citizenship!: string;
  /** `************7890`; absent for viewers. */
  nikMasked?: string | null;
  /** `************4567`; absent for viewers. */
  passportMasked?: string | null;
  hasPhone!: boolean;
  hasOriginStreet!: boolean;
  originRegionCode!: string | null;
  migrationChannel!: MigrationChannel;
  placementCompany!: string | null;
  occupationAbroad!: string | null;
  employerAbroad!: string | null;
  currentSituation!: CurrentSituation;
  deathDate!: string | null;
  deathPlace!: string | null;
  deathCountry!: string | null;
  deathCause!: string | null;
  remainsStatus!: RemainsStatus | null;
  deathCertificateRef!: string | null;
  traffickingStatus!: TraffickingStatus;
  traffickingStatusDecidedBy!: TraffickingStatusDecidedBy | null;
  familyMembers?: FamilyMemberResponseDto[];
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(victim: Victim, options: { showMaskedIdentifiers: boolean }): VictimResponseDto {
    const dto: VictimResponseDto = Object.assign(new VictimResponseDto(), {
      id: victim.id,
      caseId: victim.caseId,
      personId: victim.personId,
      fullName: victim.fullName,
      otherNames: victim.otherNames,
      gender: victim.gender,
      dateOfBirth: victim.dateOfBirth,
      estimatedAge: victim.estimatedAge,
      recruitmentDate: victim.recruitmentDate,
      minorAtRecruitment: victim.minorAtRecruitment,
      citizenship: victim.citizenship,
      nikMasked: masked(victim.nikLast4),
      passportMasked: masked(victim.passportLast4),
      hasPhone: victim.phoneEncrypted !== null,
      hasOriginStreet: victim.originStreetEncrypted !== null,
      originRegionCode: victim.originRegionCode,
      migrationChannel: victim.migrationChannel,
      placementCompany: victim.placementCompany,
      occupationAbroad: victim.occupationAbroad,
      employerAbroad: victim.employerAbroad,
      currentSituation: victim.currentSituation,
      deathDate: victim.deathDate,
      deathPlace: victim.deathPlace,
      deathCountry: victim.deathCountry,
      deathCause: victim.deathCause,
      remainsStatus: victim.remainsStatus,
      deathCertificateRef: victim.deathCertificateRef,
      traffickingStatus: victim.traffickingStatus,
      traffickingStatusDecidedBy: victim.traffickingStatusDecidedBy,
      version: victim.version,
      createdAt: victim.createdAt,
      updatedAt: victim.updatedAt,
    });
    if (!options.showMaskedIdentifiers) {
      delete dto.nikMasked;
      delete dto.passportMasked;
    }
    return dto;
  }
}

/** The full identity of a victim: returned only by the audited identity read. */
export class VictimIdentityResponseDto {
  id!: string;
  fullName!: string;
  nik!: string | null;
  passportNumber!: string | null;
  /** E.164. */
  phone!: string | null;
  originStreet!: string | null;
  originRegionCode!: string | null;
}
