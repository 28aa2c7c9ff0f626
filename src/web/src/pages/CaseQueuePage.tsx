import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Flex,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { LoadMoreButton } from '../components/LoadMoreButton';
import { PriorityBadge } from '../components/PriorityBadge';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api, ApiError, data, type Schemas } from '../api/client';
import { fieldErrorText } from '../api/field-errors';
import { Loading } from '../components/TableParts';
import { formatDateTime, formatNumber } from '../format';
import { useAgencyTimeZone, useSession } from '../session/session';
import { loadCasePage } from './lazy-pages';
import { type Outcome, OutcomeNotice } from './queues/outcome';
import { type CaseFilters, filtersFromUrl, listQueryOf, urlOfFilters } from './queues/queue-url';
import { QUEUES_KEY, QueueSideBar, SCREEN_OF_QUEUE } from './queues/QueueSideBar';

type Row = Schemas['CaseQueueRowDto'];

// The filters' and bulk actions' fields come when first shown: the first screen stays small.
const CaseFiltersForm = lazy(() =>
  import('./queues/CaseFiltersForm').then((m) => ({ default: m.CaseFiltersForm })),
);
const BulkActions = lazy(() =>
  import('./queues/BulkActions').then((m) => ({ default: m.BulkActions })),
);

const PAGE_SIZE = 50;
/** The roles the bulk assignment and closure decisions are for (the API's supervisors). */
const BULK_ROLES = ['supervisor'];

/**
 * The case queue: the caller's named queues with their counts beside the cases of the one chosen,
 * filtered and ordered as the address says (so that a queue is shared as a link), fifty at a
 * time by keyset pages. Supervisors select cases and assign them, or decide closures, at once.
 */
