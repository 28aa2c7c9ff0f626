import { Injectable } from '@nestjs/common';
import { keysetPageJson } from '../../common/http/pagination.dto';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { IncomingTransfersReader } from '../case-moves/incoming-transfers.reader';
import { IncomingReferralsReader } from '../referrals/incoming-referrals.reader';
import { decodeQueueCursor, encodeQueueCursor, type QueueScope } from './case-queue-query';
import { CaseQueueRepository } from './case-queue.repository';
import { QueueCountsCache } from './queue-counts-cache';
import { ListCasesQueryDto } from './dto/list-cases-query.dto';
import { QueueSummaryDto } from './dto/queue.dto';
import {
  INCOMING_REFERRALS_QUEUE,
  INCOMING_TRANSFERS_QUEUE,
  type QueueDefinition,
  QueueName,
  queuesFor,
} from './queue-definitions';
import { QueueNotFoundError } from './queues.errors';

/**
 * Counts stop here: a side bar shows "500+", and no count reads more of a big scope. A count
 * costs up to this many index entries and rows per queue: at 1000 the counts of a 200,000-case
 * agency took 56 ms (p50) at a million cases.
 */
export const QUEUE_COUNT_LIMIT = 500;

@Injectable()
export class QueuesService {
  constructor(
    private readonly queues: CaseQueueRepository,
    private readonly incoming: IncomingReferralsReader,
    private readonly transfers: IncomingTransfersReader,
    private readonly countsCache: QueueCountsCache,
  ) {}

  /** A page of the caller's cases, filtered and ordered as asked, as the JSON text of the answer. */
  async list(actor: AuthenticatedUser, query: ListCasesQueryDto): Promise<string> {
    // The cursor is read before the scope is: a forged one is a 400 for every caller.
    const after = query.cursor ? decodeQueueCursor(query.cursor, query.sort) : undefined;
    const scope = this.scopeOf(actor);
    if (scope.agencyIds?.length === 0) return keysetPageJson('[]', query.limit, null);
    const { itemsJson, next } = await this.queues.page(query, scope, after);
    return keysetPageJson(itemsJson, query.limit, encodeQueueCursor(next));
  }

  /**
   * The caller's named queues with their counts: the case queues in one statement, kept a while
   * (QueueCountsCache) until the caller's cases see new activity; for the receiving agency's
   * staff the incoming referrals, counted by the referrals module, and for supervisors the
   * incoming transfers, counted by the case-moves module (a few open ones each: counted every
   * time).
   */
  async summaries(actor: AuthenticatedUser): Promise<QueueSummaryDto[]> {
    const queues = queuesFor(actor.role);
    if (queues.length === 0) return [];
    const scope = this.scopeOf(actor);
    // Read before counting: a change landing in between is counted and then seen as new.
    const latestActivity = await this.queues.latestActivity(scope);
    const { counts, countedAt } = await this.countsCache.get(
      `${actor.id}/${actor.role}/${actor.agencyId}`,
      latestActivity,
      () =>
        this.queues.counts(
          queues.map((queue) => withQueue(new ListCasesQueryDto(), queue)),
          scope,
          QUEUE_COUNT_LIMIT,
        ),
    );
    const summaries = queues.map((queue, i) =>
      summary(queue.name, queue.label, counts[i], countedAt),
    );
    if (this.hasIncoming(actor)) {
      const count = await this.incoming.countOpen(actor, QUEUE_COUNT_LIMIT);
      const at = summaries.findIndex((queue) => queue.name === INCOMING_REFERRALS_QUEUE.after);
      summaries.splice(
        at + 1,
        0,
        summary(INCOMING_REFERRALS_QUEUE.name, INCOMING_REFERRALS_QUEUE.label, count, new Date()),
      );
    }
    if (this.transfers.roles.includes(actor.role)) {
      const count = await this.transfers.countOpen(actor, QUEUE_COUNT_LIMIT);
      const at = summaries.findIndex((queue) => queue.name === INCOMING_TRANSFERS_QUEUE.after);
      summaries.splice(
        at + 1,
        0,
        summary(INCOMING_TRANSFERS_QUEUE.name, INCOMING_TRANSFERS_QUEUE.label, count, new Date()),
      );
    }
    return summaries;
  }

  /** A page of one named queue; the request's other filters and its order still apply. */
  async queuePage(
    actor: AuthenticatedUser,
    name: string,
    query: ListCasesQueryDto,
  ): Promise<string> {
    if (name === (QueueName.IncomingReferrals as string) && this.hasIncoming(actor))
      // Its rows are referrals, in their own order: only the page size and cursor apply.
      return JSON.stringify(
        await this.incoming.pageOpen(actor, { limit: query.limit, cursor: query.cursor }),
      );
    if (
      name === (QueueName.IncomingTransfers as string) &&
      this.transfers.roles.includes(actor.role)
    )
      // Its rows are transfers, newest first: only the page size and cursor apply.
      return JSON.stringify(
        await this.transfers.pageOpen(actor, { limit: query.limit, cursor: query.cursor }),
      );
    const queue = queuesFor(actor.role).find((candidate) => candidate.name === (name as QueueName));
    if (!queue) throw new QueueNotFoundError(name);
    return this.list(actor, withQueue(query, queue));
  }

  private hasIncoming(actor: AuthenticatedUser): boolean {
    return this.incoming.roles.includes(actor.role);
  }

  private scopeOf(actor: AuthenticatedUser): QueueScope {
    return { agencyIds: CaseAccess.listableAgencies(actor), callerId: actor.id };
  }
}

function summary(
  name: QueueName,
  label: { id: string; en: string },
  count: number,
  countedAt: Date,
): QueueSummaryDto {
  return Object.assign(new QueueSummaryDto(), {
    name,
    labelId: label.id,
    labelEn: label.en,
    count: Math.min(count, QUEUE_COUNT_LIMIT),
    more: count > QUEUE_COUNT_LIMIT,
    countedAt: countedAt.toISOString(),
  });
}

/** The request with the queue's own filters in place of the same ones. */
function withQueue(query: ListCasesQueryDto, queue: QueueDefinition): ListCasesQueryDto {
  return Object.assign(new ListCasesQueryDto(), query, queue.filters);
}
