import { queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client';

export const perpetratorKey = (id: string) => ['perpetrator', id];

/** A register record as the caller may read it. */
export function perpetratorQuery(id: string) {
  return queryOptions({
    queryKey: perpetratorKey(id),
    queryFn: async () =>
      data(await api.GET('/api/v1/perpetrators/{id}', { params: { path: { id } } })),
  });
}
