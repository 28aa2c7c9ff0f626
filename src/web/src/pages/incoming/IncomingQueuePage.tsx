import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, data, type Schemas } from '../../api/client';
import type { operations } from '../../api/schema';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { LoadMoreButton } from '../../components/LoadMoreButton';
import { PriorityBadge } from '../../components/PriorityBadge';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/session';
import { AssignReferralDialog } from './AssignReferralDialog';
import { INCOMING_KEY } from './incoming-keys';

export type IncomingRow = Schemas['IncomingReferralRowDto'];
type Query = NonNullable<operations['listIncomingReferrals']['parameters']['query']>;
type Status = NonNullable<Query['status']>[number];
type Assignment = NonNullable<Query['assignment']>;
type Sort = NonNullable<Query['sort']>;

const PAGE_SIZE = 50;
const RECEIVED: Status[] = [
  'sent',
  'acknowledged',
  'in_progress',
  'completed',
  'declined',
  'cancelled',
];
/** What a queue is for: the referrals still being worked on, unless the reader asks otherwise. */
const OPEN: Status[] = ['sent', 'acknowledged', 'in_progress'];
const ASSIGNMENTS: Assignment[] = ['unassigned', 'assigned', 'mine'];
const SORTS: Sort[] = ['nextDue', 'newest'];

/**
 * The filters, kept in the address so that coming back from a referral finds the same list. They
 * name no person: statuses, an assignment and an order only.
 */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const { session } = useSession();
  const status = params.has('status')
    ? (params.get('status') ?? '')
        .split(',')
        .filter((value): value is Status => RECEIVED.includes(value as Status))
    : OPEN;
  const assignmentParam = params.get('assignment');
  // A caseworker opens the referrals given to them; the rest of the agency's are a click away.
  const assignment: Assignment | 'all' =
    assignmentParam === 'all' || ASSIGNMENTS.includes(assignmentParam as Assignment)
      ? (assignmentParam as Assignment | 'all')
      : session?.user.role === 'caseworker'
        ? 'mine'
        : 'all';
  const overdue = params.get('overdue') === 'true';
  const sort: Sort = params.get('sort') === 'newest' ? 'newest' : 'nextDue';
  const change = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === null) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  return { status, assignment, overdue, sort, change };
}

/**
 * The referrals other agencies sent to the reader's agency, fifty at a time (keyset pages), with
 * what a receiving supervisor scans for: who sent it, for which case, what is asked, where it
 * stands, by when, and who has it. Supervisors assign from here; whoever may read a referral
 * opens it to answer.
 */
