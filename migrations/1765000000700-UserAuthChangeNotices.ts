import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change that can void a user's access (role, agency, disabling, token version) or the
 * deletion of the user announces the user's id on the `jejak_user_auth` channel. PostgreSQL
 * delivers it only when the transaction commits, to every process listening, so each API process
 * can keep signed-in users in memory and still refuse a disabled account on its very next request.
 * A trigger, not application code, so that a change made by hand in psql is announced as well.
 */
export class UserAuthChangeNotices1765000000700 implements MigrationInterface {
  name = 'UserAuthChangeNotices1765000000700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION announce_user_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE'
            OR OLD.role IS DISTINCT FROM NEW.role
            OR OLD.agency_id IS DISTINCT FROM NEW.agency_id
            OR OLD.disabled_at IS DISTINCT FROM NEW.disabled_at
            OR OLD.token_version IS DISTINCT FROM NEW.token_version THEN
           PERFORM pg_notify('jejak_user_auth', OLD.id::text);
         END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER users_announce_auth_change AFTER UPDATE OR DELETE ON users
       FOR EACH ROW EXECUTE FUNCTION announce_user_auth_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_announce_auth_change ON users`);
    await queryRunner.query(`DROP FUNCTION announce_user_auth_change()`);
  }
}
