import type { JobsOptions } from 'bullmq';
import { JobName } from './job-names';

interface RetryPolicy {
  attempts: number;
  backoff: JobsOptions['backoff'];
}

const RETRY_POLICIES = {
  /** Mail servers recover within minutes; ~1 h of attempts before the row is left for the sweep. */
  delivery: { attempts: 8, backoff: { type: 'exponential', delay: 15_000 } },
  /** A sweep that fails is simply run again by its scheduler. */
  periodic: { attempts: 1, backoff: undefined },
  /**
   * The notification row counts attempts and schedules retries itself, so that a Redis restarted
   * empty does not reset them; each job is one try.
   */
  trackedInDatabase: { attempts: 1, backoff: undefined },
  /** A check that failed (the database away) is tried a few times; the sweep catches the rest. */
  derived: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
} satisfies Record<string, RetryPolicy>;

const POLICY_OF_JOB: Record<JobName, RetryPolicy> = {
  [JobName.SendPasswordSetupEmail]: RETRY_POLICIES.delivery,
  [JobName.SweepUnsentPasswordSetupEmails]: RETRY_POLICIES.periodic,
  [JobName.DeliverNotification]: RETRY_POLICIES.trackedInDatabase,
  [JobName.SweepDueNotifications]: RETRY_POLICIES.periodic,
  [JobName.PlanDailyDigests]: RETRY_POLICIES.periodic,
  [JobName.CheckVictimDuplicates]: RETRY_POLICIES.derived,
  [JobName.SweepVictimDuplicateChecks]: RETRY_POLICIES.periodic,
};

// Finished jobs are kept briefly for inspection; PostgreSQL holds the lasting record.
const RETENTION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

export function jobOptionsFor(name: JobName): JobsOptions {
  const policy = POLICY_OF_JOB[name];
  return { attempts: policy.attempts, backoff: policy.backoff, ...RETENTION };
}
