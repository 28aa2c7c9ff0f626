import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { OnJob } from '../src/jobs/job-handler.decorator';
import {
  JobHandlerRegistry,
  JobWiringError,
  verifyJobWiring,
} from '../src/jobs/job-handler.registry';
import { JobName, QUEUE_OF_JOB, QueueName } from '../src/jobs/job-names';
import { jobOptionsFor } from '../src/jobs/retry-policies';
import { WORKERS } from '../src/jobs/workers';

const ALL_JOBS = Object.values(JobName);

/** Exactly one handler per job, as a correctly wired application has. */
function completeWiring(): Map<JobName, string[]> {
  return new Map(ALL_JOBS.map((name) => [name, [`Handlers.${name}`]]));
}

function wiringError(found: Map<JobName, string[]>): JobWiringError {
  try {
    verifyJobWiring(found);
  } catch (error) {
    expect(error).toBeInstanceOf(JobWiringError);
    return error as JobWiringError;
  }
  throw new Error('verifyJobWiring accepted broken wiring');
}

describe('verifyJobWiring', () => {
  it('knows at least the jobs this service depends on', () => {
    expect(ALL_JOBS).toEqual(
      expect.arrayContaining([
        JobName.SendPasswordSetupEmail,
        JobName.SweepUnsentPasswordSetupEmails,
      ]),
    );
  });

  it('passes when each job has exactly one handler', () => {
    expect(() => verifyJobWiring(completeWiring())).not.toThrow();
  });

  it.each(ALL_JOBS)('names job "%s" when it has no handler', (name) => {
    const missingEntry = completeWiring();
    missingEntry.delete(name);
    const emptyList = completeWiring().set(name, []);
    for (const found of [missingEntry, emptyList]) {
      const error = wiringError(found);
      expect(error.message).toContain(`job "${name}" has no handler`);
      for (const other of ALL_JOBS.filter((job) => job !== name))
        expect(error.message).not.toContain(`"${other}"`);
    }
  });

  it.each(ALL_JOBS)('names job "%s" and both handlers when it has two', (name) => {
    const found = completeWiring().set(name, ['FirstService.handle', 'SecondService.handle']);
    const error = wiringError(found);
    expect(error.message).toContain(`job "${name}" has 2 handlers`);
    expect(error.message).toContain('FirstService.handle');
    expect(error.message).toContain('SecondService.handle');
  });

  it('reports every problem at once, and handlers for jobs that do not exist', () => {
    const [first, second] = ALL_JOBS as [JobName, JobName];
    const found = completeWiring();
    found.delete(first);
    found.set(second, ['A.run', 'B.run']);
    found.set('no-such-job' as JobName, ['Stray.run']);
    const error = wiringError(found);
    expect(error.message).toContain(`job "${first}" has no handler`);
    expect(error.message).toContain(`job "${second}" has 2 handlers`);
    expect(error.message).toContain('handler for unknown job "no-such-job"');
  });
});

describe('job catalogue', () => {
  it.each(ALL_JOBS)('puts job "%s" on a known queue', (name) => {
    expect(Object.values(QueueName)).toContain(QUEUE_OF_JOB[name]);
  });

  it.each(ALL_JOBS)('has exactly one worker for the queue of job "%s"', (name) => {
    // Written by @Processor(queueName) from @nestjs/bullmq; a queue nobody works would hold jobs forever.
    const queuesWorked = WORKERS.map(
      (worker) =>
        (Reflect.getMetadata('bullmq:processor_metadata', worker) as { name?: string } | undefined)
          ?.name,
    );
    expect(queuesWorked.filter((queue) => queue === QUEUE_OF_JOB[name])).toHaveLength(1);
  });

  it.each(ALL_JOBS)('gives job "%s" at least one attempt and bounded retention', (name) => {
    const options = jobOptionsFor(name);
    expect(options.attempts).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(options.attempts)).toBe(true);
    if (options.attempts! > 1) expect(options.backoff).toBeDefined();
    expect(options.removeOnComplete).toEqual(expect.objectContaining({ age: expect.any(Number) }));
    expect(options.removeOnFail).toEqual(expect.objectContaining({ age: expect.any(Number) }));
  });
});

// The registry's discovery, on small providers of our own: @OnJob methods are found through Nest.

@Injectable()
class MailHandlers {
  readonly calls: unknown[] = [];

  @OnJob(JobName.SendPasswordSetupEmail)
  send(payload: unknown): Promise<void> {
    this.calls.push(payload);
    return Promise.resolve();
  }
}

@Injectable()
class SweepHandlers {
  sweeps = 0;

  @OnJob(JobName.SweepUnsentPasswordSetupEmails)
  sweep(): Promise<void> {
    this.sweeps += 1;
    return Promise.resolve();
  }
}

/** The notification jobs, so the small apps below are otherwise completely wired. */
@Injectable()
class NotificationHandlers {
  @OnJob(JobName.DeliverNotification)
  deliver(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.SweepDueNotifications)
  sweep(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.PlanDailyDigests)
  plan(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.CheckVictimDuplicates)
  checkDuplicates(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.SweepVictimDuplicateChecks)
  sweepDuplicateChecks(): Promise<void> {
    return Promise.resolve();
  }
}

@Injectable()
class SecondMailHandlers {
  @OnJob(JobName.SendPasswordSetupEmail)
  alsoSend(): Promise<void> {
    return Promise.resolve();
  }
}

async function bootRegistry(providers: Array<new (...args: never[]) => unknown>) {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobHandlerRegistry, ...providers],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('JobHandlerRegistry', () => {
  it('finds each @OnJob method and runs it with the payload', async () => {
    const moduleRef = await bootRegistry([MailHandlers, SweepHandlers, NotificationHandlers]);
    try {
      const registry = moduleRef.get(JobHandlerRegistry);
      await registry.run(JobName.SendPasswordSetupEmail, { passwordSetupTokenId: 'token-1' });
      await registry.run(JobName.SweepUnsentPasswordSetupEmails, {});
      expect(moduleRef.get(MailHandlers).calls).toEqual([{ passwordSetupTokenId: 'token-1' }]);
      expect(moduleRef.get(SweepHandlers).sweeps).toBe(1);
    } finally {
      await moduleRef.close();
    }
  });

  it('refuses to start when a job has no handler', async () => {
    await expect(bootRegistry([MailHandlers, NotificationHandlers])).rejects.toThrow(
      new JobWiringError(
        `Job wiring is broken: job "${JobName.SweepUnsentPasswordSetupEmails}" has no handler`,
      ),
    );
  });

  it('refuses to start when a job has two handlers, naming both', async () => {
    const boot = bootRegistry([
      MailHandlers,
      SecondMailHandlers,
      SweepHandlers,
      NotificationHandlers,
    ]);
    await expect(boot).rejects.toBeInstanceOf(JobWiringError);
    await expect(boot).rejects.toThrow(`job "${JobName.SendPasswordSetupEmail}" has 2 handlers`);
    await expect(boot).rejects.toThrow(/MailHandlers\.send/);
    await expect(boot).rejects.toThrow(/SecondMailHandlers\.alsoSend/);
  });
});
