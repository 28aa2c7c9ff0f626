import { PartialType } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { FamilyMemberInputDto } from './family-member-input.dto';

export class UpdateFamilyMemberDto extends PartialType(FamilyMemberInputDto, {
  skipNullProperties: false,
}) {
  /** The version you read; a stale one gets 409 with the current version. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}

/** Phone and street of a family member: returned only by the audited contact read. */
export class FamilyContactResponseDto {
  id!: string;
  fullName!: string;
  /** E.164. */
  phone!: string | null;
  street!: string | null;
  regionCode!: string | null;
  consentToContact!: boolean;
}
