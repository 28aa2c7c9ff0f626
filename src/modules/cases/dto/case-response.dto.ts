import { VictimResponseDto } from '../../victims/dto/victim-response.dto';
import { Case } from '../case.entity';
import type { CaseSummaryFields } from '../cases.repository';
import {
  CasePriority,
  CaseSource,
  CaseStatus,
  ExploitationType,
  IncidentType,
  MethodOfControl,
  RecruitmentMethod,
  RecruitmentPlatform,
} from '../case.enums';
import { RelationshipToVictim } from '../../perpetrators/perpetrator.enums';
import type { LinkedPerpetratorRow } from '../../perpetrators/perpetrators.repository';

export class LinkedPerpetratorDto {
  perpetratorId!: string;
  fullName!: string;
  aliases!: string[];
  homeRegionCode!: string | null;
  relationshipToVictims!: RelationshipToVictim | null;
  roleInCase!: string | null;
  linkedAt!: Date;

  static fromRow(row: LinkedPerpetratorRow): LinkedPerpetratorDto {
    return {
      perpetratorId: row.perpetrator_id,
      fullName: row.full_name,
      aliases: row.aliases,
      homeRegionCode: row.home_region_code,
      relationshipToVictims: row.relationship_to_victims,
      roleInCase: row.role_in_case,
      linkedAt: row.linked_at,
    };
  }
}

export class CaseSummaryDto {
  id!: string;
  caseNumber!: string;
  owningAgencyId!: string;
  title!: string;
  incidentType!: IncidentType;
  status!: CaseStatus;
  priority!: CasePriority;
  assignedCaseworkerId!: string | null;
  supervisorId!: string | null;
  reportedDate!: string;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(record: CaseSummaryFields): CaseSummaryDto {
    return Object.assign(new CaseSummaryDto(), {
      id: record.id,
      caseNumber: record.caseNumber,
      owningAgencyId: record.owningAgencyId,
      title: record.title,
      incidentType: record.incidentType,
      status: record.status,
      priority: record.priority,
      assignedCaseworkerId: record.assignedCaseworkerId,
      supervisorId: record.supervisorId,
      reportedDate: record.reportedDate,
      version: record.version,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    });
  }
}

/** What the caller may do with the case now, so that screens offer only that; the API still decides. */
export class CaseActionsDto {
  /** Change the case's fields, victims, families, recruiters, notes, tasks and referrals. */
  edit!: boolean;
  /** Read full identifiers (NIK, passport, phones, street addresses): each reading is audited. */
  revealIdentity!: boolean;
  /** The statuses the caller may move the case to from its current one, each with a reason. */
  transitions!: CaseStatus[];
  /** Offer the case to another agency (`POST /cases/{id}/transfers`). */
  transfer!: boolean;
}

export class CaseResponseDto extends CaseSummaryDto {
  summary!: string;
  exploitationTypes!: ExploitationType[];
  methodsOfControl!: MethodOfControl[];
  recruitmentMethods!: RecruitmentMethod[];
  recruitmentPlatforms!: RecruitmentPlatform[];
  exploitationCountry!: string | null;
  exploitationCity!: string | null;
  transitCountries!: string[];
  incidentDate!: string | null;
  source!: CaseSource;
  suggestedPriority!: CasePriority;
  priorityOverrideReason!: string | null;
  tags!: string[];
  createdBy!: string;
  victimCount!: number;
  victims!: VictimResponseDto[];
  perpetrators!: LinkedPerpetratorDto[];
  yourActions!: CaseActionsDto;

  static fromCase(
    record: Case,
    related: {
      victims: VictimResponseDto[];
      victimCount: number;
      perpetrators: LinkedPerpetratorDto[];
      yourActions: CaseActionsDto;
    },
  ): CaseResponseDto {
    return Object.assign(new CaseResponseDto(), CaseSummaryDto.from(record), {
      summary: record.summary,
      exploitationTypes: record.exploitationTypes,
      methodsOfControl: record.methodsOfControl,
      recruitmentMethods: record.recruitmentMethods,
      recruitmentPlatforms: record.recruitmentPlatforms,
      exploitationCountry: record.exploitationCountry,
      exploitationCity: record.exploitationCity,
      transitCountries: record.transitCountries,
      incidentDate: record.incidentDate,
      source: record.source,
      suggestedPriority: record.suggestedPriority,
      priorityOverrideReason: record.priorityOverrideReason,
      tags: record.tags,
      createdBy: record.createdBy,
      ...related,
    });
  }
}

export class CaseNoteResponseDto {
  id!: string;
  caseId!: string;
  authorId!: string;
  body!: string;
  createdAt!: Date;
}

export class TimelineEntryDto {
  id!: string;
  at!: Date;
  actorId!: string | null;
  actorName!: string | null;
  action!: string;
  entityType!: string;
  entityId!: string;
  changes!: Record<string, unknown> | null;
  /** The note's text, for note entries. */
  noteBody?: string;
}

/** The answer to a case checked without being created. */
export class CaseValidationResponseDto {
  /** Always true: a case that would be refused gets the 400 its creation would get. */
  valid!: boolean;
}
