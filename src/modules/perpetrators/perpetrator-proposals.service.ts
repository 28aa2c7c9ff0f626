import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { ForbiddenError, ValidationFailedError } from '../../common/errors/app-error';
import { toE164 } from '../../common/identity/identity-numbers';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { CaseReadOnlyError } from '../cases/cases.errors';
import { ReferenceChecks } from '../cases/reference-checks';
import { RegionsRepository } from '../regions/regions.repository';
import { UserRole } from '../users/user-role';
import {
  AcceptProposalDto,
  ListProposalsQueryDto,
  PerpetratorChangeProposalDto,
  ProposePerpetratorChangeDto,
  RejectProposalDto,
} from './dto/perpetrator-proposal.dto';
import {
  PerpetratorChangeProposal,
  ProposalStatus,
  ProposedIdentityChanges,
} from './perpetrator-change-proposal.entity';
import { Perpetrator } from './perpetrator.entity';
import { PerpetratorProposalsRepository } from './perpetrator-proposals.repository';
import {
  ProposalAlreadyDecidedError,
  ProposalDecidedByRecordingAgencyError,
  ProposalNotFoundError,
  ProposalNotNeededError,
} from './perpetrators.errors';
import {
  disclosePhones,
  IDENTITY_FIELDS,
  type PhoneDisclosure,
  PerpetratorNotFoundError,
  PerpetratorsService,
} from './perpetrators.service';

/** Proposed phones are personal data like the record's: encrypted, under their own field name. */
const PROPOSED_PHONE_FIELD = 'perpetrator_change_proposals.phone';

/**
 * Agencies that did not record a perpetrator propose changes to who the perpetrator is; the
 * recording agency accepts (the change is applied as its own edit would be) or rejects them.
 */
