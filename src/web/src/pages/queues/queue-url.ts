import type { Schemas } from '../../api/client';

/**
 * The case list's filters and order, as `GET /cases` names them, and the named queue they narrow:
 * what the address bar holds, what a saved filter keeps. Never the free-text search (a title can
 * carry a victim's name, and addresses end up in histories and logs).
 */
export type CaseFilters = Omit<Schemas['SavedFilterQueryDto'], 'sort'> & {
  sort?: Schemas['SavedFilterQueryDto']['sort'];
};

export type CaseQueueName = NonNullable<CaseFilters['queue']>;

const LIST_KEYS = ['status', 'priority', 'incidentType', 'exploitationType'] as const;
const TEXT_KEYS = [
  'assignment',
  'assignedCaseworkerId',
  'originRegion',
  'exploitationCountry',
  'createdFrom',
  'createdTo',
  'incidentFrom',
  'incidentTo',
  'tag',
  'sort',
] as const;

/**
 * The filters an address names. Values are taken as written: the API judges them, and the screen
 * says what it refused.
 */
export function filtersFromUrl(params: URLSearchParams): CaseFilters {
  const filters: Record<string, unknown> = {};
  const queue = params.get('queue');
  if (queue) filters.queue = queue;
  for (const key of LIST_KEYS) {
    const items = params
      .getAll(key)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '');
    if (items.length > 0) filters[key] = items;
  }
  for (const key of TEXT_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const overdue = params.get('overdue');
  if (overdue === 'true' || overdue === 'false') filters.overdue = overdue === 'true';
  else if (overdue) filters.overdue = overdue;
  const inactiveDays = params.get('inactiveDays');
  if (inactiveDays)
    filters.inactiveDays = /^\d{1,6}$/.test(inactiveDays) ? Number(inactiveDays) : inactiveDays;
  return filters;
}

/** The address's query for filters, in one order, so that one set of filters has one link. */
export function urlOfFilters(filters: CaseFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.queue) params.set('queue', filters.queue);
  for (const key of LIST_KEYS) {
    const items = filters[key];
    if (items && items.length > 0) params.set(key, items.join(','));
  }
  if (filters.overdue !== undefined) params.set('overdue', String(filters.overdue));
  if (filters.inactiveDays !== undefined) params.set('inactiveDays', String(filters.inactiveDays));
  for (const key of TEXT_KEYS) {
    const value = filters[key];
    // The default order is left out: one set of filters, one link.
    if (value && !(key === 'sort' && value === 'priority')) params.set(key, value);
  }
  return params;
}

/** `/cases?…` for filters. */
export function casesPath(filters: CaseFilters): string {
  const query = urlOfFilters(filters).toString();
  return query ? `/cases?${query}` : '/cases';
}

/** The filters without the queue, as the case list's query parameters. */
export function listQueryOf(filters: CaseFilters): Omit<CaseFilters, 'queue'> {
  const rest = { ...filters };
  delete rest.queue;
  return rest;
}
