import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ColumnHeadings, Loading } from '../components/TableParts';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../api/client';
import { formatDateTime, formatNumber } from '../format';
import { useAgencyTimeZone } from '../session/session';
import { loadCasePage } from './lazy-pages';

type Row = Schemas['CaseQueueRowDto'];

const PAGE_SIZE = 50;
const PRIORITY_COLORS: Record<string, string> = {
  critical: 'red.9',
  high: 'orange.9',
  normal: 'blue.9',
  low: 'gray.8',
};

/** The caller's cases, most urgent first, fifty at a time (keyset pages: no page numbers). */
export function CaseQueuePage() {
  const { t, i18n } = useTranslation();
  const timeZone = useAgencyTimeZone();
  const cases = useInfiniteQuery({
    queryKey: ['cases', 'queue'],
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET('/api/v1/cases', {
          params: {
            query: {
              sort: 'priority',
              limit: PAGE_SIZE,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows: Row[] = cases.data?.pages.flatMap((page) => page.items) ?? [];
  // A case is what people open from here: its page's code comes while they read the list.
  useEffect(() => {
    if (cases.isSuccess) void loadCasePage();
  }, [cases.isSuccess]);
  const when = (iso: string | null | undefined) =>
    iso ? formatDateTime(iso, i18n.language, timeZone) : t('cases.none');

  return (
    <Stack gap="md">
      <Title order={1}>{t('cases.title')}</Title>
      {cases.isPending && <Loading label={t('cases.loading')} />}
      {cases.isError && (
        <Alert color="red" role="alert">
          <Group justify="space-between">
            <Text>{t('cases.loadFailed')}</Text>
            <Button size="xs" variant="white" onClick={() => void cases.refetch()}>
              {t('cases.retry')}
            </Button>
          </Group>
        </Alert>
      )}
      {cases.isSuccess && rows.length === 0 && <Text>{t('cases.empty')}</Text>}
      {rows.length > 0 && (
        <ScrollArea type="auto">
          <Table striped highlightOnHover withTableBorder stickyHeader miw={960} captionSide="top">
            <Table.Caption>{t('cases.caption')}</Table.Caption>
            <ColumnHeadings
              labels={[
                t('cases.number'),
                t('cases.caseTitle'),
                t('cases.priority'),
                t('cases.status'),
                t('cases.assignee'),
                t('cases.victims'),
                t('cases.nextDue'),
                t('cases.overdue'),
                t('cases.lastActivity'),
              ]}
            />
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/cases/${encodeURIComponent(row.caseNumber)}`}
                      ff="monospace"
                      size="sm"
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {row.caseNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{row.title}</Table.Td>
                  <Table.Td>
                    <Badge
                      color={PRIORITY_COLORS[row.priority] ?? 'gray.8'}
                      variant="filled"
                      tt="none"
                      styles={{ label: { overflow: 'visible' } }}
                    >
                      {t(`values.casePriority.${row.priority}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{t(`values.caseStatus.${row.status}`)}</Table.Td>
                  <Table.Td>{row.assignedCaseworkerName ?? t('cases.unassigned')}</Table.Td>
                  <Table.Td>{formatNumber(row.victimCount, i18n.language)}</Table.Td>
                  <Table.Td>{when(row.nextDueAt)}</Table.Td>
                  <Table.Td>{formatNumber(row.overdueReferralCount, i18n.language)}</Table.Td>
                  <Table.Td>{when(row.lastActivityAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {rows.length > 0 && (
        <Group justify="space-between">
          <Text size="sm" aria-live="polite">
            {t('cases.shown', { count: rows.length })}
          </Text>
          {cases.hasNextPage && (
            <Button onClick={() => void cases.fetchNextPage()} loading={cases.isFetchingNextPage}>
              {t('cases.loadMore')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
