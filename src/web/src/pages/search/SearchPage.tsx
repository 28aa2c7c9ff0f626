import {
  Alert,
  Anchor,
  Button,
  Group,
  Radio,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, data, type Schemas } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { useRegionPaths } from '../../api/regions';
import { Section } from '../../components/Section';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatNumber } from '../../format';
import { localeOf } from '../../i18n';
import { useSession } from '../../session/session';
import { maySearchByIdentity } from './roles';

type Mode = 'name' | 'nik' | 'phone';
type Person = Schemas['PersonSearchResultDto'];
type CaseRow = Schemas['CaseQueueRowDto'];

/** What was asked: kept in this screen's memory only, never in the address or the history. */
interface Asked {
  mode: Mode;
  term: string;
  /** A new number per submission: the same words searched again are asked again. */
  attempt: number;
}

const PEOPLE_LIMIT = 50;
const CASES_LIMIT = 20;

async function searchFor(asked: Asked): Promise<{ cases: CaseRow[] | null; people: Person[] }> {
  const criterion =
    asked.mode === 'name'
      ? { q: asked.term }
      : asked.mode === 'nik'
        ? { nik: asked.term.replace(/\s+/g, '') }
        : { phone: asked.term };
  const [cases, people] = await Promise.all([
    // A NIK or phone number is no case number or title: only people are looked through.
    asked.mode === 'name'
      ? api
          .GET('/api/v1/cases', {
            params: { query: { q: asked.term, sort: 'priority', limit: CASES_LIMIT } },
          })
          .then(data)
      : null,
    api
      .GET('/api/v1/search/people', {
        params: { query: { ...criterion, limit: PEOPLE_LIMIT } },
      })
      .then(data),
  ]);
  return { cases: cases?.items ?? null, people: people.items };
}

/**
 * One search box for cases (number, title) and people (victims, family members, recruiters) by
 * a name written any usual way, or by exact NIK or phone for the roles the API lets search by
 * identity. The words searched are personal data: they live in this screen's state alone, so
 * neither the address bar, the history nor a bookmark keeps them.
 */
export function SearchPage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const byIdentity = maySearchByIdentity(session?.user.role);
  const [mode, setMode] = useState<Mode>('name');
  const [term, setTerm] = useState('');
  const [termError, setTermError] = useState<string | null>(null);
  const [asked, setAsked] = useState<Asked | null>(null);

  const results = useQuery({
    queryKey: ['search', asked],
    queryFn: () => searchFor(asked!),
    enabled: asked !== null,
    // Forgotten as soon as the screen is left: names found stay in no cache.
    gcTime: 0,
    retry: false,
  });
  const apiFields = results.error instanceof ApiError ? results.error.body?.details?.fields : [];
  const shownError =
    termError ?? (apiFields && apiFields.length > 0 ? fieldErrorText(apiFields[0], t) : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cleaned = term.trim();
    if (cleaned.length < 2) {
      setTermError(mode === 'name' ? t('search.tooShort') : t('validation.required'));
      return;
    }
    setTermError(null);
    setAsked((previous) => ({ mode, term: cleaned, attempt: (previous?.attempt ?? 0) + 1 }));
  };
  const termLabel =
    mode === 'nik'
      ? t('search.termNik')
      : mode === 'phone'
        ? t('search.termPhone')
        : t('search.termName');

  return (
    <Stack gap="md">
      <Title order={1}>{t('search.title')}</Title>
      <form role="search" aria-label={t('search.form')} onSubmit={submit} noValidate>
        <Stack gap="sm" maw={640}>
          {byIdentity && (
            <Radio.Group
              label={t('search.by')}
              value={mode}
              onChange={(value) => {
                setMode(value);
                setTermError(null);
              }}
            >
              <Group gap="md" mt={4}>
                <Radio value="name" label={t('search.byName')} />
                <Radio value="nik" label={t('search.byNik')} />
                <Radio value="phone" label={t('search.byPhone')} />
              </Group>
            </Radio.Group>
          )}
          <TextInput
            label={termLabel}
            description={mode === 'name' ? t('search.hintName') : t('search.hintIdentity')}
            value={term}
            onChange={(event) => setTerm(event.currentTarget.value)}
            error={shownError}
            // The browser would otherwise offer earlier searches (names, NIKs) to whoever sits here next.
            autoComplete="off"
            inputMode={mode === 'nik' ? 'numeric' : mode === 'phone' ? 'tel' : undefined}
            maxLength={200}
          />
          <Text size="sm" c="dimmed">
            {t('search.privacy')}
          </Text>
          <Group>
            <Button type="submit" loading={results.isFetching}>
              {t('search.submit')}
            </Button>
          </Group>
        </Stack>
      </form>

      {results.isFetching && <Loading label={t('search.searching')} />}
      {results.isError && !(apiFields && apiFields.length > 0) && (
        <Alert color="red" role="alert">
          {t('search.failed')}
        </Alert>
      )}
      {results.isSuccess && !results.isFetching && (
        <>
          <Text role="status">
            {results.data.cases === null
              ? t('search.foundPeople', {
                  people: formatNumber(results.data.people.length, i18n.language),
                })
              : t('search.found', {
                  cases: formatNumber(results.data.cases.length, i18n.language),
                  people: formatNumber(results.data.people.length, i18n.language),
                })}
          </Text>
          <CaseResults cases={results.data.cases} />
          <PeopleResults people={results.data.people} />
        </>
      )}
    </Stack>
  );
}

