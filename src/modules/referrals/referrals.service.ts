import { DocumentsService } from '../documents/documents.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  FieldError,
  ForbiddenError,
  ValidationFailedError,
  VersionConflictError,
} from '../../common/errors/app-error';
import { Agency } from '../agencies/agency.entity';
import { AgenciesRepository } from '../agencies/agencies.repository';
import {
  AuditService,
  DescribedChanges,
  describeChangesFor,
  FieldDisclosure,
  REDACTED,
} from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { Case } from '../cases/case.entity';
import { ReadableRecords } from '../cases/readable-records';
import { FamilyMember } from '../families/family-member.entity';
import { NotificationWriter } from '../notifications/notification-writer';
import { NotificationKind, RecipientKind } from '../notifications/notification.enums';
import {
  NotificationsRepository,
  ScheduledNotification,
} from '../notifications/notifications.repository';
import { UserRole } from '../users/user-role';
import { Victim } from '../victims/victim.entity';
import {
  CancelReferralDto,
  ChangeDueDateDto,
  CreateReferralDto,
  ListReferralsQueryDto,
  ReferralFieldsDto,
  RenewLinkDto,
  UpdateReferralDto,
  VersionedActionDto,
} from './dto/referral-input.dto';
import { NotificationDto } from '../notifications/dto/notifications.dto';
import {
  ReferralDto,
  ReferralListDto,
  ReferralResponseEntryDto,
  ResponseLinkDto,
} from './dto/referral-output.dto';
import { HolidaysRepository } from './holidays.repository';
import { ReferralLinksService } from './referral-links.service';
import { ReferralResponsesRepository } from './referral-responses.repository';
import { ReferralNotifications, agencyChannels } from './referral-notifications';
import { deadlinesFor } from './referral-reminders';
import { canCancel, isOpen } from './referral-workflow';
import { Referral } from './referral.entity';
import { ReferralConsent, ReferralPriority, ReferralStatus, SharedField } from './referral.enums';
import {
  ReferralClosedError,
  ReferralNotDraftError,
  ReferralNotFoundError,
  ReferralReadOnlyError,
  SupervisorRequiredForSharingError,
} from './referrals.errors';
import { ReferralsRepository } from './referrals.repository';
import { SlaPoliciesRepository, reminderPolicyOf } from './sla-policies.repository';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../common/http/keyset-cursor';
import { keysetPage } from '../../common/http/pagination.dto';

/**
 * How referral fields appear in the audit log. Its own words (reason, request...) only show that
 * they changed there, with their values kept for the case's readers to see on its timeline; the
 * partner's contact person only shows that it changed.
 */
const REFERRAL_AUDIT_FIELDS: Record<string, FieldDisclosure> = {
  agencyId: 'value',
  service: 'value',
  priority: 'value',
  status: 'value',
  victimIds: 'value',
  familyMemberIds: 'value',
  consent: 'value',
  sharedFields: 'value',
  documentIds: 'value',
  dueAt: 'value',
  acknowledgeDueAt: 'value',
  reason: 'case_readers',
  request: 'case_readers',
  contactName: 'redacted',
  contactEmail: 'redacted',
  noConsentReason: 'case_readers',
};

/**
 * The referring side of a referral: drafting, sending, cancelling and re-dating it, for staff of
 * the agency that owns the case. The receiving side is ReferralResponsesService.
 */
