import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import {
  CheckFromMigration,
  ForeignKeyFromMigration,
  IndexFromMigration,
} from '../../database/schema-decorators';
import { Agency } from '../agencies/agency.entity';
import { Country } from '../regions/country.entity';
import { User } from '../users/user.entity';
import {
  CasePriority,
  CaseSource,
  CaseStatus,
  ExploitationType,
  IncidentType,
  MethodOfControl,
  RecruitmentMethod,
  RecruitmentPlatform,
} from './case.enums';

@Entity({ name: 'cases' })
@Unique('cases_case_number_key', ['caseNumber'])
@Unique('cases_id_owning_agency_id_key', ['id', 'owningAgencyId'])
@IndexFromMigration('cases_queue_priority_idx')
@IndexFromMigration('cases_queue_status_idx')
@IndexFromMigration('cases_queue_activity_idx')
@IndexFromMigration('cases_queue_created_idx')
@IndexFromMigration('cases_queue_incident_idx')
@IndexFromMigration('cases_queue_due_idx')
@IndexFromMigration('cases_queue_assignee_idx')
@IndexFromMigration('cases_queue_unassigned_idx')
@IndexFromMigration('cases_origin_regions_idx')
@IndexFromMigration('cases_title_trgm_idx')
@CheckFromMigration('cases_victim_count_check')
@CheckFromMigration('cases_check')
@CheckFromMigration('cases_title_check')
@CheckFromMigration('cases_summary_check')
@CheckFromMigration('cases_exploitation_city_check')
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber!: string;

  @Column({ name: 'owning_agency_id', type: 'uuid' })
  owningAgencyId!: string;

  @ForeignKeyFromMigration(() => Agency, 'owning_agency_id', 'cases_owning_agency_id_fkey')
  owningAgency?: Agency;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  summary!: string;

  @Column({ name: 'incident_type', type: 'text' })
  incidentType!: IncidentType;

  @Column({ name: 'exploitation_types', type: 'text', array: true, default: () => "'{}'" })
  exploitationTypes!: ExploitationType[];

  @Column({ name: 'methods_of_control', type: 'text', array: true, default: () => "'{}'" })
  methodsOfControl!: MethodOfControl[];

  @Column({ name: 'recruitment_methods', type: 'text', array: true, default: () => "'{}'" })
  recruitmentMethods!: RecruitmentMethod[];

  @Column({ name: 'recruitment_platforms', type: 'text', array: true, default: () => "'{}'" })
  recruitmentPlatforms!: RecruitmentPlatform[];

  @Column({ name: 'exploitation_country', type: 'char', length: 2, nullable: true })
  exploitationCountry!: string | null;

  @ForeignKeyFromMigration(() => Country, 'exploitation_country', 'cases_exploitation_country_fkey')
  exploitationCountryRef?: Country;

  @Column({ name: 'exploitation_city', type: 'text', nullable: true })
  exploitationCity!: string | null;

  @Column({ name: 'transit_countries', type: 'text', array: true, default: () => "'{}'" })
  transitCountries!: string[];

  /** A calendar date (yyyy-mm-dd): when it happened, as far as is known. */
  @Column({ name: 'incident_date', type: 'date', nullable: true })
  incidentDate!: string | null;

  @Column({ name: 'reported_date', type: 'date' })
  reportedDate!: string;

  @Column({ type: 'text' })
  source!: CaseSource;

  @Column({ name: 'assigned_caseworker_id', type: 'uuid', nullable: true })
  assignedCaseworkerId!: string | null;

  @ForeignKeyFromMigration(
    () => User,
    'assigned_caseworker_id',
    'cases_assigned_caseworker_id_fkey',
  )
  assignedCaseworker?: User;

  @Column({ name: 'supervisor_id', type: 'uuid', nullable: true })
  supervisorId!: string | null;

  @ForeignKeyFromMigration(() => User, 'supervisor_id', 'cases_supervisor_id_fkey')
  supervisor?: User;

  @Column({ type: 'text' })
  priority!: CasePriority;

  @Column({ name: 'suggested_priority', type: 'text' })
  suggestedPriority!: CasePriority;

  /** Set when someone chose a priority other than the suggestion, and why. */
  @Column({ name: 'priority_override_reason', type: 'text', nullable: true })
  priorityOverrideReason!: string | null;

  @Column({ type: 'text', default: CaseStatus.Intake })
  status!: CaseStatus;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ForeignKeyFromMigration(() => User, 'created_by', 'cases_created_by_fkey')
  creator?: User;

  @VersionColumn({ default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  // What the queues sort and filter by, kept by triggers from the case's victims, referrals and
  // audit trail (migration CaseQueues); read only where a queue needs them.

  @Column({ name: 'victim_count', type: 'integer', default: 0, select: false })
  victimCount!: number;

  /** Every level (province to village) of every victim's origin. */
  @Column({
    name: 'origin_region_codes',
    type: 'text',
    array: true,
    default: () => "'{}'",
    select: false,
  })
  originRegionCodes!: string[];

  /** The earliest deadline of the case's open referrals. */
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true, select: false })
  nextDueAt!: Date | null;

  /** When a person last changed the case or its records. */
  @Column({ name: 'last_activity_at', type: 'timestamptz', default: () => 'now()', select: false })
  lastActivityAt!: Date;
}
