import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import type { Case } from '../cases/case.entity';
import type { CasesRepository } from '../cases/cases.repository';
import { BulkCasesRefusedError, BulkRefusal, type RefusedCase } from './case-moves.errors';

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

/**
 * Locks the named cases in id order (overlapping bulk calls queue rather than deadlock) and
 * judges each locked case (`undefined` for one that vanished): every refusal is answered at once
 * (400, nothing changed), or the cases come back in the request's order.
 */
export async function lockAndJudge(
  cases: CasesRepository,
  refs: ResolvedCaseRefs,
  caseRefs: string[],
  manager: EntityManager,
  judge: (record: Case | undefined) => BulkRefusal | null,
): Promise<Case[]> {
  const locked = new Map(
    (await cases.lockManyInIdOrder(refs.distinct, manager)).map((c) => [c.id, c]),
  );
  const refused: RefusedCase[] = [...refs.refused];
  refs.ids.forEach((id, index) => {
    if (id === null) return;
    const reason = judge(locked.get(id));
    if (reason !== null) refused.push({ index, caseRef: caseRefs[index], reason });
  });
  if (refused.length > 0)
    throw new BulkCasesRefusedError(refused.sort((a, b) => a.index - b.index));
  return refs.ids.map((id) => locked.get(id!)!);
}
