import { SetMetadata } from '@nestjs/common';
import { JobName } from './job-names';

export const JOB_HANDLER_METADATA = 'jejak:job-handler';

/** Marks the method that runs a job. Each job name must have exactly one (checked at boot). */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER_METADATA, name);

/**
 * Thrown by a handler when retrying cannot help, so the job is not retried. Its message is kept
 * in the queue and the log: it must not carry personal data.
 */
export class PermanentJobFailure extends Error {
  override name = 'PermanentJobFailure';
  readonly messageIsSafe = true;
}
