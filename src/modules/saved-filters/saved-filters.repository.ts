import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PG_UNIQUE_VIOLATION, postgresErrorCode } from '../../database/postgres-errors';
import type { SavedFilterQueryDto } from './dto/saved-filter.dto';
import { SavedFilterNameTakenError } from './saved-filters.errors';

export interface SavedFilterRow {
  id: string;
  owner_id: string;
  name: string;
  /** As SavedFilterQueryDto validated it before it was stored. */
  query: SavedFilterQueryDto;
  created_at: Date;
}

@Injectable()
export class SavedFiltersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The owner's saved filters, by name. */
  listOwn(ownerId: string): Promise<SavedFilterRow[]> {
    return this.dataSource.query(
      `SELECT * FROM saved_filters WHERE owner_id = $1 ORDER BY lower(name), id`,
      [ownerId],
    );
  }

  /**
   * Stores a new filter unless the owner already keeps `limit` ('full'). The owner's inserts are
   * serialised, so that two saves racing each other cannot both pass the count.
   */
  async insert(
    row: Pick<SavedFilterRow, 'owner_id' | 'name' | 'query'>,
    limit: number,
  ): Promise<SavedFilterRow | 'full'> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `SELECT pg_advisory_xact_lock(hashtext('saved_filters'), hashtext($1))`,
          [row.owner_id],
        );
        const rows: SavedFilterRow[] = await manager.query(
          `INSERT INTO saved_filters (owner_id, name, query)
           SELECT $1, $2, $3::jsonb
           WHERE (SELECT count(*) FROM saved_filters WHERE owner_id = $1) < $4::int
           RETURNING *`,
          [row.owner_id, row.name, JSON.stringify(row.query), limit],
        );
        return rows[0] ?? 'full';
      });
    } catch (error) {
      if (postgresErrorCode(error) === PG_UNIQUE_VIOLATION) throw new SavedFilterNameTakenError();
      throw error;
    }
  }

  async deleteOwn(ownerId: string, id: string): Promise<boolean> {
    // As a SELECT: TypeORM answers a DELETE's RETURNING as [rows, count], a SELECT as its rows.
    const [{ deleted }]: Array<{ deleted: number }> = await this.dataSource.query(
      `WITH gone AS (DELETE FROM saved_filters WHERE id = $1 AND owner_id = $2 RETURNING id)
       SELECT count(*)::int AS deleted FROM gone`,
      [id, ownerId],
    );
    return deleted > 0;
  }
}
