import { FamilyMember } from '../family-member.entity';
import { FamilyNeed, FamilyRelation } from '../family.enums';

/** A family member; phone and street are only in the audited contact read. */
export class FamilyMemberResponseDto {
  id!: string;
  victimId!: string;
  fullName!: string;
  relation!: FamilyRelation;
  alive!: boolean;
  age!: number | null;
  hasPhone!: boolean;
  hasStreet!: boolean;
  regionCode!: string | null;
  primaryContact!: boolean;
  consentToContact!: boolean;
  consentRecordedAt!: Date | null;
  consentRecordedBy!: string | null;
  language!: string;
  needs!: FamilyNeed[];
  version!: number;

  static from(member: FamilyMember): FamilyMemberResponseDto {
    return Object.assign(new FamilyMemberResponseDto(), {
      id: member.id,
      victimId: member.victimId,
      fullName: member.fullName,
      relation: member.relation,
      alive: member.alive,
      age: member.age,
      hasPhone: member.phoneEncrypted !== null,
      hasStreet: member.streetEncrypted !== null,
      regionCode: member.regionCode,
      primaryContact: member.primaryContact,
      consentToContact: member.consentToContact,
      consentRecordedAt: member.consentRecordedAt,
      consentRecordedBy: member.consentRecordedBy,
      language: member.language,
      needs: member.needs,
      version: member.version,
    });
  }
}
