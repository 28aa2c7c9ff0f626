import {
  Column,
  CreateDateColumn,
  Entity,
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
import { User } from '../users/user.entity';
import { Perpetrator } from './perpetrator.entity';

export enum ProposalStatus {
  Pending = 'pending',
  Accepted = 'accepted',
  Rejected = 'rejected',
}

/**
 * Identity fields as proposed. Phones are stored as they would be on the record: encrypted for
 * reading, never in clear.
 */
export interface ProposedIdentityChanges {
  fullName?: string;
  aliases?: string[];
  placementCompany?: string | null;
  phonesEncrypted?: string[];
  socialHandles?: string[];
  homeRegionCode?: string | null;
}

/**
 * A change to a perpetrator's identity proposed by an agency that did not record it. The
 * recording agency accepts (the change is applied) or rejects it.
 */
@Entity({ name: 'perpetrator_change_proposals' })
@IndexFromMigration('perpetrator_change_proposals_perpetrator_idx')
@CheckFromMigration('perpetrator_change_proposals_changes_check')
@CheckFromMigration('perpetrator_change_proposals_reason_check')
@CheckFromMigration('perpetrator_change_proposals_status_check')
@CheckFromMigration('perpetrator_change_proposals_decision_note_check')
@CheckFromMigration('perpetrator_change_proposals_decision_check')
export class PerpetratorChangeProposal {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'perpetrator_id', type: 'uuid' })
  perpetratorId!: string;

  @ForeignKeyFromMigration(
    () => Perpetrator,
    'perpetrator_id',
    'perpetrator_change_proposals_perpetrator_id_fkey',
  )
  perpetrator?: Perpetrator;

  @Column({ name: 'proposed_by_agency_id', type: 'uuid' })
  proposedByAgencyId!: string;

  @ForeignKeyFromMigration(
    () => Agency,
    'proposed_by_agency_id',
    'perpetrator_change_proposals_proposed_by_agency_id_fkey',
  )
  proposedByAgency?: Agency;

  @Column({ name: 'proposed_by', type: 'uuid' })
  proposedBy!: string;

  @ForeignKeyFromMigration(
    () => User,
    'proposed_by',
    'perpetrator_change_proposals_proposed_by_fkey',
  )
  proposer?: User;

  /** The perpetrator's version the proposal was made against. */
  @Column({ name: 'base_version', type: 'integer' })
  baseVersion!: number;

  @Column({ type: 'jsonb' })
  changes!: ProposedIdentityChanges;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', default: ProposalStatus.Pending })
  status!: ProposalStatus;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @ForeignKeyFromMigration(() => User, 'decided_by', 'perpetrator_change_proposals_decided_by_fkey')
  decider?: User;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote!: string | null;

  @VersionColumn({ default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
