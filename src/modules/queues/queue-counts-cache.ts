import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/**
 * How long a caller's counts are kept while their agencies' cases show no new activity. Counts
 * also change with time alone (a deadline passes, a case goes stale) and when a case leaves the
 * agency: those reach the side bar this much later at most.
 */
export const QUEUE_COUNTS_KEPT_MS = 15_000;

/** Counts kept for this many callers at most (a few hundred bytes each). */
const CALLERS_KEPT = 5_000;

export interface KeptCounts {
  counts: number[];
  countedAt: Date;
}

interface Entry extends KeptCounts {
  /** The latest activity on the scope's cases when they were counted. */
  fingerprint: string | null;
}

/**
 * The case queues' counts per caller, counted again when the caller's cases have had activity
 * since (any process's writes: the fingerprint is read from the database) or after
 * QUEUE_COUNTS_KEPT_MS. A side bar refreshed by every page a supervisor opens would otherwise
 * count up to 500 rows of each of seven queues per page: at a million cases, that was three times
 * the cost of the counts at ten thousand.
 */
@Injectable()
export class QueueCountsCache {
  private readonly kept = new LRUCache<string, Entry>({
    max: CALLERS_KEPT,
    ttl: QUEUE_COUNTS_KEPT_MS,
  });
  /** Counts being made, so that a burst of the same caller's requests counts once. */
  private readonly counting = new Map<string, Promise<Entry>>();

  async get(
    callerKey: string,
    fingerprint: string | null,
    count: () => Promise<number[]>,
  ): Promise<KeptCounts> {
    const hit = this.kept.get(callerKey);
    if (hit && hit.fingerprint === fingerprint) return hit;
    const countingKey = `${callerKey}\u0000${fingerprint ?? ''}`;
    let pending = this.counting.get(countingKey);
    if (!pending) {
      pending = count()
        .then((counts): Entry => {
          const entry = { counts, countedAt: new Date(), fingerprint };
          this.kept.set(callerKey, entry);
          return entry;
        })
        .finally(() => this.counting.delete(countingKey));
      this.counting.set(countingKey, pending);
    }
    return pending;
  }
}
