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
import { Case } from '../cases/case.entity';
import { User } from '../users/user.entity';

/** A caseworker's own follow-up ("call the family on Monday"), reminded when due. */
@Entity({ name: 'case_tasks' })
@IndexFromMigration('case_tasks_case_idx')
@IndexFromMigration('case_tasks_open_assignee_idx')
@CheckFromMigration('case_tasks_check')
@CheckFromMigration('case_tasks_title_check')
export class CaseTask {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ForeignKeyFromMigration(() => Case, 'case_id', 'case_tasks_case_id_fkey')
  case?: Case;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'assignee_id', type: 'uuid' })
  assigneeId!: string;

  @ForeignKeyFromMigration(() => User, 'assignee_id', 'case_tasks_assignee_id_fkey')
  assignee?: User;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  @Column({ name: 'done_by', type: 'uuid', nullable: true })
  doneBy!: string | null;

  @ForeignKeyFromMigration(() => User, 'done_by', 'case_tasks_done_by_fkey')
  finisher?: User;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ForeignKeyFromMigration(() => User, 'created_by', 'case_tasks_created_by_fkey')
  creator?: User;

  @VersionColumn({ default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
