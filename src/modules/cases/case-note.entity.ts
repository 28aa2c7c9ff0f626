import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import {
  CheckFromMigration,
  ForeignKeyFromMigration,
  IndexFromMigration,
} from '../../database/schema-decorators';
import { User } from '../users/user.entity';
import { Case } from './case.entity';

@Entity({ name: 'case_notes' })
@IndexFromMigration('case_notes_case_idx')
@CheckFromMigration('case_notes_body_check')
export class CaseNote {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ForeignKeyFromMigration(() => Case, 'case_id', 'case_notes_case_id_fkey')
  case?: Case;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @ForeignKeyFromMigration(() => User, 'author_id', 'case_notes_author_id_fkey')
  author?: User;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