@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsRepository,
    private readonly readableRecords: ReadableRecords,
    private readonly agencies: AgenciesRepository,
    private readonly policies: SlaPoliciesRepository,
    private readonly holidays: HolidaysRepository,
    private readonly links: ReferralLinksService,
    private readonly plan: ReferralNotifications,
    private readonly writer: NotificationWriter,
    private readonly notificationRows: NotificationsRepository,
    private readonly audit: AuditService,
    private readonly answers: ReferralResponsesRepository,
    private readonly documents: DocumentsService,
  ) {}

  async create(
    actor: AuthenticatedUser,
    caseId: string,
    dto: CreateReferralDto,
  ): Promise<ReferralDto> {
    const record = await this.writableCase(actor, caseId);
    await this.checkFields(dto, record);
    const scheduled: ScheduledNotification[] = [];
    const id = await this.dataSource.transaction(async (manager) => {
      const consentRecorded = dto.consent !== ReferralConsent.NotObtained;
      const created = await this.referrals.insert(
        {
          caseId,
          referringAgencyId: record.owningAgencyId,
          agencyId: dto.agencyId,
          service: dto.service,
          priority: dto.priority ?? (record.priority as unknown as ReferralPriority),
          status: ReferralStatus.Draft,
          reason: dto.reason,
          request: dto.request,
          contactName: dto.contactName ?? null,
          contactEmail: dto.contactEmail ?? null,
          victimIds: dto.victimIds ?? [],
          familyMemberIds: dto.familyMemberIds ?? [],
          consent: dto.consent,
          consentRecordedAt: consentRecorded
            ? dto.consentRecordedAt
              ? new Date(dto.consentRecordedAt)
              : new Date()
            : null,
          consentRecordedBy: consentRecorded ? actor.id : null,
          noConsentReason: consentRecorded ? null : (dto.noConsentReason ?? null),
          sharedFields: dto.sharedFields ?? [],
          documentIds: dto.documentIds ?? [],
          requestedDueAt: dto.dueAt ? new Date(dto.dueAt) : null,
          dueOverrideReason: dto.dueAt ? (dto.dueOverrideReason ?? null) : null,
          createdBy: actor.id,
        },
        manager,
      );
      await this.audit.record(manager, actor, {
        action: 'referral.created',
        entityType: 'referral',
        entityId: created.id,
        caseId,
        ...visibleChanges(null, created),
      });
      if (dto.send) scheduled.push(...(await this.sendWithin(manager, actor, created)));
      return created.id;
    });
    await this.writer.dispatchDue(scheduled);
    return this.get(actor, id);
  }

  async update(actor: AuthenticatedUser, id: string, dto: UpdateReferralDto): Promise<ReferralDto> {
    const { referral, record } = await this.writable(actor, id);
    if (referral.status !== ReferralStatus.Draft) throw new ReferralNotDraftError(referral.status);
    const { version, ...changes } = dto;
    const merged: ReferralFieldsDto = {
      agencyId: changes.agencyId ?? referral.agencyId,
      service: changes.service ?? referral.service,
      priority: changes.priority ?? referral.priority,
      reason: changes.reason ?? referral.reason,
      request: changes.request ?? referral.request,
      contactName: changes.contactName === undefined ? referral.contactName : changes.contactName,
      contactEmail:
        changes.contactEmail === undefined ? referral.contactEmail : changes.contactEmail,
      victimIds: changes.victimIds ?? referral.victimIds,
      familyMemberIds: changes.familyMemberIds ?? referral.familyMemberIds,
      consent: changes.consent ?? referral.consent,
      consentRecordedAt:
        changes.consentRecordedAt === undefined
          ? (referral.consentRecordedAt?.toISOString() ?? null)
          : changes.consentRecordedAt,
      noConsentReason:
        changes.noConsentReason === undefined ? referral.noConsentReason : changes.noConsentReason,
      sharedFields: changes.sharedFields ?? referral.sharedFields,
      documentIds: changes.documentIds ?? referral.documentIds,
      dueAt:
        changes.dueAt === undefined
          ? (referral.requestedDueAt?.toISOString() ?? null)
          : changes.dueAt,
      dueOverrideReason:
        changes.dueOverrideReason === undefined
          ? referral.dueOverrideReason
          : changes.dueOverrideReason,
    };
    await this.checkFields(merged, record);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockCurrent(manager, id, version);
      if (current.status !== ReferralStatus.Draft) throw new ReferralNotDraftError(current.status);
      const consentRecorded = merged.consent !== ReferralConsent.NotObtained;
      const consentChanged = merged.consent !== current.consent;
      const next: QueryDeepPartialEntity<Referral> = {
        agencyId: merged.agencyId,
        service: merged.service,
        priority: merged.priority,
        reason: merged.reason,
        request: merged.request,
        contactName: merged.contactName ?? null,
        contactEmail: merged.contactEmail ?? null,
        victimIds: merged.victimIds,
        familyMemberIds: merged.familyMemberIds,
        consent: merged.consent,
        consentRecordedAt: consentRecorded
          ? merged.consentRecordedAt
            ? new Date(merged.consentRecordedAt)
            : new Date()
          : null,
        consentRecordedBy: consentRecorded
          ? consentChanged || changes.consentRecordedAt !== undefined
            ? actor.id
            : (current.consentRecordedBy ?? actor.id)
          : null,
        noConsentReason: consentRecorded ? null : (merged.noConsentReason ?? null),
        sharedFields: merged.sharedFields,
        documentIds: merged.documentIds ?? [],
        requestedDueAt: merged.dueAt ? new Date(merged.dueAt) : null,
        dueOverrideReason: merged.dueAt ? (merged.dueOverrideReason ?? null) : null,
      };
      const updated = await this.referrals.update(id, next, manager);
      await this.audit.record(manager, actor, {
        action: 'referral.updated',
        entityType: 'referral',
        entityId: id,
        caseId: current.caseId,
        ...visibleChanges(current, updated),
      });
    });
    return this.get(actor, id);
  }

  async send(actor: AuthenticatedUser, id: string, dto: VersionedActionDto): Promise<ReferralDto> {
    await this.writable(actor, id);
    const scheduled = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockCurrent(manager, id, dto.version);
      if (current.status !== ReferralStatus.Draft) throw new ReferralNotDraftError(current.status);
      return this.sendWithin(manager, actor, current);
    });
    await this.writer.dispatchDue(scheduled);
    return this.get(actor, id);
  }

  async cancel(actor: AuthenticatedUser, id: string, dto: CancelReferralDto): Promise<ReferralDto> {
    await this.writable(actor, id);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockCurrent(manager, id, dto.version);
      if (!canCancel(current.status)) throw new ReferralClosedError(current.status);
      const updated = await this.referrals.update(
        id,
        { status: ReferralStatus.Cancelled, cancelledAt: new Date(), cancelReason: dto.reason },
        manager,
      );
      await this.links.revokeAll(manager, id, actor.id);
      await this.plan.onStatusChanged(manager, actor, updated);
      await this.audit.record(manager, actor, {
        action: 'referral.cancelled',
        entityType: 'referral',
        entityId: id,
        caseId: current.caseId,
        changes: {
          status: { from: current.status, to: ReferralStatus.Cancelled },
          reason: REDACTED,
        },
        restrictedChanges: { reason: dto.reason },
      });
    });
    return this.get(actor, id);
  }

  /** A new due date for a sent referral: the reminders tied to the old one are replaced. */
  async changeDueDate(
    actor: AuthenticatedUser,
    id: string,
    dto: ChangeDueDateDto,
  ): Promise<ReferralDto> {
    await this.writable(actor, id);
    const dueAt = new Date(dto.dueAt);
    if (dueAt.getTime() <= Date.now())
      throw ValidationFailedError.forField('dueAt', 'dueAt must be in the future');
    const scheduled = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockCurrent(manager, id, dto.version);
      if (current.status === ReferralStatus.Draft) throw new ReferralNotDraftError(current.status);
      if (!isOpen(current.status)) throw new ReferralClosedError(current.status);
      const acknowledgeDueAt =
        current.acknowledgeDueAt && current.acknowledgeDueAt.getTime() > dueAt.getTime()
          ? dueAt
          : current.acknowledgeDueAt;
      const updated = await this.referrals.update(
        id,
        { dueAt, requestedDueAt: dueAt, dueOverrideReason: dto.reason, acknowledgeDueAt },
        manager,
      );
      await this.links.extendFor(manager, id, dueAt);
      const agency = await manager.getRepository(Agency).findOneByOrFail({ id: current.agencyId });
      const rows = await this.plan.onDueDateChanged(
        manager,
        actor,
        updated,
        agency,
        acknowledgeDueAt?.getTime() !== current.acknowledgeDueAt?.getTime(),
      );
      await this.audit.record(manager, actor, {
        action: 'referral.due_date_changed',
        entityType: 'referral',
        entityId: id,
        caseId: current.caseId,
        ...withReason(visibleChanges(current, updated), dto.reason),
      });
      return rows;
    });
    await this.writer.dispatchDue(scheduled);
    return this.get(actor, id);
  }

  /**
   * Revokes the referral's action links (one leaked, or went to the wrong person) and sends the
   * agency the referral again with a fresh one.
   */
  async renewLink(
    actor: AuthenticatedUser,
    id: string,
    dto: RenewLinkDto,
  ): Promise<ResponseLinkDto[]> {
    await this.writable(actor, id);
    const scheduled = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockCurrent(manager, id, dto.version);
      if (!isOpen(current.status)) throw new ReferralClosedError(current.status);
      const revoked = await this.links.revokeAll(manager, id, actor.id);
      await this.links.issue(manager, id, actor.id, current.dueAt!);
      const renewed = await this.referrals.update(
        id,
        dto.contactEmail ? { contactEmail: dto.contactEmail } : {},
        manager,
      );
      const agency = await manager.getRepository(Agency).findOneByOrFail({ id: current.agencyId });
      const now = new Date();
      const rows = await this.writer.schedule(
        manager,
        agencyChannels(agency, renewed).map((channel) => ({
          kind: NotificationKind.ReferralSent,
          channel,
          recipientKind: RecipientKind.Agency,
          recipientAgencyId: agency.id,
          caseId: current.caseId,
          referralId: id,
          dueAt: now,
          dedupeKey: `referral:${id}:referral_sent:renewed:${channel}:${now.getTime()}`,
        })),
      );
      await this.audit.record(manager, actor, {
        action: 'referral.link_renewed',
        entityType: 'referral',
        entityId: id,
        caseId: current.caseId,
        changes: {
          revokedLinks: revoked,
          ...(dto.contactEmail && dto.contactEmail !== current.contactEmail
            ? {
                contactEmail: {
                  from: current.contactEmail ? '[redacted]' : null,
                  to: '[redacted]',
                },
              }
            : {}),
        },
      });
      return rows;
    });
    await this.writer.dispatchDue(scheduled);
    return this.responseLinks(actor, id);
  }

  async responseLinks(actor: AuthenticatedUser, id: string): Promise<ResponseLinkDto[]> {
    const { referral } = await this.readable(actor, id);
    return (await this.links.listForReferral(referral.id)).map((link) =>
      ResponseLinkDto.from(link),
    );
  }

  /** Every answer the receiving agency gave, oldest first. */
  async responses(actor: AuthenticatedUser, id: string): Promise<ReferralResponseEntryDto[]> {
    const { referral } = await this.readable(actor, id);
    return (await this.answers.listForReferral(referral.id)).map((row) =>
      ReferralResponseEntryDto.from(row),
    );
  }

  async get(actor: AuthenticatedUser, id: string): Promise<ReferralDto> {
    const { referral, record } = await this.readable(actor, id);
    return this.present(referral, record.caseNumber);
  }

  async listForCase(
    actor: AuthenticatedUser,
    caseId: string,
    query: ListReferralsQueryDto,
  ): Promise<ReferralListDto> {
    const record = await this.readableRecords.caseFor(actor, caseId);
    const { items, next } = await this.referrals.page({
      scope: { caseId },
      status: query.status,
      limit: query.limit,
      after: query.cursor ? decodeKeysetCursor(query.cursor) : undefined,
    });
    const agencies = await this.agencyRefs(items.map((r) => r.agencyId));
    return keysetPage(
      items.map((r) => ReferralDto.from(r, record.caseNumber, agencies.get(r.agencyId)!)),
      query.limit,
      encodeKeysetCursor(next),
    );
  }

  async notifications(actor: AuthenticatedUser, id: string): Promise<NotificationDto[]> {
    const { referral } = await this.readable(actor, id);
    return (await this.notificationRows.listForReferral(referral.id)).map((row) =>
      NotificationDto.from(row),
    );
  }

  /** The referring side reads a referral through its case; anyone else finds nothing. */
  async readable(
    actor: AuthenticatedUser,
    id: string,
  ): Promise<{ referral: Referral; record: Case }> {
    const referral = await this.referrals.findById(id);
    if (!referral) throw new ReferralNotFoundError();
    const record = await this.readableRecords.caseFor(actor, referral.caseId).catch(() => {
      throw new ReferralNotFoundError();
    });
    return { referral, record };
  }

  private async writable(
    actor: AuthenticatedUser,
    id: string,
  ): Promise<{ referral: Referral; record: Case }> {
    const found = await this.readable(actor, id);
    if (!CaseAccess.canWrite(actor, found.record)) throw new ReferralReadOnlyError();
    return found;
  }

  private async writableCase(actor: AuthenticatedUser, caseId: string): Promise<Case> {
    const record = await this.readableRecords.caseFor(actor, caseId);
    if (!CaseAccess.canWrite(actor, record)) throw new ReferralReadOnlyError();
    return record;
  }

  private async lockCurrent(
    manager: EntityManager,
    id: string,
    version: number,
  ): Promise<Referral> {
    const current = await this.referrals.lockForUpdate(id, manager);
    if (!current) throw new ReferralNotFoundError();
    if (current.version !== version) throw new VersionConflictError('referral', current.version);
    return current;
  }

  /**
   * Sends a draft: deadlines from the policy in the receiving agency's calendar, a fresh action
   * link, and the messages it owes, all in the caller's transaction.
   */
  private async sendWithin(
    manager: EntityManager,
    actor: AuthenticatedUser,
    draft: Referral,
  ): Promise<ScheduledNotification[]> {
    const agency = await manager.getRepository(Agency).findOneBy({ id: draft.agencyId });
    if (!agency || !agency.active)
      throw ValidationFailedError.forField('agencyId', 'agencyId must name an active agency');
    if (agencyChannels(agency, draft).length === 0)
      throw ValidationFailedError.forField(
        'agencyId',
        'the agency has no contact email or webhook to receive the referral: add one to the agency, or give the referral a contactEmail',
      );
    const sharesPersonalData = draft.sharedFields.length > 0 || draft.documentIds.length > 0;
    let noConsentApprovedBy: string | null = null;
    if (draft.consent === ReferralConsent.NotObtained && sharesPersonalData) {
      if (!CaseAccess.isSupervisor(actor)) throw new SupervisorRequiredForSharingError();
      noConsentApprovedBy = actor.id;
    }
    const sentAt = new Date();
    if (draft.requestedDueAt && draft.requestedDueAt.getTime() <= sentAt.getTime())
      throw ValidationFailedError.forField('dueAt', 'dueAt must be in the future');
    const policy = reminderPolicyOf(
      await this.policies.findFor(draft.service, draft.priority, manager),
    );
    const calendar = await this.holidays.calendarFor(agency.timeZone, manager);
    const deadlines = deadlinesFor(sentAt, policy, calendar, draft.requestedDueAt);
    const sent = await this.referrals.update(
      draft.id,
      {
        status: ReferralStatus.Sent,
        sentAt,
        sentBy: actor.id,
        timeZone: agency.timeZone,
        acknowledgeDueAt: deadlines.acknowledgeDueAt,
        dueAt: deadlines.dueAt,
        noConsentApprovedBy,
      },
      manager,
    );
    await this.links.issue(manager, sent.id, null, deadlines.dueAt);
    const scheduled = await this.plan.onSent(manager, sent, agency);
    const described = visibleChanges(draft, sent);
    await this.audit.record(manager, actor, {
      action: 'referral.sent',
      entityType: 'referral',
      entityId: sent.id,
      caseId: sent.caseId,
      changes: {
        ...described.changes,
        noConsentApprovedBy,
        dueOverridden: draft.requestedDueAt !== null,
      },
      restrictedChanges: described.restrictedChanges,
    });
    return scheduled;
  }

  /** Rules beyond the DTO: the agency exists, the people belong to the case, consent is coherent. */
  private async checkFields(dto: ReferralFieldsDto, record: Case): Promise<void> {
    const problems: FieldError[] = [];
    const add = (field: string, message: string): void => {
      problems.push({ field, messages: [message] });
    };
    const agency = await this.agencies.findById(dto.agencyId);
    if (!agency || !agency.active) add('agencyId', 'agencyId must name an active agency');
    else if (agency.id === record.owningAgencyId)
      add('agencyId', 'a referral goes to another agency, not to the one that owns the case');

    const victimIds = dto.victimIds ?? [];
    const familyIds = dto.familyMemberIds ?? [];
    const victims = victimIds.length
      ? await this.dataSource.getRepository(Victim).find({
          where: { id: In(victimIds), caseId: record.id },
          select: { id: true },
        })
      : [];
    if (victims.length !== victimIds.length)
      add('victimIds', 'every victimId must name a victim of this case');
    const family = familyIds.length
      ? await this.dataSource.getRepository(FamilyMember).find({
          where: { id: In(familyIds) },
          select: { id: true, victimId: true },
        })
      : [];
    const caseVictims = family.length
      ? new Set(
          (
            await this.dataSource.getRepository(Victim).find({
              where: { id: In(family.map((f) => f.victimId)), caseId: record.id },
              select: { id: true },
            })
          ).map((v) => v.id),
        )
      : new Set<string>();
    if (family.length !== familyIds.length || family.some((f) => !caseVictims.has(f.victimId)))
      add(
        'familyMemberIds',
        'every familyMemberId must name a family member of a victim of this case',
      );

    const shared = dto.sharedFields ?? [];
    const victimFields = shared.filter((f) => f !== SharedField.FamilyContacts);
    if (victimFields.length > 0 && victimIds.length === 0)
      add('victimIds', 'name the victims whose fields are shared');
    if (shared.includes(SharedField.FamilyContacts) && familyIds.length === 0)
      add('familyMemberIds', 'name the family members whose contacts are shared');
    if (familyIds.length > 0 && !shared.includes(SharedField.FamilyContacts))
      add('sharedFields', 'include family_contacts to share the named family members');
    const documentIds = dto.documentIds ?? [];
    if (documentIds.length > 0) {
      const found = await this.documents.storedIdsInCase(record.id, documentIds);
      if (found.length !== documentIds.length)
        add('documentIds', 'every documentId must name a document of this case');
    }
    if (
      dto.consent === ReferralConsent.NotObtained &&
      (shared.length > 0 || documentIds.length > 0) &&
      !dto.noConsentReason
    )
      add(
        'noConsentReason',
        'noConsentReason is required to share personal fields or documents without recorded consent',
      );
    if (dto.consentRecordedAt && new Date(dto.consentRecordedAt).getTime() > Date.now() + 60_000)
      add('consentRecordedAt', 'consentRecordedAt cannot be in the future');
    if (dto.dueAt) {
      if (!dto.dueOverrideReason)
        add('dueOverrideReason', 'dueOverrideReason is required to set a due date by hand');
      if (new Date(dto.dueAt).getTime() <= Date.now()) add('dueAt', 'dueAt must be in the future');
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
  }

  private async present(referral: Referral, caseNumber: string): Promise<ReferralDto> {
    const agencies = await this.agencyRefs([referral.agencyId]);
    return ReferralDto.from(referral, caseNumber, agencies.get(referral.agencyId)!);
  }

  private async agencyRefs(
    ids: string[],
  ): Promise<Map<string, { id: string; name: string; shortName: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(Agency).find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, name: true, shortName: true },
    });
    return new Map(rows.map((a) => [a.id, { id: a.id, name: a.name, shortName: a.shortName }]));
  }

  /** Staff of the referring agency list their agency's referrals; admins list all. */
  async listSent(actor: AuthenticatedUser, query: ListReferralsQueryDto): Promise<ReferralListDto> {
    if (
      ![UserRole.Admin, UserRole.Supervisor, UserRole.Caseworker, UserRole.Viewer].includes(
        actor.role,
      )
    )
      throw new ForbiddenError();
    const { items, next } = await this.referrals.page({
      scope:
        actor.role === UserRole.Admin
          ? { everyAgency: true }
          : { referringAgencyId: actor.agencyId },
      status: query.status,
      limit: query.limit,
      after: query.cursor ? decodeKeysetCursor(query.cursor) : undefined,
    });
    const numbers = await this.caseNumbers(items.map((r) => r.caseId));
    const agencies = await this.agencyRefs(items.map((r) => r.agencyId));
    return keysetPage(
      items.map((r) => ReferralDto.from(r, numbers.get(r.caseId)!, agencies.get(r.agencyId)!)),
      query.limit,
      encodeKeysetCursor(next),
    );
  }

  private async caseNumbers(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(Case)
      .find({ where: { id: In([...new Set(ids)]) }, select: { id: true, caseNumber: true } });
    return new Map(rows.map((c) => [c.id, c.caseNumber]));
  }
}

function visibleChanges(before: Referral | null, after: Referral): DescribedChanges {
  return describeChangesFor(
    before as unknown as Record<string, unknown> | null,
    after as unknown as Record<string, unknown>,
    REFERRAL_AUDIT_FIELDS,
  );
}

/** A reason given with an action: "[redacted]" in the audit log, its text for the case's readers. */
function withReason(described: DescribedChanges, reason: string): DescribedChanges {
  return {
    changes: { ...described.changes, reason: REDACTED },
    restrictedChanges: { ...described.restrictedChanges, reason },
  };
}
