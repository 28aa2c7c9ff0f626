import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OnJob } from '../../jobs/job-handler.decorator';
import { JobName, type JobPayload } from '../../jobs/job-names';
import { AuditService } from '../audit/audit.service';
import { DuplicateFlagsRepository } from './duplicate-flags.repository';

export const DUPLICATE_FLAG_AUDIT_TYPE = 'victim_duplicate_flag';

/** Victims one sweep checks at most (in checks of SWEEP_BATCH): the rest wait for the next. */
const SWEEP_LIMIT = 1000;
const SWEEP_BATCH = 100;

/**
 * Finds possible duplicates of victims after they are written, outside the request that wrote
 * them. A job carries victim ids only; running it twice writes nothing new. Each new flag is
 * audited, by the system, with the victim it was found for, its reason and score only. The sweep
 * checks the victims whose job was lost.
 */
@Injectable()
export class DuplicateChecks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly flags: DuplicateFlagsRepository,
    private readonly audit: AuditService,
  ) {}

  @OnJob(JobName.CheckVictimDuplicates)
  async onCheck(payload: JobPayload<JobName.CheckVictimDuplicates>): Promise<void> {
    await this.check(payload.victimIds);
  }

  @OnJob(JobName.SweepVictimDuplicateChecks)
  async sweep(): Promise<void> {
    const unchecked = await this.flags.uncheckedVictims(SWEEP_LIMIT);
    for (let start = 0; start < unchecked.length; start += SWEEP_BATCH)
      await this.check(unchecked.slice(start, start + SWEEP_BATCH));
  }

  async check(victimIds: string[]): Promise<void> {
    if (victimIds.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      const written = await this.flags.check(victimIds, manager);
      await this.audit.recordMany(
        manager,
        null,
        written
          .filter((flag) => flag.created)
          .map((flag) => ({
            action: 'victim_duplicate_flag.created',
            entityType: DUPLICATE_FLAG_AUDIT_TYPE,
            entityId: flag.id,
            // Not on the case's trail: a flag is the system's finding, not a change anyone made
            // to the case, and it lands whenever the worker gets to it. Admins read these.
            caseId: null,
            changes: { victimId: flag.victim_id, reason: flag.reason, score: flag.score },
          })),
      );
    });
  }
}
