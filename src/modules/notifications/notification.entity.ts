import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  CheckFromMigration,
  ForeignKeyFromMigration,
  IndexFromMigration,
} from '../../database/schema-decorators';
import { Agency } from '../agencies/agency.entity';
import { User } from '../users/user.entity';
import {
  NotificationChannel,
  NotificationKind,
  NotificationStatus,
  RecipientKind,
} from './notification.enums';

/**
 * One message owed to one recipient over one channel. Written in the transaction of the change
 * that causes it; the sweep and the delivery job work from this row, never from the queue alone.
 */
@Entity({ name: 'notifications' })
@Unique('notifications_dedupe_key_key', ['dedupeKey'])
@IndexFromMigration('notifications_unqueued_idx')
@IndexFromMigration('notifications_due_idx')
@IndexFromMigration('notifications_lease_idx')
@IndexFromMigration('notifications_referral_idx')
@IndexFromMigration('notifications_task_idx')
@IndexFromMigration('notifications_failed_idx')
@IndexFromMigration('notifications_list_idx')
@IndexFromMigration('notifications_status_list_idx')
@IndexFromMigration('notifications_held_idx')
@CheckFromMigration('notifications_check')
@CheckFromMigration('notifications_check1')
@CheckFromMigration('notifications_check2')
@CheckFromMigration('notifications_kind_check')
@CheckFromMigration('notifications_channel_check')
@CheckFromMigration('notifications_recipient_kind_check')
@CheckFromMigration('notifications_status_check')
@CheckFromMigration('notifications_max_attempts_check')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ type: 'text' })
  channel!: NotificationChannel;

  @Column({ name: 'recipient_kind', type: 'text' })
  recipientKind!: RecipientKind;

  @Column({ name: 'recipient_agency_id', type: 'uuid', nullable: true })
  recipientAgencyId!: string | null;

  @ForeignKeyFromMigration(
    () => Agency,
    'recipient_agency_id',
    'notifications_recipient_agency_id_fkey',
  )
  recipientAgency?: Agency;

  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @ForeignKeyFromMigration(() => User, 'recipient_user_id', 'notifications_recipient_user_id_fkey')
  recipientUser?: User;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  // By name: the notification engine knows no feature, only that its rows may point at theirs.
  @ForeignKeyFromMigration('Case', 'case_id', 'notifications_case_id_fkey')
  case?: unknown;

  @Column({ name: 'referral_id', type: 'uuid', nullable: true })
  referralId!: string | null;

  @ForeignKeyFromMigration('Referral', 'referral_id', 'notifications_referral_id_fkey')
  referral?: unknown;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId!: string | null;

  @ForeignKeyFromMigration('CaseTask', 'task_id', 'notifications_task_id_fkey')
  task?: unknown;

  /** The nth reminder of its kind for the same referral (overdue reminders repeat). */
  @Column({ type: 'integer', default: 1 })
  sequence!: number;

  /** Set for messages that must exist at most once (a user's digest for a day). */
  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text', default: NotificationStatus.Pending })
  status!: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'max_attempts', type: 'integer' })
  maxAttempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** While `sending`: the delivery is presumed dead after this and may be tried again. */
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  /** An SMTP status or HTTP status, never a server's reply text (it can quote addresses). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The destination whose open circuit holds this row back, untried, until a probe gets through. */
  @Column({ name: 'held_for', type: 'text', nullable: true })
  heldFor!: string | null;

  /** When a circuit first held the row: held past the retry budget, it fails for good. */
  @Column({ name: 'held_since', type: 'timestamptz', nullable: true })
  heldSince!: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  /**
   * When the row was first delivered or failed for good: its follow-ups ran then, and never again
   * (an admin's retry delivers the message, nothing more).
   */
  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
