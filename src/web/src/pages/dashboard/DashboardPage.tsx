import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, type Schemas } from '../../api/client';
import { fileNameFromDisposition, saveBlob } from '../../api/documents';
import { Section } from '../../components/Section';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { countryName, formatDate, formatNumber } from '../../format';
import { localeOf } from '../../i18n';
import { useSession } from '../../session/session';
import { AgencyPicker } from '../admin/admin-shared';
import { CountFigure, type CountRow } from './CountFigure';
import {
  type Filters,
  filtersOf,
  paramsOf,
  queuesQuery,
  rangeChosen,
  type ReportQuery,
  reportQuery,
  summaryQuery,
} from './dashboard-queries';
import { readsReports } from './report-readers';

type Summary = Schemas['SummaryDto'];
type Count = Schemas['SummaryCountDto'];
type ServiceLevel = Schemas['ReferralServiceLevelDto'];
type QueueSummary = Schemas['QueueSummaryDto'];

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The range lives in the address (it is no personal data): a dashboard can be bookmarked and
 * shared, and going back returns to the previous range. An address without one gets the default.
 */
function useFilters(): [Filters, (next: Filters) => void] {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const chosen = rangeChosen(params);
  useEffect(() => {
    if (!chosen) setParams(paramsOf(filtersOf(params)), { replace: true });
  }, [chosen, params, setParams]);
  return [filters, (next) => setParams(paramsOf(next))];
}

/** Where each named queue is worked: case queues in the case list, the others on their screens. */
function queueAddress(name: QueueSummary['name']): string {
  if (name === 'incoming_referrals') return '/referrals/incoming';
  if (name === 'incoming_transfers') return '/transfers';
  return `/cases?queue=${name}`;
}

/**
 * The supervisor's dashboard: the queues that need someone now, overdue referrals by receiving
 * agency, and the counts of the agency's cases recorded in a range (by month, origin province,
 * country and type of exploitation; partner agencies' service levels), each chart with its
 * numbers as a table; and the same figures as CSV. The queues' counts and the summary's case
 * counts are asked together, the summary's costlier parts after them; each is shown as it comes.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (!readsReports(session?.user.role))
    return (
      <Stack>
        <Title order={1}>{t('dashboard.noAccess.title')}</Title>
        <Text>{t('dashboard.noAccess.body')}</Text>
        <Anchor component={Link} to="/cases">
          {t('app.backHome')}
        </Anchor>
      </Stack>
    );
  return <Dashboard isAdmin={session?.user.role === 'admin'} />;
}

function Dashboard({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useFilters();
  const query = reportQuery(filters, isAdmin);
  const cases = useQuery(summaryQuery(query, 'cases'));
  // The costlier parts once the case counts are in (shown, or failed): see dashboard-queries.
  const casesSettled = !cases.isPending;
  const origins = useQuery({ ...summaryQuery(query, 'origins'), enabled: casesSettled });
  const serviceLevels = useQuery({
    ...summaryQuery(query, 'serviceLevels'),
    enabled: casesSettled && !origins.isPending,
  });
  return (
    <Stack gap="lg">
      <Title order={1}>{t('dashboard.title')}</Title>
      <QueueTiles />
      {/* Back and forward change the address: the form starts again from it. */}
      <FilterForm
        key={`${filters.from}|${filters.to}|${filters.agency}`}
        filters={filters}
        isAdmin={isAdmin}
        onApply={setFilters}
      />
      <RangeSaid filters={filters} />
      <SummaryProblem parts={[cases, origins, serviceLevels]} />
      <SummaryPart part={cases}>{(summary) => <CaseFigures summary={summary} />}</SummaryPart>
      <SummaryPart part={serviceLevels}>
        {(summary) => <OverdueByAgency levels={summary.referralServiceLevels ?? []} />}
      </SummaryPart>
      <SummaryPart part={origins}>{(summary) => <OriginFigure summary={summary} />}</SummaryPart>
      <SummaryPart part={serviceLevels}>
        {(summary) => <ServiceLevels levels={summary.referralServiceLevels ?? []} />}
      </SummaryPart>
      <Exports query={query} />
    </Stack>
  );
}

/** One part of the summary: said while it loads, shown once come (a failure is said above). */
function SummaryPart({
  part,
  children,
}: {
  part: UseQueryResult<Summary>;
  children: (summary: Summary) => ReactNode;
}) {
  const { t } = useTranslation();
  if (part.isPending) return <Loading label={t('dashboard.loading')} />;
  return part.isSuccess ? children(part.data) : null;
}

