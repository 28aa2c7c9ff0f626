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
    // A connection that cannot be had within 10 s fails the request or job instead of waiting
    // for ever: jobs are retried, and a pool that is stuck shows as errors, not as silence.
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, application_name: 'jejak' },
  };
}
