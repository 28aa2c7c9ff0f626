import { MigrationInterface, QueryRunner } from 'typeorm';
import { readCountries, readRegions } from './reference-data';

const BATCH_SIZE = 10_000;

export class LoadReferenceData1764115200001 implements MigrationInterface {
  name = 'LoadReferenceData1764115200001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const countries = readCountries();
    await queryRunner.query(
      `INSERT INTO countries (alpha2, alpha3, numeric_code, name, official_name, region, sub_region)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        countries.map((c) => c.alpha2),
        countries.map((c) => c.alpha3),
        countries.map((c) => c.numericCode),
        countries.map((c) => c.name),
        countries.map((c) => c.officialName),
        countries.map((c) => c.region),
        countries.map((c) => c.subRegion),
      ],
    );

    const regions = readRegions();
    for (let start = 0; start < regions.length; start += BATCH_SIZE) {
      const batch = regions.slice(start, start + BATCH_SIZE);
      await queryRunner.query(
        `INSERT INTO regions (code, name, level, kind, parent_code, full_path, search_name)
         SELECT * FROM unnest($1::text[], $2::text[], $3::smallint[], $4::text[], $5::text[], $6::text[], $7::text[])`,
        [
          batch.map((r) => r.code),
          batch.map((r) => r.name),
          batch.map((r) => r.level),
          batch.map((r) => r.kind),
          batch.map((r) => r.parentCode),
          batch.map((r) => r.fullPath),
          batch.map((r) => r.searchName),
        ],
      );
    }
    await queryRunner.query(`ANALYZE regions`);
    await queryRunner.query(`ANALYZE countries`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM regions`);
    await queryRunner.query(`DELETE FROM countries`);
  }
}