export function IncomingQueuePage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const filters = useFilters();
  // By id: the dialog reads the row as the list now has it (its version after a conflict).
  const [assigning, setAssigning] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const supervisor = session?.user.role === 'supervisor';
  const query = {
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.assignment !== 'all' ? { assignment: filters.assignment } : {}),
    ...(filters.overdue ? { overdue: true } : {}),
    sort: filters.sort,
  };
  const referrals = useInfiniteQuery({
    queryKey: [...INCOMING_KEY, query],
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET('/api/v1/referrals/incoming', {
          params: {
            query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = referrals.data?.pages.flatMap((page) => page.items) ?? [];
  const when = (iso: string | null, timeZone: string) =>
    iso ? formatDateTime(iso, i18n.language, timeZone) : t('incomingReferrals.none');
  const mayOpen = (row: IncomingRow) => supervisor || row.assignee?.id === session?.user.id;
  const isOpen = (row: IncomingRow) => (OPEN as string[]).includes(row.status);

  return (
    <Stack gap="md">
      <Title order={1}>{t('incomingReferrals.title')}</Title>
      <Group
        component="form"
        role="search"
        aria-label={t('incomingReferrals.filters')}
        align="flex-end"
        gap="md"
        onSubmit={(event) => event.preventDefault()}
      >
        <MultiSelect
          label={t('incomingReferrals.status')}
          placeholder={filters.status.length === 0 ? t('incomingReferrals.statusPlaceholder') : ''}
          data={RECEIVED.map((status) => ({
            value: status,
            label: t(`values.referralStatus.${status}`),
          }))}
          value={filters.status}
          onChange={(values) => filters.change('status', values.join(','))}
          clearable
          miw={260}
          maw={420}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('incomingReferrals.assignment')}
          data={[
            { value: 'all', label: t('incomingReferrals.assignmentAll') },
            { value: 'unassigned', label: t('incomingReferrals.assignmentUnassigned') },
            { value: 'assigned', label: t('incomingReferrals.assignmentAssigned') },
            { value: 'mine', label: t('incomingReferrals.assignmentMine') },
          ]}
          value={filters.assignment}
          onChange={(value) => filters.change('assignment', value ?? 'all')}
          allowDeselect={false}
          w={220}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('incomingReferrals.sort')}
          data={SORTS.map((sort) => ({
            value: sort,
            label: t(
              sort === 'nextDue' ? 'incomingReferrals.sortNextDue' : 'incomingReferrals.sortNewest',
            ),
          }))}
          value={filters.sort}
          onChange={(value) => filters.change('sort', value === 'newest' ? 'newest' : null)}
          allowDeselect={false}
          w={260}
          comboboxProps={{ withinPortal: true }}
        />
        <Checkbox
          label={t('incomingReferrals.overdueOnly')}
          checked={filters.overdue}
          onChange={(event) =>
            filters.change('overdue', event.currentTarget.checked ? 'true' : null)
          }
          mb={8}
        />
      </Group>

      {notice && (
        <Alert
          color="green"
          role="status"
          withCloseButton
          closeButtonLabel={t('incomingReferrals.close')}
          onClose={() => setNotice(null)}
        >
          {notice}
        </Alert>
      )}
      {referrals.isPending && <Loading label={t('incomingReferrals.loading')} />}
      {referrals.isError && (
        <Alert color="red" role="alert">
          <Group justify="space-between">
            <Text>{t('incomingReferrals.loadFailed')}</Text>
            <Button size="xs" variant="white" onClick={() => void referrals.refetch()}>
              {t('incomingReferrals.retry')}
            </Button>
          </Group>
        </Alert>
      )}
      {referrals.isSuccess && rows.length === 0 && <Text>{t('incomingReferrals.empty')}</Text>}
      {rows.length > 0 && (
        <ScrollArea type="auto">
          <Table striped withTableBorder stickyHeader miw={1040} captionSide="top">
            <Table.Caption>{t('incomingReferrals.caption')}</Table.Caption>
            <ColumnHeadings
              labels={[
                t('incomingReferrals.from'),
                t('incomingReferrals.caseNumber'),
                t('incomingReferrals.asked'),
                t('incomingReferrals.priority'),
                t('incomingReferrals.referralStatus'),
                t('incomingReferrals.acknowledgeDue'),
                t('incomingReferrals.due'),
                t('incomingReferrals.assignee'),
                t('incomingReferrals.actions'),
              ]}
            />
            <Table.Tbody>
              {rows.map((row) => {
                const named = {
                  caseNumber: row.caseNumber,
                  agency: row.referringAgency.shortName ?? row.referringAgency.name,
                };
                return (
                  <Table.Tr key={row.id}>
                    <Table.Td>{row.referringAgency.name}</Table.Td>
                    <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {row.caseNumber}
                    </Table.Td>
                    <Table.Td miw={220} maw={320}>
                      <Text fw={700} size="sm">
                        {t(`values.referralService.${row.service}`)}
                      </Text>
                      <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                        {row.request}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <PriorityBadge priority={row.priority} />
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <Text size="sm">{t(`values.referralStatus.${row.status}`)}</Text>
                        {row.overdue && (
                          <Badge color="red.9" variant="filled" tt="none">
                            {t('incomingReferrals.overdue')}
                          </Badge>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {row.status === 'sent'
                        ? when(row.acknowledgeDueAt, row.timeZone)
                        : t('incomingReferrals.none')}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {isOpen(row) ? when(row.dueAt, row.timeZone) : t('incomingReferrals.none')}
                    </Table.Td>
                    <Table.Td>
                      {row.assignee?.fullName ?? t('incomingReferrals.unassigned')}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {mayOpen(row) ? (
                          <Anchor
                            component={Link}
                            to={`/referrals/incoming/${row.id}`}
                            aria-label={t('incomingReferrals.openNamed', named)}
                          >
                            {t('incomingReferrals.open')}
                          </Anchor>
                        ) : (
                          <Text size="sm">
                            {t(
                              row.assignee
                                ? 'incomingReferrals.assignedElsewhere'
                                : 'incomingReferrals.awaitingAssignment',
                            )}
                          </Text>
                        )}
                        {supervisor && isOpen(row) && (
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={t(
                              row.assignee
                                ? 'incomingReferrals.reassignNamed'
                                : 'incomingReferrals.assignNamed',
                              named,
                            )}
                            onClick={() => {
                              setNotice(null);
                              setAssigning(row.id);
                            }}
                          >
                            {t(
                              row.assignee
                                ? 'incomingReferrals.reassign'
                                : 'incomingReferrals.assign',
                            )}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
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
            {t('incomingReferrals.shown', { count: rows.length })} ·{' '}
            {t('incomingReferrals.timesNote')}
          </Text>
          <LoadMoreButton list={referrals} label={t('incomingReferrals.loadMore')} />
        </Group>
      )}
      <AssignReferralDialog
        key={assigning ?? 'none'}
        referral={rows.find((row) => row.id === assigning) ?? null}
        onClose={() => setAssigning(null)}
        onAssigned={(message) => {
          setAssigning(null);
          setNotice(message);
        }}
      />
    </Stack>
  );
}
