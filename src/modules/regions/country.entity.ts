import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'countries' })
export class Country {
  @PrimaryColumn({ type: 'char', length: 2 })
  alpha2!: string;

  @Column({ type: 'char', length: 3 })
  alpha3!: string;

  @Column({ name: 'numeric_code', type: 'char', length: 3 })
  numericCode!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'official_name', type: 'text' })
  officialName!: string;

  @Column({ type: 'text' })
  region!: string;

  @Column({ name: 'sub_region', type: 'text' })
  subRegion!: string;
}
