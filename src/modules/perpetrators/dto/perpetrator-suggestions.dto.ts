import { PartialType, PickType } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { Trim } from '../../../common/validation/normalise';
import { PerpetratorRole, PerpetratorStatus } from '../perpetrator.enums';
import { PerpetratorInputDto } from './perpetrator-input.dto';

/** The most records one answer suggests. */
export const SUGGESTIONS_LIMIT = 10;

/**
 * What the caseworker has typed so far about a recruiter, checked as in the form that adds one
 * (every field may still be missing). In the body, not the address: phones and names stay out of
 * URLs. `homeRegionCode` is the recruiter's home region: names are compared within its regency
 * only.
 */
export class SuggestPerpetratorsDto extends PartialType(
  PickType(PerpetratorInputDto, ['phones', 'socialHandles', 'homeRegionCode'] as const),
) {
  /** Two letters at least: a single one would suggest half the regency. */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 200)
  fullName?: string;
}

/** What a suggestion has in common with what was typed. */
export enum SuggestionMatch {
  Phone = 'phone',
  SocialHandle = 'social_handle',
  Name = 'name',
}

/** A register record the caller may see and link instead of recording the recruiter again. */
export class PerpetratorSuggestionDto {
  id!: string;
  fullName!: string;
  aliases!: string[];
  roles!: PerpetratorRole[];
  status!: PerpetratorStatus;
  homeRegionCode!: string | null;
  recordedByAgencyId!: string;
  matchedOn!: SuggestionMatch[];
  /** How close the names are (0 to 1), when the name was compared; null otherwise. */
  nameScore!: number | null;
}

/**
 * A record the caller may not see that carries a phone or handle just typed: only who recorded
 * it, so that the two agencies can talk (and a supervisor or admin merge the records later).
 */
export class PerpetratorKnownElsewhereDto {
  recordedByAgencyId!: string;
  recordedByAgencyName!: string;
  matchedOn!: SuggestionMatch[];
}

export class PerpetratorSuggestionsDto {
  /** Records to link instead, best first: a shared phone or handle, then the closest name. */
  records!: PerpetratorSuggestionDto[];
  knownElsewhere!: PerpetratorKnownElsewhereDto[];
  /**
   * What was compared: a name only with a home region (within its regency), phones only for roles
   * that may search by identity.
   */
  compared!: SuggestionMatch[];
}
