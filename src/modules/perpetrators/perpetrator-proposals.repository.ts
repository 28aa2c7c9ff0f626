import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import {
  PerpetratorChangeProposal,
  ProposalStatus,
  ProposedIdentityChanges,
} from './perpetrator-change-proposal.entity';

export const PROPOSAL_LIST_LIMIT = 200;

@Injectable()
export class PerpetratorProposalsRepository {
  constructor(
    @InjectRepository(PerpetratorChangeProposal)
    private readonly proposals: Repository<PerpetratorChangeProposal>,
  ) {}

  insert(
    fields: {
      id: string;
      perpetratorId: string;
      proposedByAgencyId: string;
      proposedBy: string;
      baseVersion: number;
      changes: ProposedIdentityChanges;
      reason: string | null;
    },
    manager: EntityManager,
  ): Promise<PerpetratorChangeProposal> {
    const repository = manager.getRepository(PerpetratorChangeProposal);
    return repository.save(repository.create(fields));
  }

  findById(id: string): Promise<PerpetratorChangeProposal | null> {
    return this.proposals.findOneBy({ id });
  }

  lockForUpdate(id: string, manager: EntityManager): Promise<PerpetratorChangeProposal | null> {
    return manager
      .getRepository(PerpetratorChangeProposal)
      .createQueryBuilder('pr')
      .where('pr.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async decide(
    id: string,
    decision: { status: ProposalStatus; decidedBy: string; decisionNote: string | null },
    manager: EntityManager,
  ): Promise<void> {
    await manager
      .getRepository(PerpetratorChangeProposal)
      .createQueryBuilder()
      .update()
      .set({ ...decision, decidedAt: () => 'now()', version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  /**
   * Proposals on one perpetrator, oldest first: all of them, or (fromAgencyId) only those one
   * agency made.
   */
  forPerpetrator(
    perpetratorId: string,
    fromAgencyId: string | undefined,
  ): Promise<PerpetratorChangeProposal[]> {
    const query = this.proposals
      .createQueryBuilder('pr')
      .where('pr.perpetrator_id = :perpetratorId', { perpetratorId })
      .orderBy('pr.created_at', 'ASC')
      .addOrderBy('pr.id', 'ASC')
      .limit(PROPOSAL_LIST_LIMIT);
    if (fromAgencyId) query.andWhere('pr.proposed_by_agency_id = :fromAgencyId', { fromAgencyId });
    return query.getMany();
  }

  /**
   * Proposals an agency has to decide (on perpetrators it recorded) or is waiting on (its own),
   * newest first; every agency's when agencyId is undefined (admins).
   */
  forAgency(
    agencyId: string | undefined,
    status: ProposalStatus | undefined,
  ): Promise<PerpetratorChangeProposal[]> {
    const query = this.proposals
      .createQueryBuilder('pr')
      .innerJoin('perpetrators', 'p', 'p.id = pr.perpetrator_id')
      .orderBy('pr.created_at', 'DESC')
      .addOrderBy('pr.id', 'DESC')
      .limit(PROPOSAL_LIST_LIMIT);
    if (agencyId)
      query.andWhere(
        '(p.recorded_by_agency_id = :agencyId OR pr.proposed_by_agency_id = :agencyId)',
        { agencyId },
      );
    if (status) query.andWhere('pr.status = :status', { status });
    return query.getMany();
  }
}
