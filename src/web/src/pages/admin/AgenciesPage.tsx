import { useOptions } from '../../components/options';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { RegionPicker } from '../../components/RegionPicker';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { countryName } from '../../format';
import { ConfirmDialog, LoadFailed, problemText, showRefusal } from './admin-shared';

type Agency = Schemas['AgencyResponseDto'];
type AgencyInput = Schemas['CreateAgencyDto'];

const PAGE_SIZE = 50;
/** Levels whose agency serves a region of Indonesia (national and abroad ones do not). */
const REGIONAL_LEVELS = new Set(['province', 'regency', 'village']);
/** Indonesia's zones first, by the names people use; any other IANA zone can be typed. */
const INDONESIAN_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];

interface AgencyForm {
  name: string;
  shortName: string;
  type: Agency['type'] | null;
  level: Agency['level'] | null;
  regionCode: string | null;
  countryCode: string | null;
  contactEmails: string;
  webhookUrl: string;
  escalationContactName: string;
  escalationContactEmail: string;
  timeZone: string | null;
  preferredLanguage: Agency['preferredLanguage'];
  casePrefix: string;
  active: boolean;
}

/** Full Kemendagri paths of the codes a screen shows, in one request. */
function useRegionPaths(codes: string[]) {
  const unique = [...new Set(codes)].sort().slice(0, 100);
  const regions = useQuery({
    queryKey: ['regions', 'codes', unique],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/regions', {
          params: { query: { codes: unique, limit: 100, offset: 0 } },
        }),
      ),
    enabled: unique.length > 0,
    staleTime: Infinity,
  });
  return new Map((regions.data?.items ?? []).map((region) => [region.code, region.fullPath]));
}

