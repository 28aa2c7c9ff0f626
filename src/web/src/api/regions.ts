import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, data } from './client';

/**
 * The full names of these Kemendagri codes ("Kalianda, Kabupaten Lampung Selatan, Lampung"), as
 * a lookup that answers the code itself until the names arrive or for a code it does not know.
 */
export function useRegionPaths(codes: Array<string | null | undefined>): (code: string) => string {
  // The API takes 100 codes at a time; past them a code is shown as it is.
  const wanted = [...new Set(codes.filter((code): code is string => !!code))].sort().slice(0, 100);
  const regions = useQuery({
    queryKey: ['regions', wanted],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/regions', {
          params: { query: { codes: wanted, limit: 100, offset: 0 } },
        }),
      ),
    enabled: wanted.length > 0,
    staleTime: Infinity,
  });
  // The same function until the names arrive: a drawing made from it is not redrawn for nothing.
  const items = regions.data?.items;
  return useCallback(
    (code: string) => items?.find((region) => region.code === code)?.fullPath ?? code,
    [items],
  );
}
