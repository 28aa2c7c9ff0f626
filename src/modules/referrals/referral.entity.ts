import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import {
  CheckFromMigration,
  ForeignKeyFromMigration,
  IndexFromMigration,
} from '../../database/schema-decorators';
import { Agency } from '../agencies/agency.entity';
import { Case } from '../cases/case.entity';
import { User } from '../users/user.entity';
import {
  ReferralConsent,
  ReferralOutcome,
  ReferralPriority,
  ReferralService,
  ReferralStatus,
  SharedField,
} from './referral.enums';

@Entity({ name: 'referrals' })
@ForeignKey(() => Case, ['caseId', 'referringAgencyId'], ['id', 'owningAgencyId'], {
  name: 'referrals_case_referring_agency_fkey',
  onUpdate: 'CASCADE',
})
@IndexFromMigration('referrals_case_idx')
@IndexFromMigration('referrals_agency_status_idx')
@IndexFromMigration('referrals_received_list_idx')
@IndexFromMigration('referrals_received_status_list_idx')
@IndexFromMigration('referrals_referring_list_idx')
@IndexFromMigration('referrals_referring_status_list_idx')
@IndexFromMigration('referrals_list_idx')
@IndexFromMigration('referrals_status_list_idx')
@IndexFromMigration('referrals_incoming_due_idx')
@IndexFromMigration('referrals_incoming_unassigned_due_idx')
@IndexFromMigration('referrals_assignee_due_idx')
@IndexFromMigration('referrals_incoming_sent_idx')
@IndexFromMigration('referrals_incoming_unassigned_sent_idx')
@IndexFromMigration('referrals_assignee_sent_idx')
@CheckFromMigration('referrals_check')
@CheckFromMigration('referrals_check1')
@CheckFromMigration('referrals_check2')
@CheckFromMigration('referrals_check3')
@CheckFromMigration('referrals_reason_check')
@CheckFromMigration('referrals_request_check')
@CheckFromMigration('referrals_contact_name_check')
@CheckFromMigration('referrals_contact_email_check')
@CheckFromMigration('referrals_no_consent_reason_check')
@CheckFromMigration('referrals_due_override_reason_check')
@CheckFromMigration('referrals_decline_reason_check')
@CheckFromMigration('referrals_cancel_reason_check')
@CheckFromMigration('referrals_progress_note_check')
@CheckFromMigration('referrals_outcome_notes_check')
@CheckFromMigration('referrals_assignee_check')
export class Referral {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ForeignKeyFromMigration(() => Case, 'case_id', 'referrals_case_id_fkey')
  case?: Case;

  /** The agency that owns the case, which referred it: the scope of its staff's referral list. */
  @Column({ name: 'referring_agency_id', type: 'uuid' })
  referringAgencyId!: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId!: string;

  @ForeignKeyFromMigration(() => Agency, 'agency_id', 'referrals_agency_id_fkey')
  agency?: Agency;

  @Column({ type: 'text' })
  service!: ReferralService;

  @Column({ type: 'text' })
  priority!: ReferralPriority;

  @Column({ type: 'text', default: ReferralStatus.Draft })
  status!: ReferralStatus;

  /** Why the case is referred (the referring side's account). */
  @Column({ type: 'text' })
  reason!: string;

  /** What the receiving agency is asked to do. */
  @Column({ type: 'text' })
  request!: string;

  @Column({ name: 'contact_name', type: 'text', nullable: true })
  contactName!: string | null;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  /** The victims the referral is about; none means the case as a whole. */
  @Column({ name: 'victim_ids', type: 'uuid', array: true, default: () => "'{}'" })
  victimIds!: string[];

  @Column({ name: 'family_member_ids', type: 'uuid', array: true, default: () => "'{}'" })
  familyMemberIds!: string[];

  @Column({ type: 'text' })
  consent!: ReferralConsent;

  @Column({ name: 'consent_recorded_at', type: 'timestamptz', nullable: true })
  consentRecordedAt!: Date | null;

  @Column({ name: 'consent_recorded_by', type: 'uuid', nullable: true })
  consentRecordedBy!: string | null;

  @ForeignKeyFromMigration(() => User, 'consent_recorded_by', 'referrals_consent_recorded_by_fkey')
  consentRecorder?: User;

  /** Sharing personal data without consent needs a reason and a supervisor who approved it. */
  @Column({ name: 'no_consent_reason', type: 'text', nullable: true })
  noConsentReason!: string | null;

  @Column({ name: 'no_consent_approved_by', type: 'uuid', nullable: true })
  noConsentApprovedBy!: string | null;

  @ForeignKeyFromMigration(
    () => User,
    'no_consent_approved_by',
    'referrals_no_consent_approved_by_fkey',
  )
  noConsentApprover?: User;

  @Column({ name: 'shared_fields', type: 'text', array: true, default: () => "'{}'" })
  sharedFields!: SharedField[];

  /** Documents of the case the receiving agency may download while it works on the referral. */
  @Column({ name: 'document_ids', type: 'uuid', array: true, default: () => "'{}'" })
  documentIds!: string[];

  /** The receiving agency's time zone when the referral was sent; deadlines are counted in it. */
  @Column({ name: 'time_zone', type: 'text', default: 'Asia/Jakarta' })
  timeZone!: string;

  @Column({ name: 'acknowledge_due_at', type: 'timestamptz', nullable: true })
  acknowledgeDueAt!: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** A due date chosen instead of the policy's, with the reason; applied when the referral is sent. */
  @Column({ name: 'requested_due_at', type: 'timestamptz', nullable: true })
  requestedDueAt!: Date | null;

  @Column({ name: 'due_override_reason', type: 'text', nullable: true })
  dueOverrideReason!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'sent_by', type: 'uuid', nullable: true })
  sentBy!: string | null;

  @ForeignKeyFromMigration(() => User, 'sent_by', 'referrals_sent_by_fkey')
  sender?: User;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'declined_at', type: 'timestamptz', nullable: true })
  declinedAt!: Date | null;

  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'progress_note', type: 'text', nullable: true })
  progressNote!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: ReferralOutcome | null;

  @Column({ name: 'outcome_notes', type: 'text', nullable: true })
  outcomeNotes!: string | null;

  /** When the receiving agency last answered; reminders delivered after it count as ignored. */
  @Column({ name: 'last_response_at', type: 'timestamptz', nullable: true })
  lastResponseAt!: Date | null;

  @Column({ name: 'reminders_ignored', type: 'integer', default: 0 })
  remindersIgnored!: number;

  /** The receiving agency's caseworker (or supervisor) working the referral, when it has staff in Jejak. */
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ForeignKeyFromMigration(() => User, 'assignee_id', 'referrals_assignee_id_fkey')
  assignee?: User;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ForeignKeyFromMigration(() => User, 'created_by', 'referrals_created_by_fkey')
  creator?: User;

  @VersionColumn({ default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
