import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case cannot be linked to a perpetrator record that was merged into another. The services
 * check it before they link, but a merge committing between that check and the insert would leave
 * the link on the duplicate, which every reader then misses. The trigger takes a share lock on
 * the perpetrator (a merge holds it for update, so the link waits for the merge to end) and, if
 * the record is merged by then, refuses with a serialization failure: the API answers it as a
 * conflict to retry, and the retry meets the merged record in the services' own checks.
 */
export class NoLinksToMergedPerpetrators1765000001610 implements MigrationInterface {
  name = 'NoLinksToMergedPerpetrators1765000001610';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION case_perpetrators_refuse_merged() RETURNS trigger
         LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM 1 FROM perpetrators
         WHERE id = NEW.perpetrator_id AND merged_into_id IS NULL FOR SHARE;
         IF NOT FOUND THEN
           RAISE EXCEPTION 'perpetrator % was merged into another record', NEW.perpetrator_id
             USING ERRCODE = 'serialization_failure';
         END IF;
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER case_perpetrators_refuse_merged BEFORE INSERT ON case_perpetrators
         FOR EACH ROW EXECUTE FUNCTION case_perpetrators_refuse_merged()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_perpetrators_refuse_merged ON case_perpetrators`);
    await queryRunner.query(`DROP FUNCTION case_perpetrators_refuse_merged()`);
  }
}
