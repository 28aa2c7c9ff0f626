import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { JobName } from '../../jobs/job-names';
import { JobService } from '../../jobs/job.service';

/** Victims per check job: a rescue can bring hundreds in one case. */
const VICTIMS_PER_JOB = 100;

/** How long victims written meanwhile are gathered into one job. */
const GATHER_MS = 200;

/**
 * Asks for victims just written to be checked for possible duplicates (the duplicates module
 * works the job). Called after the write committed, and never awaited by the request: a case's
 * create is on the hot path and holds nobody up for a check whose result nobody waits for.
 * Victims written within GATHER_MS of each other go in one job, so a burst of creates costs a
 * few queue writes rather than one each. Ids still gathered when the process dies, and jobs the
 * queue lost, are found by the duplicate checks' sweep within minutes.
 */
@Injectable()
export class DuplicateCheckRequests implements OnModuleDestroy {
  private readonly logger = new Logger(DuplicateCheckRequests.name);
  private gathered: string[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly jobs: JobService) {}

  request(victimIds: string[]): void {
    if (victimIds.length === 0) return;
    this.gathered.push(...victimIds);
    if (this.gathered.length >= VICTIMS_PER_JOB) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), GATHER_MS);
      this.timer.unref();
    }
  }

  /** Queues what was gathered; a failure is logged (without ids) and left to the sweep. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const victimIds = this.gathered;
    this.gathered = [];
    const jobs: Array<Promise<void>> = [];
    for (let start = 0; start < victimIds.length; start += VICTIMS_PER_JOB)
      jobs.push(
        this.jobs
          .enqueue(JobName.CheckVictimDuplicates, {
            victimIds: victimIds.slice(start, start + VICTIMS_PER_JOB),
          })
          .catch((error: Error) =>
            this.logger.warn(
              { err: { type: error.name } },
              'Could not queue a duplicate check; the sweep will run it',
            ),
          ),
      );
    await Promise.all(jobs);
  }

  /** At the first step of a shutdown, while the queues still take jobs: queued, not left over. */
  async onModuleDestroy(): Promise<void> {
    if (this.gathered.length > 0) await this.flush();
  }
}