/** The parts fail together, mostly (a refusal, the service away): said once, retried together. */
function SummaryProblem({ parts }: { parts: Array<UseQueryResult<Summary>> }) {
  const { t } = useTranslation();
  const failed = parts.filter((part) => part.isError);
  if (failed.length === 0) return null;
  return (
    <Alert color="red" role="alert">
      <Group justify="space-between">
        <Text>{summaryProblem(failed[0].error, t)}</Text>
        <Button
          size="xs"
          variant="white"
          onClick={() => failed.forEach((part) => void part.refetch())}
        >
          {t('dashboard.retry')}
        </Button>
      </Group>
    </Alert>
  );
}

function summaryProblem(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && error.status === 403) return t('dashboard.refused');
  if (error instanceof ApiError && error.status === 400) return t('dashboard.invalid');
  return t('dashboard.loadFailed');
}

/** The caller's named queues as tiles, each leading to the queue. */
function QueueTiles() {
  const { t, i18n } = useTranslation();
  const queues = useQuery(queuesQuery());
  const items = queues.data?.items ?? [];
  return (
    <Section title={t('dashboard.now.title')}>
      {queues.isPending && <Loading label={t('dashboard.now.loading')} />}
      {queues.isError && (
        <Alert color="red" role="alert">
          <Group justify="space-between">
            <Text>{t('dashboard.loadFailed')}</Text>
            <Button size="xs" variant="white" onClick={() => void queues.refetch()}>
              {t('dashboard.retry')}
            </Button>
          </Group>
        </Alert>
      )}
      {items.length > 0 && (
        <SimpleGrid
          cols={{ base: 1, xs: 2, md: 4 }}
          component="ul"
          spacing="sm"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {items.map((queue) => {
            const count = formatNumber(queue.count, i18n.language);
            return (
              <li key={queue.name}>
                <Paper
                  component={Link}
                  to={queueAddress(queue.name)}
                  withBorder
                  p="sm"
                  radius="md"
                  display="block"
                  style={{ textDecoration: 'none', color: 'inherit' }}
                >
                  <Text fz={28} fw={700} lh={1.2}>
                    {queue.more ? t('dashboard.now.more', { count }) : count}
                  </Text>
                  <Text size="sm">{i18n.language === 'en' ? queue.labelEn : queue.labelId}</Text>
                </Paper>
              </li>
            );
          })}
        </SimpleGrid>
      )}
    </Section>
  );
}

