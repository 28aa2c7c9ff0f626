import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { CheckFromMigration } from '../../database/schema-decorators';

/** A national holiday: not a working day for any deadline. */
@Entity({ name: 'holidays' })
@CheckFromMigration('holidays_name_check')
export class Holiday {
  /** yyyy-mm-dd */
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
