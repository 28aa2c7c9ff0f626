import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { CheckFromMigration, ForeignKeyFromMigration } from '../../database/schema-decorators';
import { User } from '../users/user.entity';
import { ReferralPriority, ReferralService, SlaUnit } from './referral.enums';

/** How fast an agency must answer and finish one service at one priority, and how it is chased. */
@Entity({ name: 'sla_policies' })
@Unique('sla_policies_service_priority_key', ['service', 'priority'])
@CheckFromMigration('sla_policies_service_check')
@CheckFromMigration('sla_policies_priority_check')
@CheckFromMigration('sla_policies_acknowledge_amount_check')
@CheckFromMigration('sla_policies_acknowledge_unit_check')
@CheckFromMigration('sla_policies_complete_amount_check')
@CheckFromMigration('sla_policies_complete_unit_check')
@CheckFromMigration('sla_policies_remind_before_due_amount_check')
@CheckFromMigration('sla_policies_remind_before_due_unit_check')
@CheckFromMigration('sla_policies_overdue_every_amount_check')
@CheckFromMigration('sla_policies_overdue_every_unit_check')
@CheckFromMigration('sla_policies_escalate_after_reminders_check')
export class SlaPolicy {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  service!: ReferralService;

  @Column({ type: 'text' })
  priority!: ReferralPriority;

  @Column({ name: 'acknowledge_amount', type: 'integer' })
  acknowledgeAmount!: number;

  @Column({ name: 'acknowledge_unit', type: 'text' })
  acknowledgeUnit!: SlaUnit;

  @Column({ name: 'complete_amount', type: 'integer' })
  completeAmount!: number;

  @Column({ name: 'complete_unit', type: 'text' })
  completeUnit!: SlaUnit;

  /** Zero means no reminder before the due date. */
  @Column({ name: 'remind_before_due_amount', type: 'integer' })
  remindBeforeDueAmount!: number;

  @Column({ name: 'remind_before_due_unit', type: 'text' })
  remindBeforeDueUnit!: Exclude<SlaUnit, SlaUnit.WorkingDays>;

  @Column({ name: 'overdue_every_amount', type: 'integer' })
  overdueEveryAmount!: number;

  @Column({ name: 'overdue_every_unit', type: 'text' })
  overdueEveryUnit!: SlaUnit;

  @Column({ name: 'escalate_after_reminders', type: 'integer' })
  escalateAfterReminders!: number;

  @VersionColumn({ default: 1 })
  version!: number;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @ForeignKeyFromMigration(() => User, 'updated_by', 'sla_policies_updated_by_fkey')
  updater?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
