import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/**
 * The data source the TypeORM CLI uses (`npm run migration:*`). The application builds its own
 * from the same options. Against the embedded default, start the service once and use the URL
 * it prints, or set DATABASE_URL to any PostgreSQL server. Migrations belong to the owner role,
 * so MIGRATION_DATABASE_URL comes first; the service grants its own role what it needs at start.
 */
const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) {
  throw new Error(
    'DATABASE_URL must be set for the migration commands (see README.md, "Configuration").',
  );
}

export default new DataSource(buildDataSourceOptions(url));
