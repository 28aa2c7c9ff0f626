import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

export function buildDataSourceOptions(
  url: string,
  options: { runMigrations?: boolean } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: options.runMigrations ?? false,
    synchronize: false,
    // Extensions come from migrations; the application role need not be allowed to create them.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: { max: 10, application_name: 'jejak' },
  };
}
