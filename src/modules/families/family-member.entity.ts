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
import { Region } from '../regions/region.entity';
import { User } from '../users/user.entity';
import { Victim } from '../victims/victim.entity';
import { FamilyNeed, FamilyRelation } from './family.enums';

@Entity({ name: 'family_members' })
@IndexFromMigration('family_members_victim_id_idx')
@IndexFromMigration('family_members_one_primary_contact')
@IndexFromMigration('family_members_name_key_trgm_idx')
@IndexFromMigration('family_members_phone_hash_idx')
@CheckFromMigration('family_members_primary_contact_alive')
@CheckFromMigration('family_members_age_check')
@CheckFromMigration('family_members_full_name_check')
@CheckFromMigration('family_members_language_check')
export class FamilyMember {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'victim_id', type: 'uuid' })
  victimId!: string;

  @ForeignKeyFromMigration(() => Victim, 'victim_id', 'family_members_victim_id_fkey')
  victim?: Victim;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  @Column({ type: 'text' })
  relation!: FamilyRelation;

  @Column({ type: 'boolean', default: true })
  alive!: boolean;

  @Column({ type: 'smallint', nullable: true })
  age!: number | null;

  @Column({ name: 'phone_encrypted', type: 'text', nullable: true })
  phoneEncrypted!: string | null;

  @Column({ name: 'phone_hash', type: 'text', nullable: true })
  phoneHash!: string | null;

  @Column({ name: 'street_encrypted', type: 'text', nullable: true })
  streetEncrypted!: string | null;

  @Column({ name: 'region_code', type: 'text', nullable: true })
  regionCode!: string | null;

  @ForeignKeyFromMigration(() => Region, 'region_code', 'family_members_region_code_fkey')
  region?: Region;

  /** At most one per victim (a partial unique index); must be alive. */
  @Column({ name: 'primary_contact', type: 'boolean', default: false })
  primaryContact!: boolean;

  @Column({ name: 'consent_to_contact', type: 'boolean', default: false })
  consentToContact!: boolean;

  @Column({ name: 'consent_recorded_at', type: 'timestamptz', nullable: true })
  consentRecordedAt!: Date | null;

  @Column({ name: 'consent_recorded_by', type: 'uuid', nullable: true })
  consentRecordedBy!: string | null;

  @ForeignKeyFromMigration(
    () => User,
    'consent_recorded_by',
    'family_members_consent_recorded_by_fkey',
  )
  consentRecorder?: User;

  /** ISO 639 code of the language to speak with them in (id, jv, su, lpg...). */
  @Column({ type: 'text', default: 'id' })
  language!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  needs!: FamilyNeed[];

  @VersionColumn({ default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /**
   * The name as person_name_key() normalises it, kept by a trigger (migration PersonSearch) for
   * name search and duplicate checks; never written or read by the ORM.
   */
  @Column({
    name: 'name_key',
    type: 'text',
    nullable: true,
    select: false,
    insert: false,
    update: false,
  })
  nameKey!: string | null;
}
