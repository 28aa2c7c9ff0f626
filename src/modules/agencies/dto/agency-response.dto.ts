import type { ListPage } from '../../../common/http/pagination.dto';
import { Agency } from '../agency.entity';
import { AgencyLevel, AgencyType, MessageLanguage } from '../agency.enums';

export class AgencyResponseDto {
  id!: string;
  name!: string;
  shortName!: string;
  type!: AgencyType;
  level!: AgencyLevel;
  regionCode!: string | null;
  countryCode!: string | null;
  contactEmails!: string[];
  /** Admins only: a webhook URL often carries a secret of the receiving system. */
  webhookUrl?: string | null;
  escalationContactName!: string | null;
  escalationContactEmail!: string | null;
  timeZone!: string;
  preferredLanguage!: MessageLanguage;
  active!: boolean;
  casePrefix!: string | null;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(agency: Agency, options: { withIntegration: boolean }): AgencyResponseDto {
    const dto: AgencyResponseDto = Object.assign(new AgencyResponseDto(), {
      id: agency.id,
      name: agency.name,
      shortName: agency.shortName,
      type: agency.type,
      level: agency.level,
      regionCode: agency.regionCode,
      countryCode: agency.countryCode,
      contactEmails: agency.contactEmails,
      webhookUrl: agency.webhookUrl,
      escalationContactName: agency.escalationContactName,
      escalationContactEmail: agency.escalationContactEmail,
      timeZone: agency.timeZone,
      preferredLanguage: agency.preferredLanguage,
      active: agency.active,
      casePrefix: agency.casePrefix,
      version: agency.version,
      createdAt: agency.createdAt,
      updatedAt: agency.updatedAt,
    });
    if (!options.withIntegration) delete dto.webhookUrl;
    return dto;
  }
}

export type AgencyListResponseDto = ListPage<AgencyResponseDto>;
