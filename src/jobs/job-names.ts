export enum QueueName {
  Email = 'email',
  Maintenance = 'maintenance',
  Notifications = 'notifications',
}

export enum JobName {
  SendPasswordSetupEmail = 'send-password-setup-email',
  SweepUnsentPasswordSetupEmails = 'sweep-unsent-password-setup-emails',
  DeliverNotification = 'deliver-notification',
  SweepDueNotifications = 'sweep-due-notifications',
  PlanDailyDigests = 'plan-daily-digests',
  CheckVictimDuplicates = 'check-victim-duplicates',
  SweepVictimDuplicateChecks = 'sweep-victim-duplicate-checks',
}

/** Payloads carry ids only: the handler re-reads the rows, so nothing personal sits in the queue. */
export interface JobPayloads {
  [JobName.SendPasswordSetupEmail]: { passwordSetupTokenId: string };
  [JobName.SweepUnsentPasswordSetupEmails]: Record<string, never>;
  /**
   * Rows sent together: claimed in one statement, prepared in one read. `notificationId`: one
   * row, as jobs were queued before batches (still in a queue when the service is upgraded).
   */
  [JobName.DeliverNotification]: { notificationIds: string[] } | { notificationId: string };
  [JobName.SweepDueNotifications]: Record<string, never>;
  /** `catchUp`: planned by a worker that started after the digest hour, not by the schedule. */
  [JobName.PlanDailyDigests]: { catchUp?: true };
  /** Victims just created or edited, checked for possible duplicates after their commit. */
  [JobName.CheckVictimDuplicates]: { victimIds: string[] };
  [JobName.SweepVictimDuplicateChecks]: Record<string, never>;
}

export type JobPayload<N extends JobName> = JobPayloads[N];

/** The notification rows a delivery job carries, whichever shape it was queued in. */
export function deliveryRowIds(payload: JobPayload<JobName.DeliverNotification>): string[] {
  return 'notificationIds' in payload ? payload.notificationIds : [payload.notificationId];
}

export const QUEUE_OF_JOB: Record<JobName, QueueName> = {
  [JobName.SendPasswordSetupEmail]: QueueName.Email,
  [JobName.SweepUnsentPasswordSetupEmails]: QueueName.Maintenance,
  [JobName.DeliverNotification]: QueueName.Notifications,
  [JobName.SweepDueNotifications]: QueueName.Maintenance,
  [JobName.PlanDailyDigests]: QueueName.Maintenance,
  [JobName.CheckVictimDuplicates]: QueueName.Maintenance,
  [JobName.SweepVictimDuplicateChecks]: QueueName.Maintenance,
};