function CaseResults({ cases }: { cases: CaseRow[] | null }) {
  const { t } = useTranslation();
  return (
    <Section title={t('search.cases')}>
      {cases === null ? (
        <Text>{t('search.casesByIdentity')}</Text>
      ) : cases.length === 0 ? (
        <Text>{t('search.casesNone')}</Text>
      ) : (
        <ScrollArea type="auto">
          <Table withTableBorder miw={640}>
            <ColumnHeadings
              labels={[
                t('cases.number'),
                t('cases.caseTitle'),
                t('cases.status'),
                t('cases.priority'),
                t('cases.victims'),
              ]}
            />
            <Table.Tbody>
              {cases.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Th scope="row">
                    <Anchor
                      component={Link}
                      to={`/cases/${row.caseNumber}`}
                      ff="monospace"
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {row.caseNumber}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{row.title}</Table.Td>
                  <Table.Td>{t(`values.caseStatus.${row.status}`)}</Table.Td>
                  <Table.Td>{t(`values.casePriority.${row.priority}`)}</Table.Td>
                  <Table.Td>{row.victimCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Section>
  );
}

function PeopleResults({ people }: { people: Person[] }) {
  const { t, i18n } = useTranslation();
  const regionPath = useRegionPaths(people.map((person) => person.regionCode));
  // Viewers are given no identifiers at all: the column is not there for them.
  const showsNik = people.some((person) => person.nikMasked !== undefined);
  const percent = (score: number) =>
    new Intl.NumberFormat(localeOf(i18n.language), { style: 'percent' }).format(score);
  return (
    <Section title={t('search.people')}>
      {people.length === 0 ? (
        <Text>{t('search.peopleNone')}</Text>
      ) : (
        <ScrollArea type="auto">
          <Table withTableBorder miw={900}>
            <ColumnHeadings
              labels={[
                t('search.name'),
                t('search.kind'),
                t('search.inCases'),
                t('search.why'),
                ...(showsNik ? [t('search.nik')] : []),
                t('search.region'),
              ]}
            />
            <Table.Tbody>
              {people.map((person) => (
                <Table.Tr key={`${person.kind}:${person.id}`}>
                  <Table.Th scope="row">
                    {person.kind === 'perpetrator' ? (
                      <Anchor
                        component={Link}
                        to={`/perpetrators/${person.id}`}
                        aria-label={t('search.openRecruiter', { name: person.fullName })}
                      >
                        {person.fullName}
                      </Anchor>
                    ) : (
                      person.fullName
                    )}
                    {person.aliases.length > 0 && (
                      <Text size="sm" fw={400}>
                        {t('search.aliases', { names: person.aliases.join(', ') })}
                      </Text>
                    )}
                    {person.possibleDuplicates > 0 && person.cases[0] && (
                      <Anchor
                        component={Link}
                        to={`/cases/${person.cases[0].caseNumber}`}
                        size="sm"
                        fw={600}
                        c="red.9"
                        display="block"
                      >
                        {t('search.possibleDuplicates', { count: person.possibleDuplicates })}
                      </Anchor>
                    )}
                  </Table.Th>
                  <Table.Td>
                    <Text>{t(`values.personKind.${person.kind}`)}</Text>
                    {person.kind === 'family_member' && person.relation && (
                      <Text size="sm">
                        {t('search.familyOf', {
                          relation: t(`values.familyRelation.${person.relation}`, {
                            defaultValue: person.relation,
                          }).toLowerCase(),
                        })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      {person.cases.map((ref) => (
                        <Anchor
                          key={ref.id}
                          component={Link}
                          to={`/cases/${ref.caseNumber}`}
                          ff="monospace"
                          style={{ whiteSpace: 'nowrap' }}
                        >
                          {ref.caseNumber}
                        </Anchor>
                      ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {person.matchedBy === 'name'
                      ? t('search.matchScore', {
                          label: t('values.personMatch.name'),
                          percent: percent(person.score),
                        })
                      : t(`values.personMatch.${person.matchedBy}`)}
                  </Table.Td>
                  {showsNik && (
                    <Table.Td ff={person.nikMasked ? 'monospace' : undefined}>
                      {person.nikMasked ?? '—'}
                    </Table.Td>
                  )}
                  <Table.Td>
                    {person.regionCode ? regionPath(person.regionCode) : t('caseView.notRecorded')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Section>
  );
}