function FilterForm({
  filters,
  isAdmin,
  onApply,
}: {
  filters: Filters;
  isAdmin: boolean;
  onApply: (next: Filters) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(filters);
  const [error, setError] = useState<{ from?: string; to?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: { from?: string; to?: string } = {};
    if (draft.from && !CALENDAR_DATE.test(draft.from))
      problems.from = t('dashboard.filters.invalidDate');
    if (draft.to && !CALENDAR_DATE.test(draft.to)) problems.to = t('dashboard.filters.invalidDate');
    if (!problems.from && !problems.to && draft.from && draft.to && draft.from > draft.to)
      problems.to = t('dashboard.filters.toBeforeFrom');
    setError(problems);
    if (!problems.from && !problems.to) onApply(draft);
  };
  return (
    <Section title={t('dashboard.filters.title')}>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" gap="md">
          <TextInput
            type="date"
            label={t('dashboard.filters.from')}
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
            error={error.from}
          />
          <TextInput
            type="date"
            label={t('dashboard.filters.to')}
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
            error={error.to}
          />
          {isAdmin && (
            <AgencyPicker
              label={t('dashboard.filters.agency')}
              value={draft.agency || null}
              onChange={(id) => setDraft({ ...draft, agency: id ?? '' })}
              clearable
            />
          )}
          <Button type="submit" mt={25}>
            {t('dashboard.filters.apply')}
          </Button>
        </Group>
        <Text size="sm" mt="xs">
          {t('dashboard.filters.dateHint')}
        </Text>
      </form>
    </Section>
  );
}

/** What range the figures below count, in words, announced when it changes. */
function RangeSaid({ filters }: { filters: Filters }) {
  const { t, i18n } = useTranslation();
  const day = (date: string) => (CALENDAR_DATE.test(date) ? formatDate(date, i18n.language) : date);
  const range =
    filters.from && filters.to
      ? t('dashboard.filters.rangeBoth', { from: day(filters.from), to: day(filters.to) })
      : filters.from
        ? t('dashboard.filters.rangeFrom', { from: day(filters.from) })
        : filters.to
          ? t('dashboard.filters.rangeTo', { to: day(filters.to) })
          : t('dashboard.filters.rangeAll');
  return (
    <Text fw={700} aria-live="polite">
      {t('dashboard.filters.showing', { range })}
    </Text>
  );
}

/** A breakdown's groups with their names in the reader's language, never a bare code. */
function rowsOf(counts: Count[] | undefined, name: (count: Count) => string): CountRow[] {
  return (counts ?? []).map((count) => ({
    key: count.code ?? '~',
    label: name(count),
    cases: count.cases,
    victims: count.victims,
  }));
}

function useMonthName(): Intl.DateTimeFormat {
  const { i18n } = useTranslation();
  return useMemo(
    () =>
      new Intl.DateTimeFormat(localeOf(i18n.language), {
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    [i18n.language],
  );
}

/** The totals and the breakdowns the case rows give: month, country and type of exploitation. */
function CaseFigures({ summary }: { summary: Summary }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const notRecorded = t('dashboard.notRecorded');
  const monthName = useMonthName();
  const months = rowsOf(summary.month, (count) =>
    count.code ? monthName.format(new Date(`${count.code}-01T00:00:00Z`)) : notRecorded,
  );
  const countries = rowsOf(summary.exploitationCountry, (count) =>
    count.code ? countryName(count.code, language) : notRecorded,
  );
  const types = rowsOf(summary.exploitationType, (count) =>
    count.code
      ? t(`values.exploitationType.${count.code}`, { defaultValue: count.labelEn })
      : notRecorded,
  );
  return (
    <Stack gap="lg">
      <Group gap="xl" role="group" aria-label={t('dashboard.totals.title')}>
        <Total label={t('dashboard.totals.cases')} value={summary.totals.cases} />
        <Total label={t('dashboard.totals.victims')} value={summary.totals.victims} />
      </Group>
      <CountFigure
        title={t('dashboard.month.title')}
        column={t('dashboard.month.column')}
        rows={months}
        kind="monthly"
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <CountFigure
          title={t('dashboard.country.title')}
          column={t('dashboard.country.column')}
          rows={countries}
          kind="ranked"
        />
        <CountFigure
          title={t('dashboard.exploitationType.title')}
          column={t('dashboard.exploitationType.column')}
          rows={types}
          kind="ranked"
          top={13}
          note={t('dashboard.exploitationType.note')}
        />
      </SimpleGrid>
    </Stack>
  );
}

function OriginFigure({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const notRecorded = t('dashboard.notRecorded');
  // Region names are proper names, the same in both languages.
  const provinces = rowsOf(summary.originProvince, (count) =>
    count.code ? count.labelId : notRecorded,
  );
  return (
    <CountFigure
      title={t('dashboard.province.title')}
      column={t('dashboard.province.column')}
      rows={provinces}
      kind="ranked"
      note={t('dashboard.province.note')}
    />
  );
}

function Total({ label, value }: { label: string; value: number }) {
  const { i18n } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" miw={160}>
      <Text size="sm">{label}</Text>
      <Text fz={32} fw={700} lh={1.2}>
        {formatNumber(value, i18n.language)}
      </Text>
    </Paper>
  );
}

interface OverdueRow {
  agencyId: string;
  agencyName: string;
  notAcknowledged: number;
  notCompleted: number;
}

/**
 * Per receiving agency, what is late now: referrals whose acknowledgement deadline passed with
 * no answer (due minus answered, cancelled ones being neither), and open referrals past their
 * completion deadline (due minus completed). The service levels carry both counts.
 */
export function overdueByAgency(levels: ServiceLevel[]): OverdueRow[] {
  const rows = new Map<string, OverdueRow>();
  for (const level of levels) {
    const row = rows.get(level.agencyId) ?? {
      agencyId: level.agencyId,
      agencyName: level.agencyName,
      notAcknowledged: 0,
      notCompleted: 0,
    };
    row.notAcknowledged += level.acknowledgementDue - level.acknowledged;
    row.notCompleted += level.completionDue - level.completed;
    rows.set(level.agencyId, row);
  }
  return [...rows.values()]
    .filter((row) => row.notAcknowledged + row.notCompleted > 0)
    .sort(
      (a, b) =>
        b.notAcknowledged + b.notCompleted - (a.notAcknowledged + a.notCompleted) ||
        a.agencyName.localeCompare(b.agencyName),
    );
}

function OverdueByAgency({ levels }: { levels: ServiceLevel[] }) {
  const { t, i18n } = useTranslation();
  const rows = overdueByAgency(levels);
  const number = (value: number) => formatNumber(value, i18n.language);
  return (
    <Section title={t('dashboard.now.overdueTitle')}>
      {rows.length === 0 ? (
        <Text>{t('dashboard.now.overdueNone')}</Text>
      ) : (
        <Table striped withTableBorder captionSide="top">
          <Table.Caption>{t('dashboard.now.overdueCaption')}</Table.Caption>
          <ColumnHeadings
            labels={[
              t('dashboard.now.agency'),
              t('dashboard.now.notAcknowledged'),
              t('dashboard.now.notCompleted'),
            ]}
            numbersFrom={1}
          />
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.agencyId}>
                <Table.Th scope="row" fw={400}>
                  {row.agencyName}
                </Table.Th>
                <Table.Td ta="right">{number(row.notAcknowledged)}</Table.Td>
                <Table.Td ta="right">{number(row.notCompleted)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function ServiceLevels({ levels }: { levels: ServiceLevel[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const number = (value: number) => formatNumber(value, language);
  const percent = new Intl.NumberFormat(localeOf(language), {
    style: 'percent',
    maximumFractionDigits: 1,
  });
  const days = new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 1 });
  const onTime = (count: number, due: number, share: number | null) =>
    share === null
      ? t('dashboard.serviceLevels.notDue')
      : `${t('dashboard.serviceLevels.ofDue', { count: number(count), due: number(due) })} (${percent.format(share / 100)})`;
  return (
    <Section title={t('dashboard.serviceLevels.title')}>
      {levels.length === 0 ? (
        <Text>{t('dashboard.serviceLevels.none')}</Text>
      ) : (
        <Table striped withTableBorder captionSide="top">
          <Table.Caption>{t('dashboard.serviceLevels.caption')}</Table.Caption>
          <ColumnHeadings
            labels={[
              t('dashboard.serviceLevels.agency'),
              t('dashboard.serviceLevels.service'),
              t('dashboard.serviceLevels.sent'),
              t('dashboard.serviceLevels.acknowledgedOnTime'),
              t('dashboard.serviceLevels.completedOnTime'),
              t('dashboard.serviceLevels.medianDays'),
            ]}
            numbersFrom={2}
          />
          <Table.Tbody>
            {levels.map((level) => (
              <Table.Tr key={`${level.agencyId}:${level.service}`}>
                <Table.Th scope="row" fw={400}>
                  {level.agencyName}
                </Table.Th>
                <Table.Td>
                  {t(`values.referralService.${level.service}`, {
                    defaultValue: language === 'en' ? level.serviceLabelEn : level.serviceLabelId,
                  })}
                </Table.Td>
                <Table.Td ta="right">{number(level.sent)}</Table.Td>
                <Table.Td ta="right">
                  {onTime(
                    level.acknowledgedOnTime,
                    level.acknowledgementDue,
                    level.acknowledgedOnTimePercent,
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {onTime(level.completedOnTime, level.completionDue, level.completedOnTimePercent)}
                </Table.Td>
                <Table.Td ta="right">
                  {level.medianDaysToAcknowledge === null
                    ? t('dashboard.serviceLevels.noAnswer')
                    : days.format(level.medianDaysToAcknowledge)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

/**
 * The figures as files, for the same range: fetched with the session's token (an address with
 * it would stay in history and logs) and handed to the browser to save.
 */
function Exports({ query }: { query: ReportQuery }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const [busy, setBusy] = useState<'summary' | 'cases' | null>(null);
  const [failed, setFailed] = useState(false);
  const download = async (which: 'summary' | 'cases') => {
    setBusy(which);
    setFailed(false);
    try {
      const result =
        which === 'summary'
          ? await api.GET('/api/v1/reports/summary.csv', {
              params: { query: { ...query, lang } },
              parseAs: 'blob',
            })
          : await api.GET('/api/v1/cases/export.csv', {
              params: {
                query: {
                  ...(query.from ? { createdFrom: query.from } : {}),
                  ...(query.to ? { createdTo: query.to } : {}),
                  ...(query.owningAgencyId ? { owningAgencyId: query.owningAgencyId } : {}),
                  sort: 'created',
                  lang,
                },
              },
              parseAs: 'blob',
            });
      if (!result.response.ok || !(result.data instanceof Blob))
        throw new ApiError(result.response.status, undefined);
      saveBlob(
        result.data,
        fileNameFromDisposition(result.response.headers.get('content-disposition')) ??
          `${which}.csv`,
      );
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Section title={t('dashboard.export.title')}>
      <Text size="sm">{t('dashboard.export.hint')}</Text>
      <Group>
        <Button
          variant="default"
          loading={busy === 'summary'}
          onClick={() => void download('summary')}
        >
          {t('dashboard.export.summary')}
        </Button>
        <Button variant="default" loading={busy === 'cases'} onClick={() => void download('cases')}>
          {t('dashboard.export.cases')}
        </Button>
      </Group>
      {failed && (
        <Alert color="red" role="alert">
          {t('dashboard.export.failed')}
        </Alert>
      )}
      <VisuallyHidden aria-live="polite">{busy ? t('app.loading') : ''}</VisuallyHidden>
    </Section>
  );
}
