import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, data } from '../../api/client';
import { REGION_CODE } from './columns';

/** The API gives at most this many regions by code in one answer. */
const CODES_PER_REQUEST = 100;

/**
 * The full Kemendagri path of each well-formed code (null for a code that does not exist), asked
 * a hundred codes at a time: a rescue from one district names a handful of villages, one request.
 */
export function useRegionPaths(codes: Iterable<string>): {
  paths: ReadonlyMap<string, string | null>;
  loading: boolean;
} {
  const batches = useMemo(() => {
    const distinct = [...new Set([...codes].filter((code) => REGION_CODE.test(code)))].sort();
    const result: string[][] = [];
    for (let i = 0; i < distinct.length; i += CODES_PER_REQUEST)
      result.push(distinct.slice(i, i + CODES_PER_REQUEST));
    return result;
  }, [codes]);
  return useQueries({
    queries: batches.map((batch) => ({
      queryKey: ['regions', 'codes', batch],
      queryFn: async () => {
        const found = data(
          await api.GET('/api/v1/regions', {
            params: { query: { codes: batch, limit: CODES_PER_REQUEST, offset: 0 } },
          }),
        );
        const paths = new Map((found.items ?? []).map((region) => [region.code, region.fullPath]));
        return batch.map((code) => [code, paths.get(code) ?? null] as const);
      },
      staleTime: Infinity,
    })),
    combine: combineLookups,
  });
}

type Lookup = ReadonlyArray<readonly [string, string | null]>;

// Outside the hook, so that TanStack Query gives the same map until an answer changes.
function combineLookups(results: Array<{ data?: Lookup; isPending: boolean }>) {
  return {
    paths: new Map(results.flatMap((result) => result.data ?? [])) as ReadonlyMap<
      string,
      string | null
    >,
    loading: results.some((result) => result.isPending),
  };
}
