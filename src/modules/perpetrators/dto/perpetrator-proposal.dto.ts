import { PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsInt,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { Trim } from '../../../common/validation/normalise';
import { ProposalStatus } from '../perpetrator-change-proposal.entity';
import { PerpetratorInputDto } from './perpetrator-input.dto';

/** The identity fields another agency may propose; each one left out stays as it is. */
export class PerpetratorIdentityChangesDto extends PartialType(
  PickType(PerpetratorInputDto, [
    'fullName',
    'aliases',
    'placementCompany',
    'phones',
    'socialHandles',
    'homeRegionCode',
  ] as const),
  // null is checked like any other value, so nothing can be proposed empty that must not be.
  { skipNullProperties: false },
) {}

export class ProposePerpetratorChangeDto {
  @IsObject()
  @ValidateNested()
  @Type(() => PerpetratorIdentityChangesDto)
  changes!: PerpetratorIdentityChangesDto;

  /** Why, for the recording agency: where the new name or number was learned. */
  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class AcceptProposalDto {
  /** The perpetrator's `version` you compared the proposal with: a newer one answers 409. */
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;
}

export class RejectProposalDto {
  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class ListProposalsQueryDto {
  @IsOmittable()
  @IsEnum(ProposalStatus)
  status?: ProposalStatus;
}

export class ProposedChangesDto {
  fullName?: string;
  aliases?: string[];
  placementCompany?: string | null;
  /** As on the record: in full, last four digits, or asterisks, by who is reading. */
  phones?: string[];
  socialHandles?: string[];
  homeRegionCode?: string | null;
}

export class PerpetratorChangeProposalDto {
  id!: string;
  perpetratorId!: string;
  proposedByAgencyId!: string;
  proposedBy!: string;
  /** The perpetrator's version the proposal was made against. */
  baseVersion!: number;
  changes!: ProposedChangesDto;
  reason!: string | null;
  status!: ProposalStatus;
  decidedBy!: string | null;
  decidedAt!: Date | null;
  decisionNote!: string | null;
  createdAt!: Date;
}