@Injectable()
export class PerpetratorProposalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly proposals: PerpetratorProposalsRepository,
    private readonly perpetrators: PerpetratorsService,
    private readonly regions: RegionsRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async propose(
    actor: AuthenticatedUser,
    perpetratorId: string,
    dto: ProposePerpetratorChangeDto,
  ): Promise<PerpetratorChangeProposalDto> {
    const { perpetrator, visible } = await this.perpetrators.loadReadable(actor, perpetratorId);
    if (this.perpetrators.ownsIdentity(actor, perpetrator)) throw new ProposalNotNeededError();
    if (
      !visible.some((row) => CaseAccess.canWrite(actor, { owningAgencyId: row.owning_agency_id }))
    )
      throw new CaseReadOnlyError();
    const fields = IDENTITY_FIELDS.filter((field) => dto.changes[field] !== undefined);
    if (fields.length === 0) {
      throw ValidationFailedError.forField(
        'changes',
        `changes must propose at least one of: ${IDENTITY_FIELDS.join(', ')}`,
      );
    }
    const problems = await new ReferenceChecks()
      .region('changes.homeRegionCode', dto.changes.homeRegionCode)
      .problems(this.regions);
    if (problems.length > 0) throw new ValidationFailedError(problems);

    const proposalId = randomUUID();
    const stored: ProposedIdentityChanges = {};
    for (const field of fields) {
      if (field === 'phones') {
        stored.phonesEncrypted = (dto.changes.phones ?? []).map((phone) =>
          this.cipher.encrypt(PROPOSED_PHONE_FIELD, proposalId, toE164(phone) ?? phone),
        );
      } else {
        Object.assign(stored, { [field]: dto.changes[field] });
      }
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      const proposal = await this.proposals.insert(
        {
          id: proposalId,
          perpetratorId,
          proposedByAgencyId: actor.agencyId,
          proposedBy: actor.id,
          baseVersion: perpetrator.version,
          changes: stored,
          reason: dto.reason ?? null,
        },
        manager,
      );
      await this.perpetrators.auditOnEveryLinkedCase(
        manager,
        actor,
        perpetratorId,
        'perpetrator.change_proposed',
        { proposalId: proposal.id, fields },
      );
      return proposal;
    });
    return this.toDto(saved, this.perpetrators.phoneDisclosure(actor, visible));
  }

  /** The recording agency (and admins) see every proposal; other agencies their own. */
  async listForPerpetrator(
    actor: AuthenticatedUser,
    perpetratorId: string,
  ): Promise<PerpetratorChangeProposalDto[]> {
    const { perpetrator, visible } = await this.perpetrators.loadReadable(actor, perpetratorId);
    const seesAll =
      actor.role === UserRole.Admin || actor.agencyId === perpetrator.recordedByAgencyId;
    const rows = await this.proposals.forPerpetrator(
      perpetratorId,
      seesAll ? undefined : actor.agencyId,
    );
    const disclosure = this.perpetrators.phoneDisclosure(actor, visible);
    return rows.map((row) => this.toDto(row, disclosure));
  }

  /** What the caller's agency has to decide, and what it proposed itself. */
  async listForAgency(
    actor: AuthenticatedUser,
    query: ListProposalsQueryDto,
  ): Promise<PerpetratorChangeProposalDto[]> {
    const agencies = CaseAccess.listableAgencies(actor);
    if (agencies !== undefined && agencies.length === 0) throw new ForbiddenError();
    const rows = await this.proposals.forAgency(
      agencies === undefined ? undefined : actor.agencyId,
      query.status,
    );
    // Every row listed concerns the caller's own agency, whose staff may change its cases.
    const disclosure: PhoneDisclosure = CaseAccess.seesMaskedIdentifiers(actor) ? 'full' : 'none';
    return rows.map((row) => this.toDto(row, disclosure));
  }

  async accept(
    actor: AuthenticatedUser,
    proposalId: string,
    dto: AcceptProposalDto,
  ): Promise<PerpetratorChangeProposalDto> {
    const { proposal, disclosure } = await this.loadForDecision(actor, proposalId);
    const next: Partial<Perpetrator> = {};
    const { phonesEncrypted, ...plain } = proposal.changes;
    Object.assign(next, plain);
    if (phonesEncrypted) {
      Object.assign(
        next,
        this.perpetrators.phoneColumns(
          proposal.perpetratorId,
          phonesEncrypted.map((stored) =>
            this.cipher.decrypt(PROPOSED_PHONE_FIELD, proposal.id, stored),
          ),
        ),
      );
    }
    await this.dataSource.transaction(async (manager) => {
      const current = await this.proposals.lockForUpdate(proposalId, manager);
      if (!current) throw new ProposalNotFoundError();
      if (current.status !== ProposalStatus.Pending)
        throw new ProposalAlreadyDecidedError(current.status);
      await this.perpetrators.applyChanges(
        manager,
        actor,
        proposal.perpetratorId,
        dto.version,
        next,
        { proposalId },
        proposal.proposedByAgencyId,
      );
      await this.proposals.decide(
        proposalId,
        { status: ProposalStatus.Accepted, decidedBy: actor.id, decisionNote: null },
        manager,
      );
    });
    return this.toDto((await this.proposals.findById(proposalId))!, disclosure);
  }

  async reject(
    actor: AuthenticatedUser,
    proposalId: string,
    dto: RejectProposalDto,
  ): Promise<PerpetratorChangeProposalDto> {
    const { proposal, disclosure } = await this.loadForDecision(actor, proposalId);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.proposals.lockForUpdate(proposalId, manager);
      if (!current) throw new ProposalNotFoundError();
      if (current.status !== ProposalStatus.Pending)
        throw new ProposalAlreadyDecidedError(current.status);
      await this.proposals.decide(
        proposalId,
        { status: ProposalStatus.Rejected, decidedBy: actor.id, decisionNote: dto.note ?? null },
        manager,
      );
      await this.perpetrators.auditOnEveryLinkedCase(
        manager,
        actor,
        proposal.perpetratorId,
        'perpetrator.change_rejected',
        { proposalId },
        proposal.proposedByAgencyId,
      );
    });
    return this.toDto((await this.proposals.findById(proposalId))!, disclosure);
  }

  /** A proposal on a perpetrator the caller cannot see does not exist for them. */
  private async loadForDecision(
    actor: AuthenticatedUser,
    proposalId: string,
  ): Promise<{ proposal: PerpetratorChangeProposal; disclosure: PhoneDisclosure }> {
    const proposal = await this.proposals.findById(proposalId);
    if (!proposal) throw new ProposalNotFoundError();
    const readable = await this.perpetrators
      .loadReadable(actor, proposal.perpetratorId)
      .catch((error: unknown) => {
        if (error instanceof PerpetratorNotFoundError) throw new ProposalNotFoundError();
        throw error;
      });
    if (!this.perpetrators.ownsIdentity(actor, readable.perpetrator)) {
      const seesProposal =
        proposal.proposedByAgencyId === actor.agencyId ||
        readable.perpetrator.recordedByAgencyId === actor.agencyId;
      // A third agency's proposal is none of this caller's business.
      if (!seesProposal) throw new ProposalNotFoundError();
      throw new ProposalDecidedByRecordingAgencyError();
    }
    return { proposal, disclosure: this.perpetrators.phoneDisclosure(actor, readable.visible) };
  }

  private toDto(
    row: PerpetratorChangeProposal,
    disclosure: PhoneDisclosure,
  ): PerpetratorChangeProposalDto {
    const { phonesEncrypted, ...plain } = row.changes;
    const changes: PerpetratorChangeProposalDto['changes'] = { ...plain };
    if (phonesEncrypted) {
      changes.phones = disclosePhones(
        phonesEncrypted.map((stored) => this.cipher.decrypt(PROPOSED_PHONE_FIELD, row.id, stored)),
        disclosure,
      );
    }
    return {
      id: row.id,
      perpetratorId: row.perpetratorId,
      proposedByAgencyId: row.proposedByAgencyId,
      proposedBy: row.proposedBy,
      baseVersion: row.baseVersion,
      changes,
      reason: row.reason,
      status: row.status,
      decidedBy: row.decidedBy,
      decidedAt: row.decidedAt,
      decisionNote: row.decisionNote,
      createdAt: row.createdAt,
    };
  }
}