/** The agency directory: who cases are referred to, and how they are reached. */
export function AgenciesPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Agency | null>(null);
  const [keyOf, setKeyOf] = useState<Agency | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const agencies = useInfiniteQuery({
    queryKey: ['admin', 'agencies', q],
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET('/api/v1/agencies', {
          params: { query: { limit: PAGE_SIZE, offset: pageParam, ...(q ? { q } : {}) } },
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (page) => {
      const next = (page.offset ?? 0) + page.items.length;
      return page.total !== null && next < page.total ? next : undefined;
    },
  });
  const rows = agencies.data?.pages.flatMap((page) => page.items) ?? [];
  const paths = useRegionPaths(rows.flatMap((agency) => agency.regionCode ?? []));
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['admin', 'agencies'] });
    await queryClient.invalidateQueries({ queryKey: ['agencies'] });
    await queryClient.invalidateQueries({ queryKey: ['agency'] });
  };
  const remove = useMutation({
    mutationFn: async (agency: Agency) => {
      const { response, error } = await api.DELETE('/api/v1/agencies/{id}', {
        params: { path: { id: agency.id } },
      });
      if (!response.ok) data({ error, response });
      return agency;
    },
    onSuccess: (agency) => {
      setDeleting(null);
      setNotice(t('admin.agencies.deleted', { name: agency.shortName }));
      void refresh();
    },
  });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>{t('admin.agencies.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('admin.agencies.create')}</Button>
      </Group>
      <TextInput
        label={t('admin.agencies.search')}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        maw={400}
      />
      {notice && (
        <Alert
          color="green"
          role="status"
          withCloseButton
          closeButtonLabel={t('admin.close')}
          onClose={() => setNotice(null)}
        >
          {notice}
        </Alert>
      )}
      {agencies.isPending && <Loading label={t('admin.loading')} />}
      {agencies.isError && <LoadFailed onRetry={() => void agencies.refetch()} />}
      {agencies.isSuccess && rows.length === 0 && <Text>{t('admin.agencies.empty')}</Text>}
      {rows.length > 0 && (
        <ScrollArea type="auto">
          <Table striped withTableBorder miw={1000} captionSide="top">
            <Table.Caption>{t('admin.agencies.caption')}</Table.Caption>
            <ColumnHeadings
              labels={[
                t('admin.agencies.shortName'),
                t('admin.agencies.type'),
                t('admin.agencies.level'),
                t('admin.agencies.place'),
                t('admin.agencies.timeZone'),
                t('admin.agencies.state'),
                t('admin.actions'),
              ]}
            />
            <Table.Tbody>
              {rows.map((agency) => (
                <Table.Tr key={agency.id}>
                  <Table.Td>
                    <Text fw={700} size="sm">
                      {agency.shortName}
                    </Text>
                    <Text size="sm">{agency.name}</Text>
                  </Table.Td>
                  <Table.Td>{t(`values.agencyType.${agency.type}`)}</Table.Td>
                  <Table.Td>{t(`values.agencyLevel.${agency.level}`)}</Table.Td>
                  <Table.Td>
                    {agency.regionCode
                      ? (paths.get(agency.regionCode) ?? agency.regionCode)
                      : agency.countryCode
                        ? countryName(agency.countryCode, i18n.language)
                        : t('admin.none')}
                  </Table.Td>
                  <Table.Td>{agency.timeZone}</Table.Td>
                  <Table.Td>
                    <Badge color={agency.active ? 'teal.9' : 'gray.8'} variant="filled" tt="none">
                      {agency.active ? t('admin.agencies.active') : t('admin.agencies.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('admin.agencies.editOne', { name: agency.shortName })}
                        onClick={() => setEditing(agency)}
                      >
                        {t('admin.edit')}
                      </Button>
                      {agency.webhookUrl && (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('admin.agencies.keyOne', { name: agency.shortName })}
                          onClick={() => setKeyOf(agency)}
                        >
                          {t('admin.agencies.key')}
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('admin.agencies.deleteOne', { name: agency.shortName })}
                        onClick={() => {
                          remove.reset();
                          setDeleting(agency);
                        }}
                      >
                        {t('admin.delete')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {agencies.hasNextPage && (
        <Group justify="flex-end">
          <Button
            onClick={() => void agencies.fetchNextPage()}
            loading={agencies.isFetchingNextPage}
          >
            {t('cases.loadMore')}
          </Button>
        </Group>
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('admin.agencies.deleteTitle')}
        body={t('admin.agencies.deleteBody', { name: deleting?.shortName ?? '' })}
        confirmLabel={t('admin.delete')}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
        busy={remove.isPending}
        problem={remove.isError ? problemText(remove.error, t) : null}
      />
      <Modal
        closeButtonProps={{ 'aria-label': t('admin.close') }}
        opened={editing !== null}
        onClose={() => {
          setEditing(null);
          // Someone else's change may have refused this one: the list shows it when reopened.
          void refresh();
        }}
        title={editing === 'new' ? t('admin.agencies.create') : t('admin.agencies.edit')}
        size="xl"
      >
        {editing !== null && (
          <AgencyFormBody
            agency={editing === 'new' ? null : editing}
            regionPath={
              editing !== 'new' && editing.regionCode ? paths.get(editing.regionCode) : undefined
            }
            onSaved={(saved, created) => {
              setEditing(null);
              setNotice(
                t(created ? 'admin.agencies.created' : 'admin.agencies.saved', {
                  name: saved.shortName,
                }),
              );
              void refresh();
            }}
          />
        )}
      </Modal>
      <Modal
        closeButtonProps={{ 'aria-label': t('admin.close') }}
        opened={keyOf !== null}
        onClose={() => setKeyOf(null)}
        title={t('admin.agencies.keyTitle', { name: keyOf?.shortName ?? '' })}
        size="lg"
      >
        {keyOf && <WebhookKey agency={keyOf} />}
      </Modal>
    </Stack>
  );
}

/**
 * The key an agency checks our webhook signatures with: shown only when asked for (each read is
 * audited), and replaced at once when one has leaked.
 */
function WebhookKey({ agency }: { agency: Agency }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const key = useMutation({
    mutationFn: async (action: 'show' | 'rotate') => {
      const path = { params: { path: { id: agency.id } } };
      return action === 'show'
        ? data(await api.GET('/api/v1/agencies/{id}/webhook-secret', path))
        : data(await api.POST('/api/v1/agencies/{id}/webhook-secret', path));
    },
    onSettled: () => setConfirming(false),
  });
  return (
    <Stack>
      <Text>{t('admin.agencies.keyExplained')}</Text>
      {key.isError && (
        <Alert color="red" role="alert">
          {problemText(key.error, t)}
        </Alert>
      )}
      {key.data && (
        <Stack gap="xs" role="status">
          <Text fw={700}>{t('admin.agencies.keyVersion', { version: key.data.version })}</Text>
          <Text size="sm" id="agency-webhook-key-label">
            {t('admin.agencies.keyLabel')}
          </Text>
          {/* A figure, not a bare <pre>: only a role that may be named can carry the key's label. */}
          <Code block role="figure" aria-labelledby="agency-webhook-key-label">
            {key.data.secret}
          </Code>
          <Text size="sm">{t('admin.agencies.keyOnce')}</Text>
          <Group>
            <CopyButton value={key.data.secret}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? t('admin.agencies.copied') : t('admin.agencies.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      )}
      {confirming ? (
        <Alert color="orange" title={t('admin.agencies.rotateTitle')}>
          <Stack>
            <Text>{t('admin.agencies.rotateBody')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('admin.cancel')}
              </Button>
              <Button color="red.9" loading={key.isPending} onClick={() => key.mutate('rotate')}>
                {t('admin.agencies.rotate')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <Group justify="flex-end">
          <Button
            variant="default"
            loading={key.isPending && key.variables === 'show'}
            onClick={() => key.mutate('show')}
          >
            {t('admin.agencies.showKey')}
          </Button>
          <Button variant="default" onClick={() => setConfirming(true)}>
            {t('admin.agencies.rotate')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function zoneOptions(current: string | null): string[] {
  const all = Intl.supportedValuesOf('timeZone');
  const rest = all.filter((zone) => !INDONESIAN_ZONES.includes(zone));
  const options = [...INDONESIAN_ZONES, ...rest];
  return current && !options.includes(current) ? [current, ...options] : options;
}

const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

function AgencyFormBody({
  agency,
  regionPath,
  onSaved,
}: {
  agency: Agency | null;
  regionPath: string | undefined;
  onSaved: (agency: Agency, created: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const valueOptions = useOptions();
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const countries = useQuery({
    queryKey: ['countries'],
    queryFn: async () => data(await api.GET('/api/v1/countries')),
    staleTime: Infinity,
  });
  const required = (value: string | null) =>
    value === null || value.trim() === '' ? t('validation.required') : null;
  const form = useForm<AgencyForm>({
    mode: 'controlled',
    initialValues: {
      name: agency?.name ?? '',
      shortName: agency?.shortName ?? '',
      type: agency?.type ?? null,
      level: agency?.level ?? null,
      regionCode: agency?.regionCode ?? null,
      countryCode: agency?.countryCode ?? null,
      contactEmails: agency?.contactEmails.join(', ') ?? '',
      webhookUrl: agency?.webhookUrl ?? '',
      escalationContactName: agency?.escalationContactName ?? '',
      escalationContactEmail: agency?.escalationContactEmail ?? '',
      timeZone: agency?.timeZone ?? 'Asia/Jakarta',
      preferredLanguage: agency?.preferredLanguage ?? 'id',
      casePrefix: agency?.casePrefix ?? '',
      active: agency?.active ?? true,
    },
    validate: { name: required, shortName: required, type: required, level: required },
  });
  const level = form.values.level;
  const regional = level !== null && REGIONAL_LEVELS.has(level);
  const abroad = level === 'abroad';

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setSaving(true);
    const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
    const body: AgencyInput = {
      name: values.name.trim(),
      shortName: values.shortName.trim(),
      type: values.type!,
      level: values.level!,
      // Only the place the level asks for: a region in Indonesia, or a country abroad.
      regionCode: regional ? values.regionCode : null,
      countryCode: abroad ? values.countryCode : null,
      contactEmails: values.contactEmails
        .split(/[,;\s]+/)
        .map((email) => email.trim())
        .filter((email) => email !== ''),
      webhookUrl: orNull(values.webhookUrl),
      escalationContactName: orNull(values.escalationContactName),
      escalationContactEmail: orNull(values.escalationContactEmail),
      ...(values.timeZone ? { timeZone: values.timeZone } : {}),
      preferredLanguage: values.preferredLanguage,
      casePrefix: orNull(values.casePrefix.toUpperCase()),
      active: values.active,
    };
    try {
      const result = agency
        ? await api.PATCH('/api/v1/agencies/{id}', {
            params: { path: { id: agency.id } },
            body: { ...body, version: agency.version },
          })
        : await api.POST('/api/v1/agencies', { body });
      if (result.data) onSaved(result.data, agency === null);
      else
        setProblem(
          showRefusal(
            result,
            // One input holds every contact email: `contactEmails.1` is said on it.
            (path, error) => form.setFieldError(path.split('.')[0], error),
            t,
            { 'AGENCY.SHORT_NAME_TAKEN': 'shortName' },
          ),
        );
    } catch {
      setProblem(t('admin.errors.unreachable'));
    } finally {
      setSaving(false);
    }
  });

  const countryOptions = (countries.data?.items ?? [])
    .map((country) => ({ value: country.code, label: countryName(country.code, i18n.language) }))
    .sort((a, b) => a.label.localeCompare(b.label, i18n.language));
  const zones = zoneOptions(form.values.timeZone).map((zone) => ({
    value: zone,
    label: ZONE_NAMES[zone] ? `${zone} (${ZONE_NAMES[zone]})` : zone,
  }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <TextInput
          label={t('admin.agencies.name')}
          required
          autoComplete="off"
          {...form.getInputProps('name')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('admin.agencies.shortName')}
            description={t('admin.agencies.shortNameHint')}
            required
            autoComplete="off"
            {...form.getInputProps('shortName')}
          />
          <TextInput
            label={t('admin.agencies.casePrefix')}
            description={t('admin.agencies.casePrefixHint')}
            autoComplete="off"
            {...form.getInputProps('casePrefix')}
          />
          <Select
            label={t('admin.agencies.type')}
            placeholder={t('intake.choose')}
            required
            data={valueOptions('agencyType')}
            {...form.getInputProps('type')}
          />
          <Select
            label={t('admin.agencies.level')}
            placeholder={t('intake.choose')}
            required
            data={valueOptions('agencyLevel')}
            {...form.getInputProps('level')}
          />
        </SimpleGrid>
        {regional && (
          <RegionPicker
            label={t('admin.agencies.region')}
            value={form.values.regionCode}
            initialPath={regionPath}
            onChange={(code) => form.setFieldValue('regionCode', code)}
            error={form.errors.regionCode}
          />
        )}
        {abroad && (
          <Select
            label={t('admin.agencies.country')}
            placeholder={t('intake.chooseCountry')}
            searchable
            required
            data={countryOptions}
            {...form.getInputProps('countryCode')}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('admin.agencies.timeZone')}
            description={t('admin.agencies.timeZoneHint')}
            searchable
            data={zones}
            {...form.getInputProps('timeZone')}
          />
          <Select
            label={t('admin.agencies.language')}
            description={t('admin.agencies.languageHint')}
            data={valueOptions('messageLanguage')}
            allowDeselect={false}
            {...form.getInputProps('preferredLanguage')}
          />
        </SimpleGrid>
        <TextInput
          label={t('admin.agencies.contactEmails')}
          description={t('admin.agencies.contactEmailsHint')}
          autoComplete="off"
          {...form.getInputProps('contactEmails')}
        />
        <TextInput
          label={t('admin.agencies.webhookUrl')}
          description={t('admin.agencies.webhookUrlHint')}
          type="url"
          autoComplete="off"
          {...form.getInputProps('webhookUrl')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('admin.agencies.escalationName')}
            autoComplete="off"
            {...form.getInputProps('escalationContactName')}
          />
          <TextInput
            label={t('admin.agencies.escalationEmail')}
            description={t('admin.agencies.escalationHint')}
            type="email"
            autoComplete="off"
            {...form.getInputProps('escalationContactEmail')}
          />
        </SimpleGrid>
        <Checkbox
          label={t('admin.agencies.activeLabel')}
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            {agency ? t('admin.save') : t('admin.agencies.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
