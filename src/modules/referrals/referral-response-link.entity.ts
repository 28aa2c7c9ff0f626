import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKeyFromMigration, IndexFromMigration } from '../../database/schema-decorators';
import { User } from '../users/user.entity';
import { Referral } from './referral.entity';

/**
 * An action link for people at the receiving agency who have no account. The secret in the link
 * is an HMAC of this row's id, so nothing secret is stored; revoking the row kills the link.
 */
@Entity({ name: 'referral_response_links' })
@IndexFromMigration('referral_response_links_referral_idx')
export class ReferralResponseLink {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @ForeignKeyFromMigration(
    () => Referral,
    'referral_id',
    'referral_response_links_referral_id_fkey',
  )
  referral?: Referral;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy!: string | null;

  @ForeignKeyFromMigration(() => User, 'revoked_by', 'referral_response_links_revoked_by_fkey')
  revoker?: User;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'use_count', type: 'integer', default: 0 })
  useCount!: number;

  /** Issued before keys had a purpose: its link was signed with APP_SECRET itself. */
  @Column({ name: 'legacy_signature', type: 'boolean', default: false })
  legacySignature!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
