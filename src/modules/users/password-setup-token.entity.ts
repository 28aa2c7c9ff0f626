import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from './user.entity';

export enum PasswordSetupPurpose {
  Invitation = 'invitation',
  Reset = 'reset',
}

/**
 * A one-time link to choose a password. The secret in the link is an HMAC of this row's id under
 * APP_SECRET, so nothing secret is stored here or carried in job payloads.
 */
@Entity({ name: 'password_setup_tokens' })
@Index('password_setup_tokens_unsent_idx', { synchronize: false })
@Check('password_setup_tokens_purpose_check', "purpose IN ('invitation', 'reset')")
export class PasswordSetupToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('password_setup_tokens_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'password_setup_tokens_user_id_fkey' })
  user?: User;

  @Column({ type: 'text' })
  purpose!: PasswordSetupPurpose;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'emailed_at', type: 'timestamptz', nullable: true })
  emailedAt!: Date | null;

  /** Set when the mail server refused the message for good; the sweep then leaves it alone. */
  @Column({ name: 'email_failed_at', type: 'timestamptz', nullable: true })
  emailFailedAt!: Date | null;

  /** The SMTP status of that refusal, never the server's text (it quotes the address). */
  @Column({ name: 'email_error', type: 'text', nullable: true })
  emailError!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({
    name: 'created_by',
    foreignKeyConstraintName: 'password_setup_tokens_created_by_fkey',
  })
  creator?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
