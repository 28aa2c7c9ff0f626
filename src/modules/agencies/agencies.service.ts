import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { offsetPage } from '../../common/http/pagination.dto';
import {
  FieldError,
  ValidationFailedError,
  VersionConflictError,
} from '../../common/errors/app-error';
import { AuditService, describeChanges, FieldDisclosure } from '../audit/audit.service';
import { AuthenticatedUser, requireRole } from '../auth/authenticated-user';
import { RegionLevel } from '../regions/region.entity';
import { RegionsRepository } from '../regions/regions.repository';
import { UserRole } from '../users/user-role';
import { AgencyFields, AgenciesRepository } from './agencies.repository';
import { AgencyNotFoundError } from './agencies.errors';
import { AgencyLevel, MessageLanguage } from './agency.enums';
import { AgencyListResponseDto, AgencyResponseDto } from './dto/agency-response.dto';
import { CreateAgencyDto } from './dto/create-agency.dto';
import { ListAgenciesQueryDto } from './dto/list-agencies-query.dto';
import { UpdateAgencyDto } from './dto/update-agency.dto';

/** The region level an agency of each level serves; null where no region applies. */
const REGION_LEVEL_OF_AGENCY: Record<AgencyLevel, RegionLevel[] | null> = {
  [AgencyLevel.National]: null,
  [AgencyLevel.Province]: [RegionLevel.Province],
  [AgencyLevel.Regency]: [RegionLevel.Regency],
  [AgencyLevel.Village]: [RegionLevel.Village],
  [AgencyLevel.Abroad]: null,
};

const REGION_LEVEL_NAMES: Record<RegionLevel, string> = {
  [RegionLevel.Province]: 'a province code (e.g. 18)',
  [RegionLevel.Regency]: 'a regency or city code (e.g. 18.01)',
  [RegionLevel.District]: 'a district code (e.g. 18.01.06)',
  [RegionLevel.Village]: 'a village code (e.g. 18.01.06.2027)',
};

/**
 * What the audit log shows of an agency change. Where reminders and live links go is what an
 * auditor must be able to follow, without the log holding people's mailboxes or a URL's secrets:
 * addresses show their domain, the webhook its origin.
 */
const AGENCY_AUDIT_FIELDS: Record<string, FieldDisclosure> = {
  name: 'value',
  shortName: 'value',
  type: 'value',
  level: 'value',
  regionCode: 'value',
  countryCode: 'value',
  contactEmails: (emails) => (emails as string[]).map(emailDomain),
  webhookUrl: (url) => urlOrigin(url as string),
  escalationContactName: 'redacted',
  escalationContactEmail: (email) => emailDomain(email as string),
  timeZone: 'value',
  preferredLanguage: 'value',
  active: 'value',
  casePrefix: 'value',
};

function emailDomain(email: string): string {
  return `*@${email.slice(email.lastIndexOf('@') + 1)}`;
}

function urlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '[redacted]';
  }
}

