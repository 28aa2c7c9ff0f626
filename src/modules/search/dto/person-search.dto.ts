import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { IntegerQuery } from '../../../common/http/integer-query';
import { ListQuery } from '../../../common/http/list-query';
import { IsNik, IsPhoneNumber } from '../../../common/identity/identity-validators';
import { Trim } from '../../../common/validation/normalise';

/** The kinds of people a search looks through. */
export enum PersonKind {
  Victim = 'victim',
  FamilyMember = 'family_member',
  /** A suspected recruiter or trafficker of the register. */
  Perpetrator = 'perpetrator',
}

/** What a result was found by. */
export enum PersonMatch {
  Name = 'name',
  Nik = 'nik',
  Phone = 'phone',
}

/** The most results one search gives; there are no further pages. */
export const PERSON_SEARCH_MAX_LIMIT = 50;

/**
 * `GET /api/v1/search/people`: exactly one of `q` (a name), `nik` or `phone`. Query strings are
 * never logged (request logs carry the path alone), as for `GET /victims?nik=`.
 */
export class PersonSearchQueryDto {
  /**
   * A name in any usual writing: honorifics and titles (Pak, Bu, H., Hj.), word order, case,
   * old spellings (Soekarno, Djoko, Choirul) and initials (`Rohmat S.`) do not matter.
   */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 200)
  q?: string;

  /** Exact NIK (16 digits); not for viewers and liaisons. */
  @IsOptional()
  @IsString()
  @IsNik()
  nik?: string;

  /** Exact phone number in any common writing (0812..., +62...); not for viewers and liaisons. */
  @IsOptional()
  @IsString()
  @IsPhoneNumber()
  phone?: string;

  /** Which kinds of people to look through (`victim,family_member,perpetrator`, the default: all). */
  @IsOptional()
  @ListQuery()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @IsEnum(PersonKind, { each: true })
  kinds?: PersonKind[];

  /** How many results at most (1-50), best first. */
  @IsOptional()
  @IntegerQuery()
  @IsInt()
  @Min(1)
  @Max(PERSON_SEARCH_MAX_LIMIT)
  limit: number = 20;
}

/** A case a person found is recorded in. */
export class PersonCaseRefDto {
  id!: string;
  /** e.g. `LPG-2024-000123`. */
  caseNumber!: string;
}

/**
 * One person found. Identifiers are shown as ordinary reads show them: a victim's NIK masked to
 * its last four digits (absent for viewers), phone numbers not at all.
 */
export class PersonSearchResultDto {
  kind!: PersonKind;
  /** The victim's, family member's or perpetrator's id. */
  id!: string;
  fullName!: string;
  /** 0 to 1: how well the name matches (1 for an exact NIK or phone). */
  score!: number;
  matchedBy!: PersonMatch;
  /** For a family member: the victim they are family of. */
  victimId!: string | null;
  /** For a family member: mother, father, spouse... */
  relation!: string | null;
  /** For a perpetrator: other names they go by. */
  aliases!: string[];
  /** Origin (victims), home (family, perpetrators): a Kemendagri code. */
  regionCode!: string | null;
  /** A victim's NIK as `************7890`; absent for viewers. */
  nikMasked?: string | null;
  /** The case of a victim or family member; a perpetrator's linked cases you may see (at most 5). */
  cases!: PersonCaseRefDto[];
  /**
   * For a victim: possible duplicates flagged and not yet linked or dismissed (decided on the
   * victim's case page); 0 for others.
   */
  possibleDuplicates!: number;
}
