import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';

@Entity({ name: 'countries' })
@Unique('countries_alpha3_key', ['alpha3'])
@Check('countries_alpha2_check', "alpha2 ~ '^[A-Z]{2}$'")
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
