export enum NotificationKind {
  ReferralSent = 'referral_sent',
  AcknowledgeReminder = 'acknowledge_reminder',
  DueSoonReminder = 'due_soon_reminder',
  OverdueReminder = 'overdue_reminder',
  Escalation = 'escalation',
  /** To the referring caseworker: the agency declined or completed the referral. */
  ReferralAnswered = 'referral_answered',
  /** To a caseworker of the receiving agency: a referral to their agency was assigned to them. */
  ReferralAssigned = 'referral_assigned',
  TaskReminder = 'task_reminder',
  DailyDigest = 'daily_digest',
}

export enum NotificationChannel {
  Email = 'email',
  Webhook = 'webhook',
}

/** Who receives it; the address is looked up at delivery, so a corrected contact is used. */
export enum RecipientKind {
  Agency = 'agency',
  AgencyEscalationContact = 'agency_escalation_contact',
  User = 'user',
}

export enum NotificationStatus {
  Pending = 'pending',
  Sending = 'sending',
  Delivered = 'delivered',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

/** Reminders to the receiving agency that, unanswered, count towards an escalation. */
export const AGENCY_REMINDER_KINDS = [
  NotificationKind.AcknowledgeReminder,
  NotificationKind.DueSoonReminder,
  NotificationKind.OverdueReminder,
] as const;
