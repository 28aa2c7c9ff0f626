import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppError, ForbiddenError, ValidationFailedError } from '../../common/errors/app-error';
import { AuditService, REDACTED } from '../audit/audit.service';
import { type DocumentDownload, DocumentsService } from '../documents/documents.service';
import { DocumentNotFoundError } from '../documents/documents.errors';
import { NotificationWriter } from '../notifications/notification-writer';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';
import { ListReferralsQueryDto, ReferralResponseDto } from './dto/referral-input.dto';
import {
  ReferralResponseEntryDto,
  ReferralSharedListDto,
  ReferralSharedViewDto,
} from './dto/referral-output.dto';
import { ReferralLinksService } from './referral-links.service';
import { ReferralNotifications } from './referral-notifications';
import { ReferralSharedView } from './referral-shared-view';
import { allowedResponses, isOpen, statusAfterResponse } from './referral-workflow';
import { Referral } from './referral.entity';
import { ReferralOutcome, ReferralResponseAction } from './referral.enums';
import { ReferralResponsesRepository } from './referral-responses.repository';
import {
  ReferralNotAssigneeError,
  ReferralNotFoundError,
  ReferralResponseNotAllowedError,
} from './referrals.errors';
import { ReceivingAccess } from './receiving-access';
import { ReferralsRepository } from './referrals.repository';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../common/http/keyset-cursor';
import { keysetPage } from '../../common/http/pagination.dto';

/** Who answered: a signed-in liaison, or whoever holds an action link. */
type Responder =
  { via: 'account'; actor: AuthenticatedUser } | { via: 'link'; linkId: string; requestId: string };

/**
 * The receiving side of a referral. Liaisons, supervisors and caseworkers of the receiving agency
 * and holders of an action link see the shared view only, and answer: acknowledge, decline,
 * report progress, complete (see ReceivingAccess for who answers).
 */
@Injectable()
export class ReferralResponsesService {
  private readonly logger = new Logger(ReferralResponsesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsRepository,
    private readonly links: ReferralLinksService,
    private readonly sharedView: ReferralSharedView,
    private readonly plan: ReferralNotifications,
    private readonly writer: NotificationWriter,
    private readonly audit: AuditService,
    private readonly answers: ReferralResponsesRepository,
    private readonly documents: DocumentsService,
  ) {}

  /** The referrals sent to the liaison's agency, newest first. */
  async listMine(
    actor: AuthenticatedUser,
    query: ListReferralsQueryDto,
  ): Promise<ReferralSharedListDto> {
    if (actor.role !== UserRole.AgencyLiaison)
      throw new ForbiddenError(
        '?mine is for agency liaisons: it lists the referrals sent to your agency',
      );
    const { items: page, next } = await this.referrals.page({
      scope: { receivingAgencyId: actor.agencyId },
      status: query.status,
      limit: query.limit,
      after: query.cursor ? decodeKeysetCursor(query.cursor) : undefined,
    });
    const items: ReferralSharedViewDto[] = [];
    const revealing: Referral[] = [];
    for (const referral of page) {
      const built = await this.sharedView.build(referral);
      items.push(built.view);
      if (built.revealsPersonalData) revealing.push(referral);
    }
    await this.audit.recordMany(
      this.dataSource.manager,
      actor,
      revealing.map((r) => ({
        action: 'referral.shared_data_viewed',
        entityType: 'referral',
        entityId: r.id,
        caseId: r.caseId,
        changes: { via: 'account' },
      })),
    );
    return keysetPage(items, query.limit, encodeKeysetCursor(next));
  }

  /**
   * The referral, when the caller is at the receiving agency (its liaisons, supervisors and
   * caseworkers, who see it listed as incoming); null when they are not, whether or not it exists.
   */
  async receivedBy(actor: AuthenticatedUser, id: string): Promise<Referral | null> {
    const referral = await this.referrals.findById(id);
    return referral && ReceivingAccess.knowsOf(actor, referral) ? referral : null;
  }

  /** A caseworker of the receiving agency reads the referrals assigned to them only. */
  private checkReads(actor: AuthenticatedUser, referral: Referral): void {
    if (ReceivingAccess.canRead(actor, referral)) return;
    throw ReceivingAccess.knowsOf(actor, referral)
      ? new ReferralNotAssigneeError()
      : new ReferralNotFoundError();
  }