@Injectable()
export class AgenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesRepository,
    private readonly regions: RegionsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The agency directory is open to every signed-in user: referrals need it. */
  async list(
    actor: AuthenticatedUser,
    query: ListAgenciesQueryDto,
  ): Promise<AgencyListResponseDto> {
    const rows = await this.agencies.list({
      text: query.q,
      type: query.type,
      level: query.level,
      active: query.active,
      limit: query.limit,
      offset: query.offset,
    });
    return offsetPage(rows, query, (a) => AgencyResponseDto.from(a, this.visibilityFor(actor)));
  }

  async get(actor: AuthenticatedUser, id: string): Promise<AgencyResponseDto> {
    const agency = await this.agencies.findById(id);
    if (!agency) throw new AgencyNotFoundError();
    return AgencyResponseDto.from(agency, this.visibilityFor(actor));
  }

  async create(actor: AuthenticatedUser, dto: CreateAgencyDto): Promise<AgencyResponseDto> {
    requireRole(actor, UserRole.Admin);
    const fields: AgencyFields = {
      name: dto.name,
      shortName: dto.shortName,
      type: dto.type,
      level: dto.level,
      regionCode: dto.regionCode ?? null,
      countryCode: dto.countryCode ?? null,
      contactEmails: dto.contactEmails ?? [],
      webhookUrl: dto.webhookUrl ?? null,
      escalationContactName: dto.escalationContactName ?? null,
      escalationContactEmail: dto.escalationContactEmail ?? null,
      timeZone: dto.timeZone ?? 'Asia/Jakarta',
      preferredLanguage: dto.preferredLanguage ?? MessageLanguage.Indonesian,
      active: dto.active ?? true,
      casePrefix: dto.casePrefix ?? null,
    };
    await this.assertPlaceIsConsistent(fields);
    const created = await this.dataSource.transaction(async (manager) => {
      const agency = await this.agencies.create(fields, manager);
      await this.audit.record(manager, actor, {
        action: 'agency.created',
        entityType: 'agency',
        entityId: agency.id,
        agencyId: agency.id,
        changes: describeChanges(
          null,
          agency as unknown as Record<string, unknown>,
          AGENCY_AUDIT_FIELDS,
        ),
      });
      return agency;
    });
    return AgencyResponseDto.from(created, this.visibilityFor(actor));
  }

  async update(
    actor: AuthenticatedUser,
    id: string,
    dto: UpdateAgencyDto,
  ): Promise<AgencyResponseDto> {
    requireRole(actor, UserRole.Admin);
    const current = await this.agencies.findById(id);
    if (!current) throw new AgencyNotFoundError();
    const { version, ...changes } = dto;
    // Checked here as well as in the UPDATE, so a stale edit is not judged against someone
    // else's newer data.
    if (current.version !== version) throw new VersionConflictError('agency', current.version);
    const definedChanges = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    ) as Partial<AgencyFields>;
    await this.assertPlaceIsConsistent({ ...current, ...definedChanges });
    const updated = await this.dataSource.transaction(async (manager) => {
      const saved = await this.agencies.update(id, version, definedChanges, manager);
      await this.audit.record(manager, actor, {
        action: 'agency.updated',
        entityType: 'agency',
        entityId: id,
        agencyId: id,
        changes: describeChanges(
          current as unknown as Record<string, unknown>,
          saved as unknown as Record<string, unknown>,
          AGENCY_AUDIT_FIELDS,
        ),
      });
      return saved;
    });
    return AgencyResponseDto.from(updated, this.visibilityFor(actor));
  }

  async delete(actor: AuthenticatedUser, id: string): Promise<void> {
    requireRole(actor, UserRole.Admin);
    const current = await this.agencies.findById(id);
    if (!current) throw new AgencyNotFoundError();
    await this.dataSource.transaction(async (manager) => {
      await this.agencies.delete(id, manager);
      await this.audit.record(manager, actor, {
        action: 'agency.deleted',
        entityType: 'agency',
        entityId: id,
        agencyId: id,
        changes: { name: current.name, shortName: current.shortName },
      });
    });
  }

  private visibilityFor(actor: AuthenticatedUser): { withIntegration: boolean } {
    return { withIntegration: actor.role === UserRole.Admin };
  }

  /** Level, region and country must describe one place, and the codes must exist. */
  private async assertPlaceIsConsistent(
    agency: Pick<AgencyFields, 'level' | 'regionCode' | 'countryCode'>,
  ): Promise<void> {
    const problems: FieldError[] = [];
    const expectedRegionLevels = REGION_LEVEL_OF_AGENCY[agency.level];

    if (agency.level === AgencyLevel.Abroad) {
      if (!agency.countryCode)
        problems.push({
          field: 'countryCode',
          messages: ['countryCode is required for an agency abroad'],
        });
      if (agency.regionCode)
        problems.push({
          field: 'regionCode',
          messages: ['regionCode must be empty for an agency abroad'],
        });
    } else if (agency.countryCode) {
      problems.push({
        field: 'countryCode',
        messages: ['countryCode is only for agencies abroad (level "abroad")'],
      });
    }

    if (expectedRegionLevels === null && agency.level !== AgencyLevel.Abroad && agency.regionCode) {
      problems.push({
        field: 'regionCode',
        messages: [`regionCode must be empty for a ${agency.level} agency`],
      });
    }
    if (expectedRegionLevels !== null) {
      const expected = expectedRegionLevels.map((level) => REGION_LEVEL_NAMES[level]).join(' or ');
      if (!agency.regionCode) {
        problems.push({
          field: 'regionCode',
          messages: [`regionCode is required for a ${agency.level} agency: ${expected}`],
        });
      } else {
        const region = await this.regions.findByCode(agency.regionCode);
        if (!region)
          problems.push({
            field: 'regionCode',
            messages: [`regionCode ${agency.regionCode} is not a known Kemendagri code`],
          });
        else if (!expectedRegionLevels.includes(region.level)) {
          problems.push({
            field: 'regionCode',
            messages: [`regionCode must be ${expected} for a ${agency.level} agency`],
          });
        }
      }
    }
    if (agency.countryCode && !(await this.regions.findCountry(agency.countryCode))) {
      problems.push({
        field: 'countryCode',
        messages: [`countryCode ${agency.countryCode} is not an ISO 3166-1 country`],
      });
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
  }
}
