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
import { Region } from '../regions/region.entity';
import { PerpetratorRole, PerpetratorStatus } from './perpetrator.enums';

/** One register of suspected recruiters and traffickers across all cases and agencies. */
@Entity({ name: 'perpetrators' })
@IndexFromMigration('perpetrators_phone_hashes_idx')
@IndexFromMigration('perpetrators_home_region_idx')
@IndexFromMigration('perpetrators_merged_into_idx')
@IndexFromMigration('perpetrators_name_key_trgm_idx')
@IndexFromMigration('perpetrators_aliases_key_trgm_idx')
@CheckFromMigration('perpetrators_full_name_check')
@CheckFromMigration('perpetrators_merged_check')
export class Perpetrator {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: PerpetratorRole[];

  @Column({ name: 'placement_company', type: 'text', nullable: true })
  placementCompany!: string | null;

  @Column({ name: 'phones_encrypted', type: 'text', array: true, default: () => "'{}'" })
  phonesEncrypted!: string[];

  @Column({ name: 'phone_hashes', type: 'text', array: true, default: () => "'{}'" })
  phoneHashes!: string[];

  @Column({ name: 'social_handles', type: 'text', array: true, default: () => "'{}'" })
  socialHandles!: string[];

  @Column({ name: 'home_region_code', type: 'text', nullable: true })
  homeRegionCode!: string | null;

  @ForeignKeyFromMigration(() => Region, 'home_region_code', 'perpetrators_home_region_code_fkey')
  homeRegion?: Region;

  @Column({ type: 'text', default: PerpetratorStatus.Suspected })
  status!: PerpetratorStatus;

  @Column({ name: 'recorded_by_agency_id', type: 'uuid' })
  recordedByAgencyId!: string;

  @ForeignKeyFromMigration(
    () => Agency,
    'recorded_by_agency_id',
    'perpetrators_recorded_by_agency_id_fkey',
  )
  recordedByAgency?: Agency;

  /** Set when this record was merged into another: that one is the recruiter's record now. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @ForeignKeyFromMigration(() => Perpetrator, 'merged_into_id', 'perpetrators_merged_into_id_fkey')
  mergedInto?: Perpetrator;

  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true })
  mergedAt!: Date | null;

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

  /** The keys of the aliases, ` | ` between them, kept by the same trigger. */
  @Column({
    name: 'aliases_key',
    type: 'text',
    nullable: true,
    select: false,
    insert: false,
    update: false,
  })
  aliasesKey!: string | null;
}
