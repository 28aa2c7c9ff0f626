import { Injectable } from '@nestjs/common';
import { keysetPageJson } from '../../common/http/pagination.dto';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CaseAccess } from '../cases/case-access';
import { decodeQueueCursor, encodeQueueCursor, type QueueScope } from './case-queue-query';
import { CaseQueueRepository } from './case-queue.repository';
import { ListCasesQueryDto } from './dto/list-cases-query.dto';
import { QueueSummaryDto } from './dto/queue.dto';
import { type QueueDefinition, QueueName, queuesFor } from './queue-definitions';
import { QueueNotFoundError } from './queues.errors';

/** Counts stop here: a side bar shows "1000+", and no count reads more of a big scope. */
export const QUEUE_COUNT_LIMIT = 1000;

@Injectable()
export class QueuesService {
  constructor(private readonly queues: CaseQueueRepository) {}

  /** A page of the caller's cases, filtered and ordered as asked, as the JSON text of the answer. */
  async list(actor: AuthenticatedUser, query: ListCasesQueryDto): Promise<string> {
    // The cursor is read before the scope is: a forged one is a 400 for every caller.
    const after = query.cursor ? decodeQueueCursor(query.cursor, query.sort) : undefined;
    const scope = this.scopeOf(actor);
    if (scope.agencyIds?.length === 0) return keysetPageJson('[]', query.limit, null);
    const { itemsJson, next } = await this.queues.page(query, scope, after);
    return keysetPageJson(itemsJson, query.limit, encodeQueueCursor(next));
  }

  /** The caller's named queues with their counts, in one statement. */
  async summaries(actor: AuthenticatedUser): Promise<QueueSummaryDto[]> {
    const queues = queuesFor(actor.role);
    if (queues.length === 0) return [];
    const counts = await this.queues.counts(
      queues.map((queue) => withQueue(new ListCasesQueryDto(), queue)),
      this.scopeOf(actor),
      QUEUE_COUNT_LIMIT,
    );
    return queues.map((queue, i) =>
      Object.assign(new QueueSummaryDto(), {
        name: queue.name,
        labelId: queue.label.id,
        labelEn: queue.label.en,
        count: Math.min(counts[i], QUEUE_COUNT_LIMIT),
        more: counts[i] > QUEUE_COUNT_LIMIT,
      }),
    );
  }

  /** A page of one named queue; the request's other filters and its order still apply. */
  async queuePage(
    actor: AuthenticatedUser,
    name: string,
    query: ListCasesQueryDto,
  ): Promise<string> {
    const queue = queuesFor(actor.role).find((candidate) => candidate.name === (name as QueueName));
    if (!queue) throw new QueueNotFoundError(name);
    return this.list(actor, withQueue(query, queue));
  }

  private scopeOf(actor: AuthenticatedUser): QueueScope {
    return { agencyIds: CaseAccess.listableAgencies(actor), callerId: actor.id };
  }
}

/** The request with the queue's own filters in place of the same ones. */
function withQueue(query: ListCasesQueryDto, queue: QueueDefinition): ListCasesQueryDto {
  return Object.assign(new ListCasesQueryDto(), query, queue.filters);
}
