import { queryOptions } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client';

/**
 * Kept apart from the dashboard's screen (and its charts): the app asks for the dashboard's data
 * as soon as its address is opened, while the screen's code is still on its way.
 */

/**
 * Only the breakdowns the dashboard shows, asked in three parts, the cheapest first: each asked
 * costs a pass over the cases, their victims or their referrals. At a million cases the case
 * counts take a tenth of a second, the victims' origins half a second and the partners' service
 * levels a second, all of it CPU: asked side by side, the case counts waited as long as the rest.
 */
const PARTS = {
  cases: ['month', 'exploitationCountry', 'exploitationType'],
  origins: ['originProvince'],
  serviceLevels: ['referralServiceLevels'],
} satisfies Record<string, Schemas['SummaryDto']['groupBy']>;

export type SummaryPart = keyof typeof PARTS;

/** The report's days are WIB days (the service counts by the day a case was recorded in WIB). */
const REPORT_TIME_ZONE = 'Asia/Jakarta';

/** A range, as in the address: '' is an open end; `agency` only for admins. */
export interface Filters {
  from: string;
  to: string;
  agency: string;
}

function todayInReportZone(): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: REPORT_TIME_ZONE }).format(new Date());
}

/** The last twelve months, this one included: what a supervisor reviews unless told otherwise. */
function defaultRange(): Pick<Filters, 'from' | 'to'> {
  const today = todayInReportZone();
  const [year, month] = today.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10);
  return { from: first, to: today };
}

/** An address without a range has none chosen yet: it gets the default. */
export function rangeChosen(params: URLSearchParams): boolean {
  return params.has('from') || params.has('to');
}

export function filtersOf(params: URLSearchParams): Filters {
  const agency = params.get('agency') ?? '';
  if (!rangeChosen(params)) return { ...defaultRange(), agency };
  return { from: params.get('from') ?? '', to: params.get('to') ?? '', agency };
}

export function paramsOf(filters: Filters): URLSearchParams {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.agency) params.set('agency', filters.agency);
  return params;
}

export type ReportQuery = ReturnType<typeof reportQuery>;

/** The summary's and the exports' query for a range. */
export function reportQuery(filters: Filters, isAdmin: boolean) {
  return {
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(isAdmin && filters.agency ? { owningAgencyId: filters.agency } : {}),
  };
}

export function summaryQuery(query: ReportQuery, part: SummaryPart) {
  return queryOptions({
    queryKey: ['reports', 'summary', query, part],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/reports/summary', {
          params: { query: { ...query, groupBy: PARTS[part] } },
        }),
      ),
    staleTime: 60_000,
  });
}

export function queuesQuery() {
  return queryOptions({
    queryKey: ['queues'],
    queryFn: async () => data(await api.GET('/api/v1/queues')),
    // The service keeps counts up to 15 s; asking more often would show nothing newer.
    staleTime: 15_000,
  });
}
