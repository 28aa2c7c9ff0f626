import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JOB_HANDLER_METADATA } from './job-handler.decorator';
import { JobName, type JobPayload } from './job-names';

type JobHandler = (payload: unknown) => Promise<void>;

export class JobWiringError extends Error {
  override name = 'JobWiringError';
}

/** Finds every @OnJob method at boot and refuses to start unless each job has exactly one. */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName];
        if (typeof method !== 'function') continue;
        const jobName = this.reflector.get<JobName | undefined>(
          JOB_HANDLER_METADATA,
          method as () => void,
        );
        if (jobName === undefined) continue;
        found.set(jobName, [
          ...(found.get(jobName) ?? []),
          `${instance.constructor.name}.${methodName}`,
        ]);
        this.handlers.set(jobName, (payload) => (method as JobHandler).call(instance, payload));
      }
    }
    verifyJobWiring(found);
  }

  async run<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void> {
    const handler = this.handlers.get(name);
    if (!handler) throw new JobWiringError(`No handler for job "${name}"`);
    await handler(payload);
  }
}

export function verifyJobWiring(found: Map<JobName, string[]>): void {
  const problems: string[] = [];
  for (const name of Object.values(JobName)) {
    const handlers = found.get(name) ?? [];
    if (handlers.length === 0) problems.push(`job "${name}" has no handler`);
    if (handlers.length > 1)
      problems.push(`job "${name}" has ${handlers.length} handlers: ${handlers.join(', ')}`);
  }
  for (const name of found.keys()) {
    if (!Object.values(JobName).includes(name))
      problems.push(`handler for unknown job "${String(name)}"`);
  }
  if (problems.length > 0) throw new JobWiringError(`Job wiring is broken: ${problems.join('; ')}`);
}
