import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { AgencyLevel, AgencyType, MessageLanguage } from './agency.enums';

@Entity({ name: 'agencies' })
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

  @Column({ name: 'country_code', type: 'char', length: 2, nullable: true })
  countryCode!: string | null;

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

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
