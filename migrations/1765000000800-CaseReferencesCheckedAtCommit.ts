import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rows a new case brings (victims, recruiter links, audit entries) may be written before the
 * case row itself, their references checked at commit: the case row carries the case number, and
 * the number's counter stays locked from the moment it is taken until the commit. Writing the case
 * last keeps that window to one statement. Every other transaction still checks at once
 * (INITIALLY IMMEDIATE); only one that asks with SET CONSTRAINTS waits until its commit.
 */
const CONSTRAINTS = [
  ['victims', 'victims_case_id_fkey'],
  ['case_perpetrators', 'case_perpetrators_case_id_fkey'],
  ['audit_events', 'audit_events_case_id_fkey'],
] as const;

export class CaseReferencesCheckedAtCommit1765000000800 implements MigrationInterface {
  name = 'CaseReferencesCheckedAtCommit1765000000800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, constraint] of CONSTRAINTS) {
      await queryRunner.query(
        `ALTER TABLE ${table} ALTER CONSTRAINT ${constraint} DEFERRABLE INITIALLY IMMEDIATE`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, constraint] of CONSTRAINTS) {
      await queryRunner.query(`ALTER TABLE ${table} ALTER CONSTRAINT ${constraint} NOT DEFERRABLE`);
    }
  }
}
