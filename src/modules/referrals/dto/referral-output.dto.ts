import { SharedDocumentDto } from '../../documents/dto/document.dto';
import type { ListPage } from '../../../common/http/pagination.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ReferralResponseLink } from '../referral-response-link.entity';
import { ReferralResponse } from '../referral-response.entity';
import { Referral } from '../referral.entity';
import {
  ReferralConsent,
  ReferralOutcome,
  ReferralPriority,
  ReferralResponseAction,
  ReferralService,
  ReferralStatus,
  SharedField,
} from '../referral.enums';

export class AgencyRefDto {
  id!: string;
  name!: string;
  shortName!: string;
}

/** A referral as the referring agency sees it. */
export class ReferralDto {
  id!: string;
  caseId!: string;
  caseNumber!: string;
  agency!: AgencyRefDto;
  @ApiProperty({ enum: ReferralService })
  service!: ReferralService;
  @ApiProperty({ enum: ReferralPriority })
  priority!: ReferralPriority;
  @ApiProperty({ enum: ReferralStatus })
  status!: ReferralStatus;
  reason!: string;
  request!: string;
  contactName!: string | null;
  contactEmail!: string | null;
  victimIds!: string[];
  familyMemberIds!: string[];
  @ApiProperty({ enum: ReferralConsent })
  consent!: ReferralConsent;
  consentRecordedAt!: Date | null;
  consentRecordedBy!: string | null;
  noConsentReason!: string | null;
  noConsentApprovedBy!: string | null;
  @ApiProperty({ enum: SharedField, isArray: true })
  sharedFields!: SharedField[];
  /** Documents of the case the agency may download through its link. */
  documentIds!: string[];
  /** Deadlines are counted in the receiving agency's time zone. */
  timeZone!: string;
  acknowledgeDueAt!: Date | null;
  dueAt!: Date | null;
  /** The due date chosen instead of the policy's, and why. */
  requestedDueAt!: Date | null;
  dueOverrideReason!: string | null;
  sentAt!: Date | null;
  sentBy!: string | null;
  acknowledgedAt!: Date | null;
  completedAt!: Date | null;
  declinedAt!: Date | null;
  declineReason!: string | null;
  cancelledAt!: Date | null;
  cancelReason!: string | null;
  progressNote!: string | null;
  @ApiPropertyOptional({ enum: ReferralOutcome, nullable: true })
  outcome!: ReferralOutcome | null;
  outcomeNotes!: string | null;
  lastResponseAt!: Date | null;
  /** Reminders delivered since the agency last answered. */
  remindersIgnored!: number;
  escalatedAt!: Date | null;
  overdue!: boolean;
  createdBy!: string;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(
    referral: Referral,
    caseNumber: string,
    agency: AgencyRefDto,
    now = new Date(),
  ): ReferralDto {
    return {
      id: referral.id,
      caseId: referral.caseId,
      caseNumber,
      agency,
      service: referral.service,
      priority: referral.priority,
      status: referral.status,
      reason: referral.reason,
      request: referral.request,
      contactName: referral.contactName,
      contactEmail: referral.contactEmail,
      victimIds: referral.victimIds,
      familyMemberIds: referral.familyMemberIds,
      consent: referral.consent,
      consentRecordedAt: referral.consentRecordedAt,
      consentRecordedBy: referral.consentRecordedBy,
      noConsentReason: referral.noConsentReason,
      noConsentApprovedBy: referral.noConsentApprovedBy,
      sharedFields: referral.sharedFields,
      documentIds: referral.documentIds,
      timeZone: referral.timeZone,
      acknowledgeDueAt: referral.acknowledgeDueAt,
      dueAt: referral.dueAt,
      requestedDueAt: referral.requestedDueAt,
      dueOverrideReason: referral.dueOverrideReason,
      sentAt: referral.sentAt,
      sentBy: referral.sentBy,
      acknowledgedAt: referral.acknowledgedAt,
      completedAt: referral.completedAt,
      declinedAt: referral.declinedAt,
      declineReason: referral.declineReason,
      cancelledAt: referral.cancelledAt,
      cancelReason: referral.cancelReason,
      progressNote: referral.progressNote,
      outcome: referral.outcome,
      outcomeNotes: referral.outcomeNotes,
      lastResponseAt: referral.lastResponseAt,
      remindersIgnored: referral.remindersIgnored,
      escalatedAt: referral.escalatedAt,
      overdue: isOverdue(referral, now),
      createdBy: referral.createdBy,
      version: referral.version,
      createdAt: referral.createdAt,
      updatedAt: referral.updatedAt,
    };
  }
}

export function isOverdue(referral: Referral, now = new Date()): boolean {
  return (
    referral.dueAt !== null &&
    referral.dueAt.getTime() < now.getTime() &&
    [ReferralStatus.Sent, ReferralStatus.Acknowledged, ReferralStatus.InProgress].includes(
      referral.status,
    )
  );
}

export type ReferralListDto = ListPage<ReferralDto>;

