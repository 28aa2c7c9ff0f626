import { modifyReturning } from '../../database/modifying-query';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { millisecondsOf } from '../../common/http/keyset-cursor';
import { Referral } from './referral.entity';
import { ReferralStatus } from './referral.enums';

export interface ReferralPageQuery {
  caseId?: string;
  agencyId?: string;
  /** Drafts, even cancelled ones, are the referring side's business: never shown to the receiver. */
  onlySent?: boolean;
  status?: ReferralStatus;
  limit: number;
  /** Rows created before this one, newest first. */
  after?: { at: Date; id: string };
}

@Injectable()
export class ReferralsRepository {
  constructor(@InjectRepository(Referral) private readonly referrals: Repository<Referral>) {}

  findById(id: string, manager?: EntityManager): Promise<Referral | null> {
    return (manager?.getRepository(Referral) ?? this.referrals).findOneBy({ id });
  }

  lockForUpdate(id: string, manager: EntityManager): Promise<Referral | null> {
    return manager
      .getRepository(Referral)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  async insert(row: QueryDeepPartialEntity<Referral>, manager: EntityManager): Promise<Referral> {
    const repository = manager.getRepository(Referral);
    const result = await repository.insert(row);
    return repository.findOneByOrFail({ id: result.identifiers[0].id as string });
  }

  /** Changes the row and bumps its version; the caller holds the row lock. */
  async update(
    id: string,
    changes: QueryDeepPartialEntity<Referral>,
    manager: EntityManager,
  ): Promise<Referral> {
    const repository = manager.getRepository(Referral);
    await repository
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
    return repository.findOneByOrFail({ id });
  }

  page(query: ReferralPageQuery): Promise<Referral[]> {
    const builder = this.referrals
      .createQueryBuilder('r')
      .orderBy(millisecondsOf('r.created_at'), 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(query.limit);
    if (query.caseId) builder.andWhere('r.case_id = :caseId', { caseId: query.caseId });
    if (query.agencyId) builder.andWhere('r.agency_id = :agencyId', { agencyId: query.agencyId });
    if (query.onlySent) builder.andWhere('r.sent_at IS NOT NULL');
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    if (query.after)
      builder.andWhere(`(${millisecondsOf('r.created_at')}, r.id) < (:at, :id)`, query.after);
    return builder.getMany();
  }

  /**
   * Background bookkeeping leaves the version alone: a caseworker editing the referral has not
   * been overtaken by anyone when a reminder goes out.
   */
  async markEscalated(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE referrals SET escalated_at = now() WHERE id = $1', [id]);
  }

  /** Counts a settled reminder against the agency, once per reminder whatever the channels. */
  async countIgnoredReminder(
    manager: EntityManager,
    referralId: string,
    reminder: { notificationId: string; kind: string; sequence: number },
  ): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      manager,
      `UPDATE referrals SET reminders_ignored = reminders_ignored + 1
       WHERE id = $1 AND NOT EXISTS (
         SELECT 1 FROM notifications
         WHERE referral_id = $1 AND kind = $2 AND sequence = $3
           AND status IN ('delivered', 'failed')
           AND recipient_kind = 'agency' AND id <> $4)
       RETURNING id`,
      [referralId, reminder.kind, reminder.sequence, reminder.notificationId],
    );
    return rows.length === 1;
  }
}
