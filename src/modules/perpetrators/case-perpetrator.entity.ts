import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  CheckFromMigration,
  ForeignKeyFromMigration,
  IndexFromMigration,
} from '../../database/schema-decorators';
import { Case } from '../cases/case.entity';
import { User } from '../users/user.entity';
import { Perpetrator } from './perpetrator.entity';
import { RelationshipToVictim } from './perpetrator.enums';

/** A perpetrator linked to a case: how syndicates across cases become visible. */
@Entity({ name: 'case_perpetrators' })
@IndexFromMigration('case_perpetrators_perpetrator_idx')
@CheckFromMigration('case_perpetrators_role_in_case_check')
export class CasePerpetrator {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ForeignKeyFromMigration(() => Case, 'case_id', 'case_perpetrators_case_id_fkey')
  case?: Case;

  @PrimaryColumn({ name: 'perpetrator_id', type: 'uuid' })
  perpetratorId!: string;

  @ForeignKeyFromMigration(
    () => Perpetrator,
    'perpetrator_id',
    'case_perpetrators_perpetrator_id_fkey',
  )
  perpetrator?: Perpetrator;

  @Column({ name: 'relationship_to_victims', type: 'text', nullable: true })
  relationshipToVictims!: RelationshipToVictim | null;

  @Column({ name: 'role_in_case', type: 'text', nullable: true })
  roleInCase!: string | null;

  @Column({ name: 'linked_by', type: 'uuid' })
  linkedBy!: string;

  @ForeignKeyFromMigration(() => User, 'linked_by', 'case_perpetrators_linked_by_fkey')
  linker?: User;

  @Column({ name: 'linked_at', type: 'timestamptz', default: () => 'now()' })
  linkedAt!: Date;
}
