import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { sqlList } from '../../database/sql-list';

export enum RegionLevel {
  Province = 1,
  Regency = 2,
  District = 3,
  Village = 4,
}

@Entity({ name: 'regions' })
@Index('regions_parent_code_idx', ['parentCode', 'name'])
@Index('regions_search_name_trgm_idx', { synchronize: false })
@Check('regions_code_check', String.raw`code ~ '^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$'`)
@Check('regions_level_check', 'level BETWEEN 1 AND 4')
@Check(
  'regions_kind_check',
  `kind IN (${sqlList(['provinsi', 'kabupaten', 'kota', 'kecamatan', 'desa', 'desa_adat', 'kelurahan'])})`,
)
@Check('regions_check', '(level = 1) = (parent_code IS NULL)')
export class Region {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'smallint' })
  level!: RegionLevel;

  /** provinsi, kabupaten, kota, kecamatan, desa, desa_adat or kelurahan, as Kemendagri labels them. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode!: string | null;

  @ManyToOne(() => Region, { nullable: true })
  @JoinColumn({ name: 'parent_code', foreignKeyConstraintName: 'regions_parent_code_fkey' })
  parent?: Region;

  @Column({ name: 'full_path', type: 'text' })
  fullPath!: string;

  @Column({ name: 'search_name', type: 'text', select: false })
  searchName!: string;
}
