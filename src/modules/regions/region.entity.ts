import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum RegionLevel {
  Province = 1,
  Regency = 2,
  District = 3,
  Village = 4,
}

@Entity({ name: 'regions' })
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

  @Column({ name: 'full_path', type: 'text' })
  fullPath!: string;

  @Column({ name: 'search_name', type: 'text', select: false })
  searchName!: string;
}
