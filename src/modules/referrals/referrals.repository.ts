import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  exactTimeOf,
  type KeysetPosition,
  type KeysetRows,
  keysetRows,
} from '../../common/http/keyset-cursor';
import { Referral } from './referral.entity';
import { ReferralStatus } from './referral.enums';

/** Whose referrals a list shows; each has its index on (…, created_at DESC, id DESC). */
export type ReferralListScope =
  | { caseId: string }
  /** Sent to this agency: drafts, even cancelled ones, are the referring side's business. */
  | { receivingAgencyId: string }
  /** Referred by this agency, the owner of their cases. */
  | { referringAgencyId: string }
  | { everyAgency: true };

export interface ReferralPageQuery {
  scope: ReferralListScope;
  status?: ReferralStatus;
  /** The page size; one more row is read to know whether another page follows. */
  limit: number;
  /** Rows created before this one, newest first. */
  after?: KeysetPosition;
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

  /** Locks the referrals in id order, the same order in every transaction that locks several. */
  async lockManyForUpdate(ids: string[], manager: EntityManager): Promise<Map<string, Referral>> {
    if (ids.length === 0) return new Map();
    const locked = await manager
      .getRepository(Referral)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      // One statement text whatever the count, where IN (...) makes one per count.
      .where('r.id = ANY (:ids)', { ids })
      .orderBy('r.id')
      .getMany();
    return new Map(locked.map((referral) => [referral.id, referral]));
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

  /** Newest first, by keyset (created_at, id) compared to the microsecond, as the indexes order. */
  async page(query: ReferralPageQuery): Promise<KeysetRows<Referral>> {
    const builder = this.referrals
      .createQueryBuilder('r')
      .addSelect(exactTimeOf('r.created_at'), 'keyset_at')
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(query.limit + 1);
    const { scope } = query;
    if ('caseId' in scope) builder.andWhere('r.case_id = :caseId', { caseId: scope.caseId });
    else if ('receivingAgencyId' in scope)
      builder.andWhere('r.agency_id = :receiving AND r.sent_at IS NOT NULL', {
        receiving: scope.receivingAgencyId,
      });
    else if ('referringAgencyId' in scope)
      builder.andWhere('r.referring_agency_id = :referring', {
        referring: scope.referringAgencyId,
      });
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    if (query.after)
      builder.andWhere(
        '(r.created_at, r.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))',
        query.after,
      );
    const { entities, raw } = await builder.getRawAndEntities<{
      r_id: string;
      keyset_at: string;
    }>();
    const keysetAt = new Map(raw.map((row) => [row.r_id, row.keyset_at]));
    return keysetRows(
      entities,
      query.limit,
      (referral) => referral,
      (referral) => ({ at: keysetAt.get(referral.id)!, id: referral.id }),
    );
  }

  /**
   * Background bookkeeping leaves the version alone: a caseworker editing the referral has not
   * been overtaken by anyone when a reminder goes out.
   */
  async markEscalated(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE referrals SET escalated_at = now() WHERE id = $1', [id]);
  }

  /**
   * Counts settled reminders against their agencies, once per reminder whatever the channels, in
   * one statement: returns the ids of the notifications that counted. The caller holds the
   * referrals' locks, so a sibling channel settled by another batch is either committed (and
   * seen) or still to come (and will see this one).
   */
  async countIgnoredReminders(
    manager: EntityManager,
    reminders: ReadonlyArray<{
      referralId: string;
      notificationId: string;
      kind: string;
      sequence: number;
    }>,
  ): Promise<Set<string>> {
    if (reminders.length === 0) return new Set();
    const counted = await manager.query<Array<{ notification_id: string }>>(
      // Each reminder's siblings are looked up through its referral (a lateral count, never a
      // join over all settled rows, which stale statistics after a burst of deliveries invite).
      `WITH reminder AS (
         SELECT r.*, self.settled_at
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[])
              AS r (referral_id, notification_id, kind, sequence)
         JOIN notifications self ON self.id = r.notification_id),
       counting AS (
         SELECT reminder.referral_id, reminder.notification_id
         FROM reminder
         CROSS JOIN LATERAL (
           SELECT count(*) AS settled FROM notifications other
           WHERE other.referral_id = reminder.referral_id AND other.kind = reminder.kind
             AND other.sequence = reminder.sequence
             AND other.status IN ('delivered', 'failed')
             AND other.recipient_kind = 'agency' AND other.id <> reminder.notification_id
             -- Channels settled by the same statement (a batch of deliveries) do not block one
             -- another: the one with the lowest id counts.
             AND NOT COALESCE(
               other.settled_at = reminder.settled_at AND other.id > reminder.notification_id,
               false)) sibling
         WHERE sibling.settled = 0),
       updated AS (
         UPDATE referrals SET reminders_ignored = reminders_ignored + per_referral.reminders
         FROM (SELECT referral_id, count(*)::int AS reminders FROM counting GROUP BY referral_id)
              AS per_referral
         WHERE referrals.id = per_referral.referral_id
         RETURNING referrals.id)
       SELECT notification_id FROM counting WHERE referral_id IN (SELECT id FROM updated)`,
      [
        reminders.map((reminder) => reminder.referralId),
        reminders.map((reminder) => reminder.notificationId),
        reminders.map((reminder) => reminder.kind),
        reminders.map((reminder) => reminder.sequence),
      ],
    );
    return new Set(counted.map((row) => row.notification_id));
  }
}
