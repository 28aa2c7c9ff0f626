import { Injectable, Logger } from '@nestjs/common';
import { JobName } from '../../jobs/job-names';
import { JobService } from '../../jobs/job.service';

/** Victims per check job: a rescue can bring hundreds in one case. */
const VICTIMS_PER_JOB = 100;

/**
 * Asks for victims just written to be checked for possible duplicates (the duplicates module
 * works the job). Called after the write committed, and not awaited: a case's create is on the
 * hot path and holds nobody up for a check whose result nobody waits for. A job lost on the way
 * (Redis away or emptied) is found by the duplicate checks' sweep within minutes.
 */
@Injectable()
export class DuplicateCheckRequests {
  private readonly logger = new Logger(DuplicateCheckRequests.name);

  constructor(private readonly jobs: JobService) {}

  request(victimIds: string[]): void {
    for (let start = 0; start < victimIds.length; start += VICTIMS_PER_JOB) {
      this.jobs
        .enqueue(JobName.CheckVictimDuplicates, {
          victimIds: victimIds.slice(start, start + VICTIMS_PER_JOB),
        })
        .catch((error: Error) =>
          this.logger.warn(
            { err: { type: error.name } },
            'Could not queue a duplicate check; the sweep will run it',
          ),
        );
    }
  }
}
