import { Client } from 'pg';
import { templateDatabase, TEST_ADMIN_DATABASE_URL } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase()}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
