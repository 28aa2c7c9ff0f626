import { useOptions } from '../../components/options';
import {
  Alert,
  Badge,
  Button,
  Group,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { Section } from '../../components/Section';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatDateTime, formatNumber } from '../../format';
import { useAgencyTimeZone } from '../../session/session';
import { AgencyName, LoadFailed, problemText } from './admin-shared';

type Notification = Schemas['NotificationDto'];
type Status = Notification['status'];

const PAGE_SIZE = 50;
const CIRCUIT_COLORS: Record<string, string> = {
  closed: 'teal.9',
  open: 'red.9',
  half_open: 'blue.9',
};

/**
 * Messages that could not be delivered (the failed ones first, by default), each with what went
 * wrong and a retry; and how each destination is doing.
 */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const valueOptions = useOptions();
  const timeZone = useAgencyTimeZone();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status | null>('failed');
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const notifications = useInfiniteQuery({
    queryKey: ['admin', 'notifications', status],
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET('/api/v1/notifications', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(status ? { status } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const destinations = useQuery({
    queryKey: ['admin', 'notification-destinations'],
    queryFn: async () => data(await api.GET('/api/v1/notifications/destinations')),
  });
  const rows = notifications.data?.pages.flatMap((page) => page.items) ?? [];
  const when = (iso: string | null | undefined) =>
    iso ? formatDateTime(iso, i18n.language, timeZone) : t('admin.none');
  const retry = useMutation({
    mutationFn: async (notification: Notification) =>
      data(
        await api.POST('/api/v1/notifications/{id}/retry', {
          params: { path: { id: notification.id } },
        }),
      ),
    onSuccess: (retried) => {
      setNotice({
        text: t('admin.notifications.retried', {
          kind: t(`values.notificationKind.${retried.kind}`),
          status: t(`values.notificationStatus.${retried.status}`),
        }),
        ok: true,
      });
    },
    onError: (error) => setNotice({ text: problemText(error, t), ok: false }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });

  return (
    <Stack gap="md">
      <Title order={1}>{t('admin.notifications.title')}</Title>
      <Text>{t('admin.notifications.explained')}</Text>
      <Group align="flex-end">
        <Select
          label={t('admin.notifications.status')}
          placeholder={t('admin.notifications.allStatuses')}
          clearable
          data={valueOptions('notificationStatus')}
          value={status}
          onChange={(value) => setStatus(value as Status | null)}
          maw={300}
        />
        <Button
          variant="default"
          onClick={() => void queryClient.invalidateQueries({ queryKey: ['admin'] })}
        >
          {t('admin.notifications.refresh')}
        </Button>
      </Group>
      {notice && (
        <Alert
          color={notice.ok ? 'green' : 'red'}
          role={notice.ok ? 'status' : 'alert'}
          withCloseButton
          closeButtonLabel={t('admin.close')}
          onClose={() => setNotice(null)}
        >
          {notice.text}
        </Alert>
      )}
      {notifications.isPending && <Loading label={t('admin.loading')} />}
      {notifications.isError && <LoadFailed onRetry={() => void notifications.refetch()} />}
      {notifications.isSuccess && rows.length === 0 && (
        <Text>{t('admin.notifications.empty')}</Text>
      )}
      {rows.length > 0 && (
        <ScrollArea type="auto">
          <Table striped withTableBorder miw={980} captionSide="top">
            <Table.Caption>{t('admin.notifications.caption')}</Table.Caption>
            <ColumnHeadings
              labels={[
                t('admin.notifications.created'),
                t('admin.notifications.kind'),
                t('admin.notifications.recipient'),
                t('admin.notifications.status'),
                t('admin.notifications.attempts'),
                t('admin.notifications.lastError'),
                t('admin.notifications.lastAttempt'),
                t('admin.actions'),
              ]}
            />
            <Table.Tbody>
              {rows.map((notification) => {
                const kind = t(`values.notificationKind.${notification.kind}`);
                return (
                  <Table.Tr key={notification.id}>
                    <Table.Td>{when(notification.createdAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{kind}</Text>
                      <Text size="sm" c="dimmed">
                        {t('admin.notifications.by', {
                          channel: t(`values.notificationChannel.${notification.channel}`),
                        })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {t(`values.recipientKind.${notification.recipientKind}`)}
                      {notification.recipientAgencyId && (
                        <>
                          {': '}
                          <AgencyName id={notification.recipientAgencyId} />
                        </>
                      )}
                    </Table.Td>
                    <Table.Td>{t(`values.notificationStatus.${notification.status}`)}</Table.Td>
                    <Table.Td>
                      {t('admin.notifications.attemptsOf', {
                        attempts: formatNumber(notification.attempts, i18n.language),
                        max: formatNumber(notification.maxAttempts, i18n.language),
                      })}
                    </Table.Td>
                    <Table.Td>
                      {/* A status code or a network error code: the API keeps reply texts out. */}
                      <Text ff="monospace" size="sm">
                        {notification.lastError ?? t('admin.none')}
                      </Text>
                    </Table.Td>
                    <Table.Td>{when(notification.failedAt ?? notification.lastAttemptAt)}</Table.Td>
                    <Table.Td>
                      {notification.status === 'failed' && (
                        <Button
                          size="xs"
                          style={{ whiteSpace: 'nowrap' }}
                          aria-label={t('admin.notifications.retryOne', {
                            kind,
                            when: when(notification.createdAt),
                          })}
                          loading={retry.isPending && retry.variables?.id === notification.id}
                          onClick={() => retry.mutate(notification)}
                        >
                          {t('admin.notifications.retry')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {notifications.hasNextPage && (
        <Group justify="flex-end">
          <Button
            onClick={() => void notifications.fetchNextPage()}
            loading={notifications.isFetchingNextPage}
          >
            {t('cases.loadMore')}
          </Button>
        </Group>
      )}
      <Section title={t('admin.notifications.destinations')}>
        <Text size="sm">{t('admin.notifications.destinationsExplained')}</Text>
        {destinations.isPending && <Loading label={t('admin.loading')} />}
        {destinations.isError && <LoadFailed onRetry={() => void destinations.refetch()} />}
        {destinations.isSuccess && destinations.data.items.length === 0 && (
          <Text>{t('admin.notifications.noDestinations')}</Text>
        )}
        {destinations.isSuccess && destinations.data.items.length > 0 && (
          <ScrollArea type="auto">
            <Table withTableBorder miw={900}>
              <ColumnHeadings
                labels={[
                  t('admin.notifications.destination'),
                  t('admin.notifications.circuit'),
                  t('admin.notifications.failuresInARow'),
                  t('admin.notifications.lastError'),
                  t('admin.notifications.lastFailure'),
                  t('admin.notifications.lastSuccess'),
                  t('admin.notifications.waiting'),
                ]}
              />
              <Table.Tbody>
                {destinations.data.items.map((destination) => (
                  <Table.Tr key={destination.destination}>
                    <Table.Td ff="monospace">{destination.destination}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={CIRCUIT_COLORS[destination.state] ?? 'gray.8'}
                        variant="filled"
                        tt="none"
                      >
                        {t(`values.circuitState.${destination.state}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {formatNumber(destination.consecutiveFailures, i18n.language)}
                    </Table.Td>
                    <Table.Td ff="monospace">{destination.lastError ?? t('admin.none')}</Table.Td>
                    <Table.Td>{when(destination.lastFailureAt)}</Table.Td>
                    <Table.Td>{when(destination.lastSuccessAt)}</Table.Td>
                    <Table.Td>{formatNumber(destination.rowsWaiting, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Section>
    </Stack>
  );
}
