import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface CaseDraftRow {
  id: string;
  owner_id: string;
  title_encrypted: string;
  content_encrypted: string | null;
  step: number;
  victim_count: number;
  created_at: Date;
  updated_at: Date;
}

/** A draft is kept this long after its last save. */
export const DRAFT_LIFETIME = '30 days';

const LIVE = `updated_at > now() - interval '${DRAFT_LIFETIME}'`;

@Injectable()
export class CaseDraftsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The owner's live drafts, last saved first, without their content. */
  listOwn(ownerId: string): Promise<CaseDraftRow[]> {
    return this.dataSource.query(
      `SELECT id, owner_id, title_encrypted, NULL AS content_encrypted, step, victim_count,
              created_at, updated_at
       FROM case_drafts WHERE owner_id = $1 AND ${LIVE}
       ORDER BY updated_at DESC, id`,
      [ownerId],
    );
  }

  async findOwn(ownerId: string, id: string): Promise<CaseDraftRow | null> {
    const rows: CaseDraftRow[] = await this.dataSource.query(
      `SELECT * FROM case_drafts WHERE id = $1 AND owner_id = $2 AND ${LIVE}`,
      [id, ownerId],
    );
    return rows[0] ?? null;
  }

  /**
   * Inserts or replaces the owner's draft, unless the id is someone else's (null then) or the
   * owner already keeps `limit` other live drafts ('full'). One statement, so that two saves of a
   * new draft racing each other cannot both pass the count.
   */
  async save(
    row: Omit<CaseDraftRow, 'created_at' | 'updated_at' | 'content_encrypted'> & {
      content_encrypted: string;
    },
    limit: number,
  ): Promise<CaseDraftRow | 'full' | null> {
    return this.dataSource.transaction(async (manager) => {
      // Serialises one owner's saves of new drafts; saves of other owners never wait.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('case_drafts'), hashtext($1))`, [
        row.owner_id,
      ]);
      // Drafts nobody saved for the whole lifetime go, whoever wrote them.
      await manager.query(`DELETE FROM case_drafts WHERE NOT (${LIVE})`);
      const [{ others }]: Array<{ others: number }> = await manager.query(
        `SELECT count(*)::int AS others FROM case_drafts WHERE owner_id = $1 AND id <> $2`,
        [row.owner_id, row.id],
      );
      const rows: CaseDraftRow[] = await manager.query(
        `INSERT INTO case_drafts AS d
           (id, owner_id, title_encrypted, content_encrypted, step, victim_count)
         SELECT $1, $2, $3, $4, $5, $6
         WHERE $7::int < $8::int OR EXISTS (SELECT 1 FROM case_drafts WHERE id = $1)
         ON CONFLICT (id) DO UPDATE SET
           title_encrypted = EXCLUDED.title_encrypted,
           content_encrypted = EXCLUDED.content_encrypted,
           step = EXCLUDED.step,
           victim_count = EXCLUDED.victim_count,
           updated_at = now()
         WHERE d.owner_id = EXCLUDED.owner_id
         RETURNING *`,
        [
          row.id,
          row.owner_id,
          row.title_encrypted,
          row.content_encrypted,
          row.step,
          row.victim_count,
          others,
          limit,
        ],
      );
      if (rows[0]) return rows[0];
      const [{ taken }]: Array<{ taken: boolean }> = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM case_drafts WHERE id = $1) AS taken`,
        [row.id],
      );
      return taken ? null : 'full';
    });
  }

  async deleteOwn(ownerId: string, id: string): Promise<boolean> {
    // As a SELECT: TypeORM answers a DELETE's RETURNING as [rows, count], a SELECT as its rows.
    const [{ deleted }]: Array<{ deleted: number }> = await this.dataSource.query(
      `WITH gone AS (DELETE FROM case_drafts WHERE id = $1 AND owner_id = $2 RETURNING id)
       SELECT count(*)::int AS deleted FROM gone`,
      [id, ownerId],
    );
    return deleted > 0;
  }
}
