import type { ObjectLiteral, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export type VersionedUpdateResult<T> =
  | { outcome: 'updated'; row: T }
  | { outcome: 'not_found' }
  | { outcome: 'stale'; currentVersion: number };

/**
 * Applies `changes` only if the row is still at `expectedVersion`. @VersionColumn alone would bump
 * the number without checking it, and the later of two editors would silently overwrite the first.
 */
export async function updateIfVersionMatches<
  T extends ObjectLiteral & { id: string; version: number },
>(
  repository: Repository<T>,
  id: string,
  expectedVersion: number,
  changes: QueryDeepPartialEntity<T>,
): Promise<VersionedUpdateResult<T>> {
  if (Object.keys(changes).length === 0) {
    // Nothing to change: answer as an update would, without bumping the version.
    const current = await repository.findOneBy({ id } as never);
    if (!current) return { outcome: 'not_found' };
    if (current.version !== expectedVersion)
      return { outcome: 'stale', currentVersion: current.version };
    return { outcome: 'updated', row: current };
  }
  const result = await repository
    .createQueryBuilder()
    .update()
    .set({ ...changes, version: () => 'version + 1' })
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .execute();
  if (result.affected === 1) {
    const row = await repository.findOneByOrFail({ id } as never);
    return { outcome: 'updated', row };
  }
  const current = await repository.findOne({
    where: { id } as never,
    select: { id: true, version: true } as never,
  });
  return current ? { outcome: 'stale', currentVersion: current.version } : { outcome: 'not_found' };
}