  async viewAsReceiver(
    actor: AuthenticatedUser,
    referral: Referral,
  ): Promise<ReferralSharedViewDto> {
    this.checkReads(actor, referral);
    const { view, revealsPersonalData } = await this.sharedView.build(referral);
    if (revealsPersonalData)
      await this.audit.recordRead(actor, {
        action: 'referral.shared_data_viewed',
        entityType: 'referral',
        entityId: referral.id,
        caseId: referral.caseId,
        changes: { via: 'account' },
      });
    return view;
  }

  /**
   * A document the referral shares, for staff of the receiving agency who may read the referral,
   * while they work on it. Audited as a download by the referral's receiver.
   */
  async downloadDocumentAsReceiver(
    actor: AuthenticatedUser,
    referral: Referral,
    documentId: string,
  ): Promise<DocumentDownload> {
    this.checkReads(actor, referral);
    if (!isOpen(referral.status) || !referral.documentIds.includes(documentId))
      throw new DocumentNotFoundError();
    return this.documents.downloadShared(referral.caseId, documentId, {
      actor,
      referralId: referral.id,
      receivingAgencyId: referral.agencyId,
      requestId: actor.requestId ?? '',
    });
  }

  /** The answers to a referral sent to the caller's agency, oldest first. */
  async listAsReceiver(
    actor: AuthenticatedUser,
    referral: Referral,
  ): Promise<ReferralResponseEntryDto[]> {
    this.checkReads(actor, referral);
    return (await this.answers.listForReferral(referral.id)).map((row) =>
      ReferralResponseEntryDto.from(row),
    );
  }

  /**
   * An answer from an account at the receiving agency: a liaison, a supervisor, or the caseworker
   * the referral is assigned to. Another caseworker there is told it is not theirs (403); anyone
   * elsewhere finds nothing (404).
   */
  async respondAsReceiver(
    actor: AuthenticatedUser,
    id: string,
    dto: ReferralResponseDto,
  ): Promise<ReferralSharedViewDto> {
    const referral = await this.referrals.findById(id);
    if (!referral || !ReceivingAccess.knowsOf(actor, referral)) throw new ReferralNotFoundError();
    const mayAnswer = (current: Referral): void => {
      if (!ReceivingAccess.canAnswer(actor, current)) throw new ReferralNotAssigneeError();
    };
    mayAnswer(referral);
    return this.respond({ via: 'account', actor }, id, dto, undefined, mayAnswer);
  }

  /** Every opening of a link is counted and audited, whether or not it shows personal data. */
  async viewWithLink(token: string, requestId: string): Promise<ReferralSharedViewDto> {
    const linkId = this.links.verifiedLinkId(token);
    try {
      return await this.viewWithVerifiedLink(token, requestId);
    } catch (error) {
      // A genuine link that no longer works (revoked, expired) being tried is worth recording.
      if (error instanceof AppError)
        await this.auditRefusedLinkUse(linkId, 'view', error.code, requestId);
      throw error;
    }
  }

  /**
   * A document the referral shares, for the holder of its link, while the agency works on the
   * referral; any other document, or any after the referral closed, is "not found". Audited as
   * a download by the link, before the first byte.
   */
  async downloadDocumentWithLink(
    token: string,
    documentId: string,
    requestId: string,
  ): Promise<DocumentDownload> {
    const linkId = this.links.verifiedLinkId(token);
    try {
      const referral = await this.dataSource.transaction(async (manager) => {
        const link = await this.links.use(manager, token);
        return this.referrals.findById(link.referralId, manager);
      });
      if (!referral || !isOpen(referral.status) || !referral.documentIds.includes(documentId))
        throw new DocumentNotFoundError();
      return await this.documents.downloadShared(referral.caseId, documentId, {
        actor: null,
        referralId: referral.id,
        receivingAgencyId: referral.agencyId,
        requestId,
      });
    } catch (error) {
      if (error instanceof AppError)
        await this.auditRefusedLinkUse(linkId, 'document', error.code, requestId);
      throw error;
    }
  }

