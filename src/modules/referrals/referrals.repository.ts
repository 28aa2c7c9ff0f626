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
import {
  runPrepared,
  statementFor,
  statementPlannedEachTime,
} from '../../database/prepared-statements';
import {
  incomingSql,
  type IncomingPosition,
  type IncomingScope,
  NEXT_DUE_KEY,
} from './incoming-referral-query';
import type { ListIncomingReferralsQueryDto } from './dto/incoming-referral.dto';
import { Referral } from './referral.entity';
import { ReferralPriority, ReferralService, ReferralStatus, SharedField } from './referral.enums';

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

/** The columns of an incoming row, over `referrals r`: only what the receiving agency may see. */
const INCOMING_COLUMNS = `r.id, r.version, r.referring_agency_id, r.service, r.priority, r.status, r.reason,
                r.request, r.shared_fields, r.time_zone, r.sent_at, r.acknowledge_due_at, r.due_at,
                referral_next_deadline(r.status, r.acknowledge_due_at, r.due_at) AS next_due_at,
                ${NEXT_DUE_KEY} < now() AS overdue,
                r.acknowledged_at, r.completed_at, r.declined_at, r.cancelled_at, r.assignee_id,
                (SELECT c.case_number FROM cases c WHERE c.id = r.case_id) AS case_number,
                (SELECT a.name FROM agencies a WHERE a.id = r.referring_agency_id)
                  AS referring_agency_name,
                (SELECT a.short_name FROM agencies a WHERE a.id = r.referring_agency_id)
                  AS referring_agency_short_name,
                (SELECT u.full_name FROM users u WHERE u.id = r.assignee_id) AS assignee_name`;

/** A row of the incoming list as read: the referral's own columns and the names it shows. */
export interface IncomingRow {
  id: string;
  version: number;
  case_number: string;
  referring_agency_id: string;
  referring_agency_name: string;
  referring_agency_short_name: string;
  service: ReferralService;
  priority: ReferralPriority;
  status: ReferralStatus;
  reason: string;
  request: string;
  shared_fields: SharedField[];
  time_zone: string;
  sent_at: Date;
  acknowledge_due_at: Date | null;
  due_at: Date | null;
  next_due_at: Date | null;
  overdue: boolean;
  acknowledged_at: Date | null;
  completed_at: Date | null;
  declined_at: Date | null;
  cancelled_at: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  /** Only in a page: where the next one starts. */
  keyset_key: string;
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
   * A page of what was sent to an agency, in one statement: the page's referrals by the order's
   * index, and for those rows only their case number, referring agency and assignee's name.
   */
  async incomingPage(
    query: ListIncomingReferralsQueryDto,
    scope: IncomingScope,
    after: IncomingPosition | undefined,
  ): Promise<{ items: IncomingRow[]; next: IncomingPosition | null }> {
    const sql = incomingSql(query, scope, after);
    sql.parameters.push(query.limit + 1);
    const rows = await runPrepared<IncomingRow>(
      this.referrals.manager.connection,
      statementFor(
        `SELECT ${INCOMING_COLUMNS},
                ${sql.keyText} AS keyset_key
         FROM referrals r
         WHERE ${sql.where.join(' AND ')}
         ORDER BY ${sql.orderBy}
         LIMIT $${sql.parameters.length}::int`,
      ),
      sql.parameters,
    );
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items,
      next:
        rows.length > query.limit && last
          ? { sort: query.sort, key: last.keyset_key, id: last.id }
          : null,
    };
  }

  /** One referral as a row of its agency's incoming list. */
  async findIncomingRow(id: string): Promise<IncomingRow | null> {
    const [row] = await runPrepared<IncomingRow>(
      this.referrals.manager.connection,
      statementFor(`SELECT ${INCOMING_COLUMNS} FROM referrals r WHERE r.id = $1::uuid`),
      [id],
    );
    return row ?? null;
  }

  /** How many referrals an incoming query finds, counted up to `limit` + 1 rows and no further. */
  async incomingCount(
    query: Pick<ListIncomingReferralsQueryDto, 'status' | 'assignment' | 'overdue' | 'sort'>,
    scope: IncomingScope,
    limit: number,
  ): Promise<number> {
    const sql = incomingSql(query, scope, undefined);
    sql.parameters.push(limit + 1);
    // Planned for its values: the plan for unknown ones counted an agency's open referrals along
    // its deadline order, reading 15,000 index entries for 501 at a million cases (20 ms), where
    // the one for the agency's statuses reads 501.
    const [row] = await runPrepared<{ n: number }>(
      this.referrals.manager.connection,
      statementPlannedEachTime(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM referrals r WHERE ${sql.where.join(' AND ')}
           LIMIT $${sql.parameters.length}::int) AS q`,
      ),
      sql.parameters,
    );
    return row.n;
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