/** What a shared victim looks like to the receiving agency: only the fields the referral shares. */
export class SharedVictimDto {
  /** A reference for talking about this person with the referring agency; not an identity. */
  id!: string;
  fullName?: string;
  otherNames?: string[];
  gender?: string;
  estimatedAge?: number | null;
  minorAtRecruitment?: boolean | null;
  dateOfBirth?: string | null;
  nik?: string | null;
  passportNumber?: string | null;
  phone?: string | null;
  originStreet?: string | null;
  originRegionCode?: string | null;
  originRegionPath?: string | null;
  currentSituation?: string;
  deathDate?: string | null;
  deathPlace?: string | null;
  deathCountry?: string | null;
  deathCause?: string | null;
  remainsStatus?: string | null;
  deathCertificateRef?: string | null;
}

export class SharedFamilyMemberDto {
  id!: string;
  victimId!: string;
  fullName!: string;
  relation!: string;
  alive!: boolean;
  phone!: string | null;
  street!: string | null;
  regionCode!: string | null;
  language!: string;
}

/**
 * A referral as the receiving agency sees it, whether signed in as its liaison or through the
 * action link: the request and deadlines, and only the personal fields the referral shares.
 */
export class ReferralSharedViewDto {
  id!: string;
  caseNumber!: string;
  referringAgency!: AgencyRefDto;
  receivingAgency!: AgencyRefDto;
  @ApiProperty({ enum: ReferralService })
  service!: ReferralService;
  @ApiProperty({ enum: ReferralPriority })
  priority!: ReferralPriority;
  @ApiProperty({ enum: ReferralStatus })
  status!: ReferralStatus;
  reason!: string;
  request!: string;
  contactName!: string | null;
  incidentType!: string;
  exploitationCountry!: string | null;
  timeZone!: string;
  sentAt!: Date | null;
  acknowledgeDueAt!: Date | null;
  dueAt!: Date | null;
  acknowledgedAt!: Date | null;
  progressNote!: string | null;
  completedAt!: Date | null;
  @ApiPropertyOptional({ enum: ReferralOutcome, nullable: true })
  outcome!: ReferralOutcome | null;
  outcomeNotes!: string | null;
  declinedAt!: Date | null;
  declineReason!: string | null;
  cancelledAt!: Date | null;
  @ApiProperty({ enum: SharedField, isArray: true })
  sharedFields!: SharedField[];
  @ApiProperty({ enum: ReferralConsent })
  consent!: ReferralConsent;
  victims!: SharedVictimDto[];
  familyMembers!: SharedFamilyMemberDto[];
  /**
   * Documents the referral shares, while the agency works on it: download each from
   * `GET /referral-responses/documents/{id}` with the link's token, or, signed in, from
   * `GET /referrals/{id}/documents/{documentId}`.
   */
  documents!: SharedDocumentDto[];
  /** What the agency may answer now. */
  @ApiProperty({ enum: ReferralResponseAction, isArray: true })
  allowedResponses!: ReferralResponseAction[];
  /** Every answer given so far, oldest first (`progressNote` is only the latest note). */
  responses!: ReferralResponseEntryDto[];
}

/**
 * One answer of the receiving agency, as given: a later one never overwrites it. `via` says
 * whether a signed-in liaison (`responderId`) or the holder of an action link gave it.
 */
export class ReferralResponseEntryDto {
  id!: string;
  @ApiProperty({ enum: ReferralResponseAction })
  action!: ReferralResponseAction;
  @ApiProperty({ enum: ReferralStatus })
  statusBefore!: ReferralStatus;
  @ApiProperty({ enum: ReferralStatus })
  statusAfter!: ReferralStatus;
  /** With an acknowledgement or a progress report. */
  note!: string | null;
  /** Why the agency declined. */
  reason!: string | null;
  @ApiPropertyOptional({ enum: ReferralOutcome, nullable: true })
  outcome!: ReferralOutcome | null;
  outcomeNotes!: string | null;
  @ApiProperty({ enum: ['account', 'link'] })
  via!: 'account' | 'link';
  responderId!: string | null;
  createdAt!: Date;

  static from(row: ReferralResponse): ReferralResponseEntryDto {
    return {
      id: row.id,
      action: row.action,
      statusBefore: row.statusBefore,
      statusAfter: row.statusAfter,
      note: row.note,
      reason: row.reason,
      outcome: row.outcome,
      outcomeNotes: row.outcomeNotes,
      via: row.via,
      responderId: row.responderId,
      createdAt: row.createdAt,
    };
  }
}

export type ReferralSharedListDto = ListPage<ReferralSharedViewDto>;

export class ResponseLinkDto {
  id!: string;
  createdAt!: Date;
  expiresAt!: Date;
  revokedAt!: Date | null;
  lastUsedAt!: Date | null;
  useCount!: number;

  static from(link: ReferralResponseLink): ResponseLinkDto {
    return {
      id: link.id,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      revokedAt: link.revokedAt,
      lastUsedAt: link.lastUsedAt,
      useCount: link.useCount,
    };
  }
}
