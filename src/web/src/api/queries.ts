import { queryOptions } from '@tanstack/react-query';
import { takeEarlyCase } from '../early-case-contract';
import { api, data, type Schemas } from './client';

/** A case with its victims and families, as every part of the case page reads it (one request). */
export function caseQuery(caseRef: string) {
  return queryOptions({
    queryKey: ['case', caseRef],
    queryFn: async () => {
      const early = await takeEarlyCase(caseRef)?.catch(() => null);
      if (early?.ok) return (await early.json()) as Schemas['CaseResponseDto'];
      return data(await api.GET('/api/v1/cases/{id}', { params: { path: { id: caseRef } } }));
    },
    // Changes made here update or invalidate it; the second reader of a page need not ask again.
    staleTime: 30_000,
  });
}
