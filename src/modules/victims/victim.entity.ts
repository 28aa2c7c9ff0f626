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
import { Country } from '../regions/country.entity';
import { Region } from '../regions/region.entity';
import {
  CurrentSituation,
  Gender,
  MigrationChannel,
  RemainsStatus,
  TraffickingStatus,
  TraffickingStatusDecidedBy,
} from './victim.enums';

/**
 * One person as a victim in one case. The same person in a later case gets another row with the
 * same personId. Personal identifiers are stored encrypted (PersonalDataCipher); NIK and phone
 * also as keyed hashes for exact-match search.
 */
@Entity({ name: 'victims' })
@IndexFromMigration('victims_case_id_idx')
@IndexFromMigration('victims_person_id_idx')
@IndexFromMigration('victims_nik_hash_idx')
@IndexFromMigration('victims_phone_hash_idx')
@IndexFromMigration('victims_name_key_trgm_idx')
@IndexFromMigration('victims_updated_at_idx')
@CheckFromMigration('victims_death_needs_deceased')
@CheckFromMigration('victims_estimated_age_check')
@CheckFromMigration('victims_full_name_check')
export class Victim {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ForeignKeyFromMigration(() => Case, 'case_id', 'victims_case_id_fkey')
  case?: Case;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  @Column({ name: 'other_names', type: 'text', array: true, default: () => "'{}'" })
  otherNames!: string[];

  @Column({ type: 'text', default: Gender.NonSpecifiedUnknown })
  gender!: Gender;

  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Column({ name: 'estimated_age', type: 'smallint', nullable: true })
  estimatedAge!: number | null;

  @Column({ name: 'recruitment_date', type: 'date', nullable: true })
  recruitmentDate!: string | null;

  /** Derived from date of birth (or estimated age) and the recruitment or incident date. */
  @Column({ name: 'minor_at_recruitment', type: 'boolean', nullable: true })
  minorAtRecruitment!: boolean | null;

  @Column({ type: 'char', length: 2, default: 'ID' })
  citizenship!: string;

  @ForeignKeyFromMigration(() => Country, 'citizenship', 'victims_citizenship_fkey')
  citizenshipRef?: Country;

  @Column({ name: 'nik_encrypted', type: 'text', nullable: true })
  nikEncrypted!: string | null;

  @Column({ name: 'nik_hash', type: 'text', nullable: true })
  nikHash!: string | null;

  @Column({ name: 'nik_last4', type: 'text', nullable: true })
  nikLast4!: string | null;

  @Column({ name: 'passport_encrypted', type: 'text', nullable: true })
  passportEncrypted!: string | null;

  @Column({ name: 'passport_last4', type: 'text', nullable: true })
  passportLast4!: string | null;

  @Column({ name: 'phone_encrypted', type: 'text', nullable: true })
  phoneEncrypted!: string | null;

  @Column({ name: 'phone_hash', type: 'text', nullable: true })
  phoneHash!: string | null;

  @Column({ name: 'origin_street_encrypted', type: 'text', nullable: true })
  originStreetEncrypted!: string | null;

  @Column({ name: 'origin_region_code', type: 'text', nullable: true })
  originRegionCode!: string | null;

  @ForeignKeyFromMigration(() => Region, 'origin_region_code', 'victims_origin_region_code_fkey')
  originRegion?: Region;

  @Column({ name: 'migration_channel', type: 'text', default: MigrationChannel.Unknown })
  migrationChannel!: MigrationChannel;

  @Column({ name: 'placement_company', type: 'text', nullable: true })
  placementCompany!: string | null;

  @Column({ name: 'occupation_abroad', type: 'text', nullable: true })
  occupationAbroad!: string | null;

  @Column({ name: 'employer_abroad', type: 'text', nullable: true })
  employerAbroad!: string | null;

  @Column({ name: 'current_situation', type: 'text' })
  currentSituation!: CurrentSituation;

  @Column({ name: 'death_date', type: 'date', nullable: true })
  deathDate!: string | null;

  @Column({ name: 'death_place', type: 'text', nullable: true })
  deathPlace!: string | null;

  @Column({ name: 'death_country', type: 'char', length: 2, nullable: true })
  deathCountry!: string | null;

  @ForeignKeyFromMigration(() => Country, 'death_country', 'victims_death_country_fkey')
  deathCountryRef?: Country;

  @Column({ name: 'death_cause', type: 'text', nullable: true })
  deathCause!: string | null;

  @Column({ name: 'remains_status', type: 'text', nullable: true })
  remainsStatus!: RemainsStatus | null;

  @Column({ name: 'death_certificate_ref', type: 'text', nullable: true })
  deathCertificateRef!: string | null;

  @Column({ name: 'trafficking_status', type: 'text', default: TraffickingStatus.Possible })
  traffickingStatus!: TraffickingStatus;

  @Column({ name: 'trafficking_status_decided_by', type: 'text', nullable: true })
  traffickingStatusDecidedBy!: TraffickingStatusDecidedBy | null;

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
