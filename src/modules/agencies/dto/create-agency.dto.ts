import { Trim, NormaliseEmail } from '../../../common/validation/normalise';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUrl,
  Length,
  Matches,
} from 'class-validator';
import { IsOmittable } from '../../../common/validation/is-omittable';
import { AgencyLevel, AgencyType, MessageLanguage } from '../agency.enums';
import { COUNTRY_CODE_PATTERN, REGION_CODE_PATTERN } from './agency-fields';

export class CreateAgencyDto {
  /** Full name, e.g. "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lampung Selatan". */
  @Trim()
  @IsString()
  @Length(1, 200)
  name!: string;

  /** Unique short name, e.g. "Disnakertrans Lampung Selatan". */
  @Trim()
  @IsString()
  @Length(1, 60)
  shortName!: string;

  @IsEnum(AgencyType)
  type!: AgencyType;

  @IsEnum(AgencyLevel)
  level!: AgencyLevel;

  /** Kemendagri code of the area served (province `18`, regency `18.01`, village `18.01.06.2027`); not for national or abroad agencies. */
  @IsOptional()
  @Matches(REGION_CODE_PATTERN, {
    message: 'regionCode must be a Kemendagri code such as 18, 18.01, 18.01.06 or 18.01.06.2027',
  })
  regionCode?: string | null;

  /** ISO 3166-1 alpha-2 country of an agency abroad (e.g. KH for KBRI Phnom Penh). */
  @IsOptional()
  @Matches(COUNTRY_CODE_PATTERN, {
    message: 'countryCode must be an ISO 3166-1 alpha-2 code in capitals, e.g. KH',
  })
  countryCode?: string | null;

  /** Addresses that receive referrals and reminders. */
  @IsOmittable()
  @NormaliseEmail()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsEmail({}, { each: true, message: 'each value in contactEmails must be an email address' })
  contactEmails?: string[];

  /** Receives signed JSON notifications (http or https). */
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'webhookUrl must be an http(s) URL' },
  )
  webhookUrl?: string | null;

  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  escalationContactName?: string | null;

  /** Who is told when reminders to this agency are ignored. */
  @IsOptional()
  @NormaliseEmail()
  @IsEmail({}, { message: 'escalationContactEmail must be an email address' })
  escalationContactEmail?: string | null;

  /** IANA time zone for due dates (Asia/Jakarta, Asia/Makassar, Asia/Jayapura, Asia/Phnom_Penh...). */
  @IsOmittable()
  @IsTimeZone()
  timeZone?: string;

  @IsOmittable()
  @IsEnum(MessageLanguage)
  preferredLanguage?: MessageLanguage;

  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  /** 2-8 capital letters that start this agency's case numbers, e.g. LPG for LPG-2024-000123. */
  @IsOptional()
  @Matches(/^[A-Z]{2,8}$/, { message: 'casePrefix must be 2 to 8 capital letters, e.g. LPG' })
  casePrefix?: string | null;
}
