import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Country } from '../regions/country.entity';
import { Region } from '../regions/region.entity';
import { sqlList } from '../../database/sql-list';
import { AgencyLevel, AgencyType, MessageLanguage } from './agency.enums';

// The constraints are created by the migrations; they are declared here, by the same names, so
// that `npm run migration:generate` sees entities and schema agree (it compares checks by name).
@Entity({ name: 'agencies' })
@Index('agencies_short_name_key', { synchronize: false })
@Check('agencies_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('agencies_short_name_check', 'length(short_name) BETWEEN 1 AND 60')
@Check('agencies_type_check', `type IN (${sqlList(Object.values(AgencyType))})`)
@Check('agencies_level_check', `level IN (${sqlList(Object.values(AgencyLevel))})`)
@Check('agencies_preferred_language_check', "preferred_language IN ('id', 'en')")
@Check('agencies_check', "(level = 'abroad') = (country_code IS NOT NULL)")
@Check('agencies_check1', "level <> 'abroad' OR region_code IS NULL")
@Check('agencies_case_prefix_check', "case_prefix ~ '^[A-Z]{2,8}$'")
@Check('agencies_webhook_secret_version_check', 'webhook_secret_version >= 1')
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'short_name', type: 'text' })
  shortName!: string;

  @Column({ type: 'text' })
  type!: AgencyType;

  @Column({ type: 'text' })
  level!: AgencyLevel;

  @Column({ name: 'region_code', type: 'text', nullable: true })
  regionCode!: string | null;

  @ManyToOne(() => Region, { nullable: true })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'agencies_region_code_fkey' })
  region?: Region;

  @Column({ name: 'country_code', type: 'char', length: 2, nullable: true })
  countryCode!: string | null;

  @ManyToOne(() => Country, { nullable: true })
  @JoinColumn({ name: 'country_code', foreignKeyConstraintName: 'agencies_country_code_fkey' })
  country?: Country;

  @Column({ name: 'contact_emails', type: 'text', array: true, default: () => "'{}'" })
  contactEmails!: string[];

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl!: string | null;

  @Column({ name: 'escalation_contact_name', type: 'text', nullable: true })
  escalationContactName!: string | null;

  @Column({ name: 'escalation_contact_email', type: 'text', nullable: true })
  escalationContactEmail!: string | null;

  @Column({ name: 'time_zone', type: 'text', default: 'Asia/Jakarta' })
  timeZone!: string;

  @Column({ name: 'preferred_language', type: 'text', default: MessageLanguage.Indonesian })
  preferredLanguage!: MessageLanguage;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Letters that start this agency's case numbers (LPG-2024-000123); see CaseNumberService. */
  @Column({ name: 'case_prefix', type: 'text', nullable: true })
  casePrefix!: string | null;

  /** Webhook signatures use a key derived from APP_SECRET and this number; bumping it rotates. */
  @Column({ name: 'webhook_secret_version', type: 'integer', default: 1 })
  webhookSecretVersion!: number;

  /** The agency still holds a secret from before keys had a purpose; rotating it ends that. */
  @Column({ name: 'webhook_secret_legacy', type: 'boolean', default: false })
  webhookSecretLegacy!: boolean;

  @VersionColumn({ default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
