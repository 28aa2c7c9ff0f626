import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKeyFromMigration, IndexFromMigration } from '../../database/schema-decorators';
import { Case } from '../cases/case.entity';
import { User } from '../users/user.entity';

/** One entry of the append-only audit log (a trigger refuses UPDATE, DELETE and TRUNCATE). */
@Entity({ name: 'audit_events' })
@IndexFromMigration('audit_events_case_idx')
@IndexFromMigration('audit_events_entity_idx')
@IndexFromMigration('audit_events_entity_type_idx')
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @ForeignKeyFromMigration(() => User, 'actor_id', 'audit_events_actor_id_fkey')
  actor?: User;

  @Column({ name: 'actor_role', type: 'text', nullable: true })
  actorRole!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId!: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @ForeignKeyFromMigration(() => Case, 'case_id', 'audit_events_case_id_fkey')
  case?: Case;

  /**
   * For entries about no case (staff, agencies): the agency whose supervisors may read them, as it
   * was when the entry was written.
   */
  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  changes!: Record<string, unknown> | null;

  /**
   * The values behind the "[redacted]" of `changes` that readers of the case may see (the case's
   * own words: its title, a referral's reason, a partner's note), for its timeline. Never loaded
   * unless asked for, so no reader of the audit log is shown them by accident.
   */
  @Column({ name: 'restricted_changes', type: 'jsonb', nullable: true, select: false })
  restrictedChanges!: Record<string, unknown> | null;
}
