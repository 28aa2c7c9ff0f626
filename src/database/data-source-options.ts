import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export function buildDataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Migrations run before the application starts (src/database/migrate.ts), under a lock.
    migrationsRun: false,
    synchronize: false,
    // Extensions are created by the migrations, not behind their back on every connection.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: { max: poolSize, application_name: 'jejak' },
  };
}