  private async viewWithVerifiedLink(
    token: string,
    requestId: string,
  ): Promise<ReferralSharedViewDto> {
    return this.dataSource.transaction(async (manager) => {
      const link = await this.links.use(manager, token);
      const referral = await this.referrals.findById(link.referralId, manager);
      if (!referral) throw new ReferralNotFoundError();
      const { view, revealsPersonalData } = await this.sharedView.build(referral, manager);
      await this.audit.record(manager, null, {
        action: 'referral.viewed_via_link',
        entityType: 'referral',
        entityId: referral.id,
        caseId: referral.caseId,
        changes: { linkId: link.id, requestId, personalData: revealsPersonalData },
      });
      return view;
    });
  }

  async respondWithLink(
    token: string,
    dto: ReferralResponseDto,
    requestId: string,
  ): Promise<ReferralSharedViewDto> {
    // A forged token stops here, before anything about the request is judged or recorded.
    const linkId = this.links.verifiedLinkId(token);
    try {
      return await this.respond({ via: 'link', linkId, requestId }, null, dto, token);
    } catch (error) {
      // A genuine link's refused use (revoked, expired, or an answer the referral cannot take)
      // is audited too, in its own transaction, since the failed one rolled back.
      if (error instanceof AppError)
        await this.auditRefusedLinkUse(linkId, dto.action, error.code, requestId);
      throw error;
    }
  }

  private async respond(
    responder: Responder,
    id: string | null,
    dto: ReferralResponseDto,
    token?: string,
    /** Checked again on the locked row: a reassignment may have come in between. */
    guard?: (current: Referral) => void,
  ): Promise<ReferralSharedViewDto> {
    const { referralId, scheduled } = await this.dataSource.transaction(async (manager) => {
      let linkId: string | null = null;
      let referralId = id;
      if (token !== undefined) referralId = (await this.links.findLive(manager, token)).referralId;
      // The referral first, then its link: cancelling and renewing lock in that order too, and
      // the opposite order would let the two deadlock.
      const current = await this.referrals.lockForUpdate(referralId!, manager);
      if (!current) throw new ReferralNotFoundError();
      guard?.(current);
      if (token !== undefined) linkId = (await this.links.use(manager, token)).id;
      const problems = responseProblems(dto);
      if (problems) throw problems;
      const allowed = allowedResponses(current.status);
      if (!allowed.includes(dto.action))
        throw new ReferralResponseNotAllowedError(current.status, dto.action, allowed);
      const now = new Date();
      const next = changesFor(dto, current, now);
      const updated = await this.referrals.update(current.id, next, manager);
      const texts = textsOf(dto);
      const answer = await this.answers.insert(manager, {
        referralId: current.id,
        action: dto.action,
        statusBefore: current.status,
        statusAfter: updated.status,
        ...texts,
        via: responder.via,
        responderId: responder.via === 'account' ? responder.actor.id : null,
        linkId,
      });
      if (!isOpen(updated.status)) await this.links.revokeAll(manager, current.id, null);
      const scheduled = await this.plan.onStatusChanged(
        manager,
        responder.via === 'account' ? responder.actor : null,
        updated,
      );
      await this.audit.record(manager, responder.via === 'account' ? responder.actor : null, {
        action: 'referral.responded',
        entityType: 'referral',
        entityId: current.id,
        caseId: current.caseId,
        changes: {
          action: dto.action,
          status: { from: current.status, to: updated.status },
          outcome: texts.outcome ?? null,
          via: responder.via,
          responseId: answer.id,
          ...(linkId ? { linkId, requestId: (responder as { requestId: string }).requestId } : {}),
          // The partner's words: only that they were given, in the audit log...
          ...Object.fromEntries(
            TEXT_FIELDS.filter((field) => texts[field] != null).map((field) => [field, REDACTED]),
          ),
        },
        // ...and what they say, for the case's readers on its timeline.
        restrictedChanges: Object.fromEntries(
          TEXT_FIELDS.filter((field) => texts[field] != null).map((field) => [field, texts[field]]),
        ),
      });
      return { referralId: current.id, scheduled };
    });
    await this.writer.dispatchDue(scheduled);
    const referral = (await this.referrals.findById(referralId))!;
    const { view, revealsPersonalData } = await this.sharedView.build(referral);
    // The answer shows the shared view again: a read of personal data like any other.
    if (revealsPersonalData)
      await this.audit.recordRead(responder.via === 'account' ? responder.actor : null, {
        action: 'referral.shared_data_viewed',
        entityType: 'referral',
        entityId: referral.id,
        caseId: referral.caseId,
        changes:
          responder.via === 'account'
            ? { via: 'account' }
            : { via: 'link', linkId: responder.linkId, requestId: responder.requestId },
      });
    return view;
  }