export function CaseQueuePage() {
  const { t, i18n } = useTranslation();
  const timeZone = useAgencyTimeZone();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const addressQuery = searchParams.toString();
  const filters = useMemo(() => filtersFromUrl(new URLSearchParams(addressQuery)), [addressQuery]);
  // The title search stays in the screen: a title can carry a victim's name.
  const [text, setText] = useState('');
  const [debouncedText] = useDebouncedValue(text.trim(), 300);
  const q = debouncedText.length >= 2 ? debouncedText : undefined;
  const canBulk = BULK_ROLES.includes(session?.user.role ?? '');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const filtering = Object.keys(listQueryOf(filters)).length > 0;
  const [showFilters, setShowFilters] = useState(filtering);
  // Filters that arrive by a link (a saved filter, back or forward) are shown.
  useEffect(() => {
    if (filtering) setShowFilters(true);
  }, [filtering]);

  // Other cases, other choices: a selection never outlives the list it was made in.
  useEffect(() => {
    setSelected(new Set());
    setOutcome(null);
  }, [addressQuery, q]);

  // The queues of referrals and transfers are not cases: they have screens of their own.
  const elsewhere = filters.queue ? SCREEN_OF_QUEUE[filters.queue] : undefined;
  const cases = useInfiniteQuery({
    queryKey: ['cases', 'queue', filters, q ?? null],
    queryFn: async ({ pageParam }) => {
      const query = {
        ...listQueryOf(filters),
        ...(q ? { q } : {}),
        limit: PAGE_SIZE,
        ...(pageParam ? { cursor: pageParam } : {}),
      } as Schemas['SavedFilterQueryDto'] & { limit: number; cursor?: string; q?: string };
      const page = filters.queue
        ? data(
            await api.GET('/api/v1/queues/{name}', {
              params: { path: { name: filters.queue }, query },
            }),
          )
        : data(await api.GET('/api/v1/cases', { params: { query } }));
      // A case queue's rows are cases, as the case list gives them.
      return page as { items: Row[]; nextCursor?: string | null };
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: elsewhere === undefined,
  });
  const rows: Row[] = useMemo(
    () => cases.data?.pages.flatMap((page) => page.items) ?? [],
    [cases.data],
  );
  // A case is what people open from here: its page's code comes while they read the list.
  useEffect(() => {
    if (cases.isSuccess) void loadCasePage();
  }, [cases.isSuccess]);

  const apply = (next: CaseFilters) => setSearchParams(urlOfFilters(next));
  const when = (iso: string | null | undefined) =>
    iso ? formatDateTime(iso, i18n.language, timeZone) : t('cases.none');
  const refusals = outcome?.kind === 'refused' ? outcome.byCaseId : undefined;
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const invalidFilters =
    cases.error instanceof ApiError && cases.error.status === 400
      ? (cases.error.body?.details?.fields ?? []).map((field) => fieldErrorText(field, t)).join(' ')
      : null;

  if (elsewhere) return <Navigate to={elsewhere} replace />;
  return (
    <Stack gap="md">
      <Title order={1}>{t('cases.title')}</Title>
      <Flex gap="md" align="flex-start" direction={{ base: 'column', md: 'row' }}>
        <QueueSideBar filters={filters} />
        <Stack gap="md" style={{ flex: 1, minWidth: 0 }}>
          <Paper withBorder p="sm">
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('queues.filters')}
              </Title>
              <TextInput
                type="search"
                label={t('queues.search')}
                description={t('queues.searchHint')}
                value={text}
                maxLength={200}
                autoComplete="off"
                onChange={(event) => setText(event.currentTarget.value)}
              />
              <Group>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  aria-expanded={showFilters}
                  aria-controls="case-filters"
                  onClick={() => setShowFilters((shown) => !shown)}
                >
                  {showFilters ? t('queues.hideFilters') : t('queues.showFilters')}
                </Button>
              </Group>
              <div id="case-filters" hidden={!showFilters}>
                {showFilters && (
                  <Suspense fallback={<Loading label={t('app.loading')} />}>
                    <CaseFiltersForm
                      key={addressQuery}
                      filters={filters}
                      onApply={apply}
                      canPickAssignee={canBulk}
                    />
                  </Suspense>
                )}
              </div>
            </Stack>
          </Paper>
          {canBulk && selected.size > 0 && (
            <Suspense fallback={<Loading label={t('app.loading')} />}>
              <BulkActions
                caseIds={rows.filter((row) => selected.has(row.id)).map((row) => row.id)}
                closureQueue={filters.queue === 'awaiting_closure_approval'}
                onClear={() => setSelected(new Set())}
                onOutcome={(result) => {
                  setOutcome(result);
                  if (result.kind !== 'done') return;
                  setSelected(new Set());
                  void queryClient.invalidateQueries({ queryKey: QUEUES_KEY });
                  void queryClient.invalidateQueries({ queryKey: ['cases', 'queue'] });
                }}
              />
            </Suspense>
          )}
          {outcome && <OutcomeNotice outcome={outcome} />}
          {cases.isPending && <Loading label={t('cases.loading')} />}
          {cases.isError && (
            <Alert color="red" role="alert">
              <Group justify="space-between">
                <Text>
                  {invalidFilters !== null
                    ? t('queues.invalidFilters', { problem: invalidFilters })
                    : t('cases.loadFailed')}
                </Text>
                {invalidFilters === null && (
                  <Button size="xs" variant="white" onClick={() => void cases.refetch()}>
                    {t('cases.retry')}
                  </Button>
                )}
              </Group>
            </Alert>
          )}
          {cases.isSuccess && rows.length === 0 && <Text>{t('cases.empty')}</Text>}
          {rows.length > 0 && (
            <ScrollArea type="auto">
              <Table
                striped
                highlightOnHover
                withTableBorder
                stickyHeader
                // A laptop's 1280 px leave the table 790 beside the menus: it fits, words wrap.
                miw={720}
                horizontalSpacing={6}
                captionSide="top"
              >
                <Table.Caption>{t('cases.caption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    {canBulk && (
                      <Table.Th scope="col" w={40}>
                        <Checkbox
                          aria-label={t('queues.selectAll')}
                          checked={allSelected}
                          indeterminate={!allSelected && selected.size > 0}
                          onChange={(event) =>
                            setSelected(
                              event.currentTarget.checked
                                ? new Set(rows.map((row) => row.id))
                                : new Set(),
                            )
                          }
                        />
                      </Table.Th>
                    )}
                    {[
                      t('cases.number'),
                      t('cases.caseTitle'),
                      t('cases.priority'),
                      t('cases.status'),
                      t('cases.assignee'),
                      t('cases.victims'),
                      t('cases.nextDue'),
                      t('cases.overdue'),
                      t('cases.lastActivity'),
                    ].map((label) => (
                      <Table.Th scope="col" key={label}>
                        {label}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => {
                    const refusal = refusals?.get(row.id);
                    return (
                      <Table.Tr key={row.id} bg={refusal ? 'red.0' : undefined}>
                        {canBulk && (
                          <Table.Td>
                            <Checkbox
                              aria-label={t('queues.select', { number: row.caseNumber })}
                              aria-describedby={refusal ? `refusal-${row.id}` : undefined}
                              checked={selected.has(row.id)}
                              onChange={(event) => toggle(row.id, event.currentTarget.checked)}
                            />
                          </Table.Td>
                        )}
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={`/cases/${encodeURIComponent(row.caseNumber)}`}
                            ff="monospace"
                            size="xs"
                            style={{ whiteSpace: 'nowrap' }}
                          >
                            {row.caseNumber}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          {row.title}
                          {refusal && (
                            <Text size="sm" c="red.9" fw={600} id={`refusal-${row.id}`}>
                              {refusal}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <PriorityBadge priority={row.priority} />
                        </Table.Td>
                        <Table.Td>{t(`values.caseStatus.${row.status}`)}</Table.Td>
                        <Table.Td>{row.assignedCaseworkerName ?? t('cases.unassigned')}</Table.Td>
                        <Table.Td>{formatNumber(row.victimCount, i18n.language)}</Table.Td>
                        <Table.Td>{when(row.nextDueAt)}</Table.Td>
                        <Table.Td>{formatNumber(row.overdueReferralCount, i18n.language)}</Table.Td>
                        <Table.Td>{when(row.lastActivityAt)}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
          {rows.length > 0 && (
            <Group justify="space-between">
              <Text size="sm" aria-live="polite">
                {t('cases.shown', { count: rows.length })}
              </Text>
              <LoadMoreButton list={cases} label={t('cases.loadMore')} />
            </Group>
          )}
        </Stack>
      </Flex>
    </Stack>
  );
}
