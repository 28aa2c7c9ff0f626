import { isUUID } from 'class-validator';
import type { CasesRepository } from '../cases/cases.repository';
import { BulkRefusal, type RefusedCase } from './case-moves.errors';

/** The cases a bulk request names, resolved to ids, and the entries refused before any lock. */
export interface ResolvedCaseRefs {
  /** The id each position names; null where it names nothing (unknown number) or a repeat. */
  ids: Array<string | null>;
  /** Every distinct id named, to lock. */
  distinct: string[];
  refused: RefusedCase[];
}

/**
 * Case numbers become ids in one read (an unknown number is "not found", as an invisible case
 * is); a case named twice, by id or number, is refused at its second mention.
 */
export async function resolveCaseRefs(
  cases: CasesRepository,
  refs: string[],
): Promise<ResolvedCaseRefs> {
  const numbers = refs.filter((ref) => !isUUID(ref)).map((ref) => ref.toUpperCase());
  const byNumber = await cases.findIdsByNumbers([...new Set(numbers)]);
  const seen = new Set<string>();
  const refused: RefusedCase[] = [];
  const ids = refs.map((ref, index) => {
    const id = isUUID(ref) ? ref.toLowerCase() : (byNumber.get(ref.toUpperCase()) ?? null);
    if (id === null) {
      refused.push({ index, caseRef: ref, reason: BulkRefusal.NotFound });
      return null;
    }
    if (seen.has(id)) {
      refused.push({ index, caseRef: ref, reason: BulkRefusal.Duplicate });
      return null;
    }
    seen.add(id);
    return id;
  });
  return { ids, distinct: [...seen], refused };
}