  private async auditRefusedLinkUse(
    linkId: string,
    action: ReferralResponseAction | 'view' | 'document',
    code: string,
    requestId: string,
  ): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager: EntityManager) => {
        const rows = await manager.query<Array<{ referral_id: string; case_id: string }>>(
          `SELECT l.referral_id, r.case_id FROM referral_response_links l
           JOIN referrals r ON r.id = l.referral_id WHERE l.id = $1`,
          [linkId],
        );
        if (rows.length === 0) return;
        await this.audit.record(manager, null, {
          action: 'referral.link_use_refused',
          entityType: 'referral',
          entityId: rows[0].referral_id,
          caseId: rows[0].case_id,
          changes: { linkId, action, code, requestId },
        });
      });
    } catch (error) {
      this.logger.warn(
        { err: { type: (error as Error).name } },
        'Could not audit a refused link use',
      );
    }
  }
}

function responseProblems(dto: ReferralResponseDto): ValidationFailedError | null {
  switch (dto.action) {
    case ReferralResponseAction.Decline:
      return dto.reason
        ? null
        : ValidationFailedError.forField('reason', 'reason is required to decline');
    case ReferralResponseAction.Progress:
      return dto.note
        ? null
        : ValidationFailedError.forField('note', 'note is required to report progress');
    case ReferralResponseAction.Complete:
      return dto.outcome
        ? null
        : ValidationFailedError.forField('outcome', 'outcome is required to complete');
    default:
      return null;
  }
}

/** The free text of an answer: the audit log only says it was given. */
const TEXT_FIELDS = ['note', 'reason', 'outcomeNotes'] as const;

/** What an answer of this kind says; anything else sent along with it is not taken. */
function textsOf(dto: ReferralResponseDto): {
  note: string | null;
  reason: string | null;
  outcome: ReferralOutcome | null;
  outcomeNotes: string | null;
} {
  const none = { note: null, reason: null, outcome: null, outcomeNotes: null };
  switch (dto.action) {
    case ReferralResponseAction.Acknowledge:
    case ReferralResponseAction.Progress:
      return { ...none, note: dto.note ?? null };
    case ReferralResponseAction.Decline:
      return { ...none, reason: dto.reason ?? null };
    case ReferralResponseAction.Complete:
      return { ...none, outcome: dto.outcome ?? null, outcomeNotes: dto.outcomeNotes ?? null };
  }
}

function changesFor(
  dto: ReferralResponseDto,
  current: Referral,
  now: Date,
): QueryDeepPartialEntity<Referral> {
  const common: QueryDeepPartialEntity<Referral> = {
    status: statusAfterResponse(dto.action),
    lastResponseAt: now,
    // An answer ends the spell of silence: reminders count, and may escalate, afresh.
    remindersIgnored: 0,
    escalatedAt: null,
    acknowledgedAt:
      current.acknowledgedAt ?? (dto.action === ReferralResponseAction.Decline ? null : now),
  };
  switch (dto.action) {
    case ReferralResponseAction.Acknowledge:
      return { ...common, ...(dto.note ? { progressNote: dto.note } : {}) };
    case ReferralResponseAction.Decline:
      return { ...common, declinedAt: now, declineReason: dto.reason };
    case ReferralResponseAction.Progress:
      return { ...common, progressNote: dto.note };
    case ReferralResponseAction.Complete:
      return {
        ...common,
        completedAt: now,
        outcome: dto.outcome,
        outcomeNotes: dto.outcomeNotes ?? null,
      };
  }
}
