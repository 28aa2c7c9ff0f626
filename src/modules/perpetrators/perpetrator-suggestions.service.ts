import { Injectable } from '@nestjs/common';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { ValidationFailedError } from '../../common/errors/app-error';
import { toE164 } from '../../common/identity/identity-numbers';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { BLIND_INDEX } from '../victims/victim-records';
import {
  PerpetratorSuggestionsDto,
  SuggestionMatch,
  SUGGESTIONS_LIMIT,
  SuggestPerpetratorsDto,
} from './dto/perpetrator-suggestions.dto';
import {
  PerpetratorSuggestionsRepository,
  SUGGESTION_MIN_NAME_SCORE,
  SuggestionRow,
} from './perpetrator-suggestions.repository';
import { PerpetratorSuggestionsNotAllowedError } from './perpetrators.errors';

/**
 * Suggestions while a recruiter is typed in at intake, so that the register keeps one record per
 * recruiter rather than one per caseworker who met them. A record the caller may see is
 * suggested in full; one they may not see is only said to exist, with the agency that recorded
 * it, and only when a phone or handle typed matches it exactly: a number the caller already holds
 * tells them no name, while a similar name would let anyone page through other agencies' files.
 *
 * Not audited, unlike a search by identity: the numbers compared are a suspect's, typed into a
 * form the caller is filling, and what comes back is what linking the record would show anyway.
 */
@Injectable()
export class PerpetratorSuggestionsService {
  constructor(
    private readonly suggestions: PerpetratorSuggestionsRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async suggest(
    actor: AuthenticatedUser,
    typed: SuggestPerpetratorsDto,
  ): Promise<PerpetratorSuggestionsDto> {
    // Those who record perpetrators; exact phones are compared for the same roles only.
    if (!CaseAccess.maySearchByIdentity(actor)) throw new PerpetratorSuggestionsNotAllowedError();
    const phones = typed.phones ?? [];
    const socialHandles = typed.socialHandles ?? [];
    if (typed.fullName === undefined && phones.length === 0 && socialHandles.length === 0)
      throw ValidationFailedError.forField(
        'fullName',
        'give a name, a phone or a social handle to compare',
      );
    const regencyCode = regencyOf(typed.homeRegionCode);
    const compared = [
      ...(phones.length > 0 ? [SuggestionMatch.Phone] : []),
      ...(socialHandles.length > 0 ? [SuggestionMatch.SocialHandle] : []),
      ...(typed.fullName !== undefined && regencyCode !== null ? [SuggestionMatch.Name] : []),
    ];
    const agencies = CaseAccess.listableAgencies(actor);
    const rows =
      compared.length === 0
        ? []
        : await this.suggestions.find(
            {
              phoneHashes: phones.map((phone) =>
                this.cipher.blindIndex(BLIND_INDEX.phone, toE164(phone)!),
              ),
              socialHandles,
              fullName: compared.includes(SuggestionMatch.Name) ? typed.fullName! : null,
              regencyCode,
            },
            agencies,
            SUGGESTIONS_LIMIT,
          );
    return {
      records: rows
        .filter((row) => row.visible)
        .map((row) => ({
          id: row.id,
          fullName: row.full_name,
          aliases: row.aliases,
          roles: row.roles,
          status: row.status,
          homeRegionCode: row.home_region_code,
          recordedByAgencyId: row.recorded_by_agency_id,
          matchedOn: matchesOf(row),
          nameScore: row.name_score === null ? null : Math.round(row.name_score * 100) / 100,
        })),
      knownElsewhere: rows
        .filter((row) => !row.visible)
        .map((row) => ({
          recordedByAgencyId: row.recorded_by_agency_id,
          recordedByAgencyName: row.recorded_by_agency_name,
          // The name is not compared for these: saying it matched would tell what it is.
          matchedOn: matchesOf(row).filter((match) => match !== SuggestionMatch.Name),
        })),
      compared,
    };
  }
}

/** '18.07' for any code within the regency 18.07; null for a province alone or nothing. */
function regencyOf(regionCode: string | undefined): string | null {
  const levels = regionCode?.split('.') ?? [];
  return levels.length >= 2 ? levels.slice(0, 2).join('.') : null;
}

function matchesOf(row: SuggestionRow): SuggestionMatch[] {
  return [
    ...(row.phone_match ? [SuggestionMatch.Phone] : []),
    ...(row.handle_match ? [SuggestionMatch.SocialHandle] : []),
    ...(row.name_score !== null && row.name_score >= SUGGESTION_MIN_NAME_SCORE
      ? [SuggestionMatch.Name]
      : []),
  ];
}
