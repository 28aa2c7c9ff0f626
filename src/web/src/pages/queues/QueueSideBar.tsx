import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NavLink,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { formatNumber } from '../../format';
import { type CaseFilters, casesPath } from './queue-url';

type Queue = Schemas['QueueSummaryDto'];
type SavedFilter = Schemas['SavedFilterDto'];

/** The queues whose rows are not cases: each has its own screen. */
export const SCREEN_OF_QUEUE: Partial<Record<string, string>> = {
  incoming_referrals: '/referrals/incoming',
  incoming_transfers: '/transfers',
};

export const QUEUES_KEY = ['queues'] as const;
const SAVED_FILTERS_KEY = ['saved-filters'] as const;

/** The caller's named queues with their counts, in the API's order, and their saved filters. */
export function QueueSideBar({ filters }: { filters: CaseFilters }) {
  const { t, i18n } = useTranslation();
  const queues = useQuery({
    queryKey: QUEUES_KEY,
    queryFn: async () => data(await api.GET('/api/v1/queues')),
  });
  const count = (queue: Queue) =>
    queue.more
      ? t('queues.countMore', { shown: formatNumber(queue.count, i18n.language) })
      : formatNumber(queue.count, i18n.language);
  return (
    <Stack gap="lg" w={{ base: '100%', md: 220 }} style={{ flexShrink: 0 }}>
      <Stack gap={4} component="nav" aria-labelledby="queue-list-title">
        <Title order={2} size="h4" id="queue-list-title">
          {t('queues.queues')}
        </Title>
        <NavLink
          component={Link}
          to="/cases"
          label={t('queues.allCases')}
          active={!filters.queue}
          aria-current={!filters.queue ? 'page' : undefined}
        />
        {queues.isError && (
          <Text size="sm" c="red.9" role="alert">
            {t('queues.countsFailed')}
          </Text>
        )}
        {queues.data?.items.map((queue) => {
          const label = i18n.language === 'en' ? queue.labelEn : queue.labelId;
          const screen = SCREEN_OF_QUEUE[queue.name];
          const active = filters.queue === queue.name;
          return (
            <NavLink
              key={queue.name}
              component={Link}
              to={screen ?? casesPath({ queue: queue.name as CaseFilters['queue'] })}
              label={label}
              description={screen ? t('queues.opensElsewhere') : undefined}
              active={active}
              aria-current={active ? 'page' : undefined}
              rightSection={
                <Badge variant={queue.count > 0 ? 'filled' : 'default'} color="blue.8">
                  {count(queue)}
                </Badge>
              }
            />
          );
        })}
      </Stack>
      <SavedFilters filters={filters} />
    </Stack>
  );
}

function SavedFilters({ filters }: { filters: CaseFilters }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const saved = useQuery({
    queryKey: SAVED_FILTERS_KEY,
    queryFn: async () => data(await api.GET('/api/v1/saved-filters')),
  });
  const save = useMutation({
    mutationFn: async (filterName: string) =>
      data(
        await api.POST('/api/v1/saved-filters', {
          body: {
            name: filterName,
            query: filters as Schemas['SaveFilterDto']['query'],
          },
        }),
      ),
    onSuccess: (filter) => {
      setName('');
      setNotice({ ok: true, text: t('queues.saved', { name: filter.name }) });
      void queryClient.invalidateQueries({ queryKey: SAVED_FILTERS_KEY });
    },
    onError: (error) => {
      const body = error instanceof ApiError ? error.body : undefined;
      if (body?.code === 'SAVED_FILTER.NAME_TAKEN') setNameError(t('queues.nameTaken'));
      else if (body?.code === 'SAVED_FILTER.TOO_MANY')
        setNotice({ ok: false, text: t('queues.tooMany') });
      else {
        const onName = body?.details?.fields?.find((field) => field.field === 'name');
        if (onName) setNameError(fieldErrorText(onName, t));
        else
          setNotice({
            ok: false,
            text:
              body?.details?.fields && body.details.fields.length > 0
                ? t('queues.invalidFilters', {
                    problem: body.details.fields.map((field) => fieldErrorText(field, t)).join(' '),
                  })
                : t('queues.saveFailed'),
          });
      }
    },
  });
  const remove = useMutation({
    mutationFn: async (filter: SavedFilter) => {
      const { response, error } = await api.DELETE('/api/v1/saved-filters/{id}', {
        params: { path: { id: filter.id } },
      });
      if (!response.ok && response.status !== 404) throw new ApiError(response.status, error);
      return filter;
    },
    onSuccess: (filter) => {
      setNotice({ ok: true, text: t('queues.deleted', { name: filter.name }) });
      void queryClient.invalidateQueries({ queryKey: SAVED_FILTERS_KEY });
    },
    onError: () => setNotice({ ok: false, text: t('queues.deleteFailed') }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setNameError(null);
    const trimmed = name.trim();
    if (trimmed === '') {
      setNameError(t('validation.required'));
      return;
    }
    save.mutate(trimmed);
  };
  const items = saved.data?.items ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="saved-filters-title">
      <Title order={2} size="h4" id="saved-filters-title">
        {t('queues.savedFilters')}
      </Title>
      {saved.isSuccess && items.length === 0 && <Text size="sm">{t('queues.noSavedFilters')}</Text>}
      {items.length > 0 && (
        <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((filter) => (
            <Group component="li" key={filter.id} justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={casesPath(filter.query)} size="sm">
                {filter.name}
              </Anchor>
              <ActionIcon
                variant="subtle"
                color="red.9"
                aria-label={t('queues.deleteSaved', { name: filter.name })}
                loading={remove.isPending && remove.variables?.id === filter.id}
                onClick={() => {
                  setNotice(null);
                  remove.mutate(filter);
                }}
              >
                <span aria-hidden="true">✕</span>
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <TextInput
            label={t('queues.saveName')}
            value={name}
            maxLength={80}
            error={nameError}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setNameError(null);
            }}
          />
          <Button type="submit" variant="light" loading={save.isPending}>
            {t('queues.save')}
          </Button>
        </Stack>
      </form>
      {notice && (
        <Alert color={notice.ok ? 'green' : 'red'} role={notice.ok ? 'status' : 'alert'} p="xs">
          <Text size="sm">{notice.text}</Text>
        </Alert>
      )}
    </Stack>
  );
}
