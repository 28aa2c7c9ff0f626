import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import {
  CheckFromMigration,
  ForeignKeyFromMigration,
  IndexFromMigration,
} from '../../database/schema-decorators';
import { User } from '../users/user.entity';
import { ReferralResponseLink } from './referral-response-link.entity';
import { Referral } from './referral.entity';
import { ReferralOutcome, ReferralResponseAction, ReferralStatus } from './referral.enums';

/**
 * One answer of the receiving agency (acknowledge, decline, progress, complete), kept as given:
 * a later answer adds a row and never overwrites an earlier one. Given by a signed-in liaison
 * (`responderId`) or through an action link (`linkId`).
 */
@Entity({ name: 'referral_responses' })
@IndexFromMigration('referral_responses_referral_idx')
@CheckFromMigration('referral_responses_note_check')
@CheckFromMigration('referral_responses_reason_check')
@CheckFromMigration('referral_responses_outcome_notes_check')
@CheckFromMigration('referral_responses_responder_check')
export class ReferralResponse {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @ForeignKeyFromMigration(() => Referral, 'referral_id', 'referral_responses_referral_id_fkey')
  referral?: Referral;

  @Column({ type: 'text' })
  action!: ReferralResponseAction;

  @Column({ name: 'status_before', type: 'text' })
  statusBefore!: ReferralStatus;

  @Column({ name: 'status_after', type: 'text' })
  statusAfter!: ReferralStatus;

  /** With an acknowledgement (optional) or a progress report. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** Why the agency declined. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: ReferralOutcome | null;

  @Column({ name: 'outcome_notes', type: 'text', nullable: true })
  outcomeNotes!: string | null;

  @Column({ type: 'text' })
  via!: 'account' | 'link';

  @Column({ name: 'responder_id', type: 'uuid', nullable: true })
  responderId!: string | null;

  @ForeignKeyFromMigration(() => User, 'responder_id', 'referral_responses_responder_id_fkey')
  responder?: User;

  @Column({ name: 'link_id', type: 'uuid', nullable: true })
  linkId!: string | null;

  @ForeignKeyFromMigration(() => ReferralResponseLink, 'link_id', 'referral_responses_link_id_fkey')
  link?: ReferralResponseLink;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
