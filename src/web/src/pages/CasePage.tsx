import { caseQuery } from '../api/queries';
import { Alert, Anchor, Badge, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Fact, Section } from '../components/Section';
import { ColumnHeadings, Loading } from '../components/TableParts';
import { ReferralsSection } from './case/ReferralsSection';
import { CaseTransfer } from './case/CaseTransfer';
import { StatusChange } from './case/StatusChange';
import { TasksSection } from './case/TasksSection';
import { TimelineSection } from './case/TimelineSection';
import { VictimsSection } from './case/VictimsSection';
import { DocumentsSection } from './case/DocumentsSection';
import { Link, useParams } from 'react-router';
import { api, ApiError, data, type Schemas } from '../api/client';
import { formatDate, countryName } from '../format';

type CaseRecord = Schemas['CaseResponseDto'];

/** A case as its agency's staff read it: the overview, victims (identity masked), recruiters, referrals. */
export function CasePage() {
  const { t, i18n } = useTranslation();
  const { caseRef = '' } = useParams();
  const language = i18n.language;
  const record = useQuery(caseQuery(caseRef));
  const originCodes = [
    ...new Set(
      (record.data?.victims ?? []).flatMap((victim) =>
        victim.originRegionCode ? [victim.originRegionCode] : [],
      ),
    ),
  ].sort();
  const regions = useQuery({
    queryKey: ['regions', originCodes],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/regions', {
          params: { query: { codes: originCodes, limit: 100, offset: 0 } },
        }),
      ),
    enabled: originCodes.length > 0,
    staleTime: Infinity,
  });
  if (record.isPending) return <Loading label={t('caseView.loading')} />;
  if (record.isError)
    return (
      <Stack>
        <Alert color="red" role="alert">
          {record.error instanceof ApiError && record.error.status === 404
            ? t('caseView.notFound')
            : t('caseView.loadFailed')}
        </Alert>
        <Anchor component={Link} to="/cases">
          {t('caseView.back')}
        </Anchor>
      </Stack>
    );

  const item: CaseRecord = record.data;
  const regionPath = (code: string | null) =>
    code ? (regions.data?.items.find((region) => region.code === code)?.fullPath ?? code) : null;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/cases">
        {t('caseView.back')}
      </Anchor>
      <Stack gap={4}>
        <Text ff="monospace">{item.caseNumber}</Text>
        <Title order={1}>{item.title}</Title>
        <Group gap="xs">
          <Badge variant="filled" tt="none" color="blue.9">
            {t(`values.caseStatus.${item.status}`)}
          </Badge>
          <Badge variant="outline" tt="none" color="dark">
            {t('caseView.priority')}: {t(`values.casePriority.${item.priority}`)}
          </Badge>
        </Group>
        <StatusChange record={item} />
        {item.yourActions.transfer && <CaseTransfer record={item} />}
      </Stack>

      <Section title={t('caseView.overview')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} component="dl" m={0}>
          <Fact label={t('caseView.incidentType')}>
            {t(`values.incidentType.${item.incidentType}`)}
          </Fact>
          <Fact label={t('caseView.source')}>{t(`values.source.${item.source}`)}</Fact>
          <Fact label={t('caseView.reportedDate')}>{formatDate(item.reportedDate, language)}</Fact>
          <Fact label={t('caseView.incidentDate')}>
            {item.incidentDate && formatDate(item.incidentDate, language)}
          </Fact>
          <Fact label={t('caseView.exploitationCountry')}>
            {item.exploitationCountry && countryName(item.exploitationCountry, language)}
          </Fact>
          <Fact label={t('caseView.exploitationCity')}>{item.exploitationCity}</Fact>
          <Fact label={t('caseView.exploitationTypes')}>
            {item.exploitationTypes.map((type) => t(`values.exploitationType.${type}`)).join(', ')}
          </Fact>
          <Fact label={t('caseView.transitCountries')}>
            {item.transitCountries.map((code) => countryName(code, language)).join(', ')}
          </Fact>
          <Fact label={t('caseView.priority')}>
            {t(`values.casePriority.${item.priority}`)}
            {item.priority !== item.suggestedPriority && (
              <Text size="sm" component="span" display="block">
                {t('caseView.suggestedPriority', {
                  priority: t(`values.casePriority.${item.suggestedPriority}`),
                })}
                {item.priorityOverrideReason &&
                  ` · ${t('caseView.overrideReason', { reason: item.priorityOverrideReason })}`}
              </Text>
            )}
          </Fact>
        </SimpleGrid>
        <Title order={3} size="h4">
          {t('caseView.summary')}
        </Title>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{item.summary}</Text>
      </Section>

      <VictimsSection
        victims={item.victims}
        regionPath={regionPath}
        canRevealIdentity={item.yourActions.revealIdentity}
        canEdit={item.yourActions.edit}
        caseRef={caseRef}
      />

      <Section title={t('caseView.recruiters')}>
        {item.perpetrators.length === 0 ? (
          <Text>{t('caseView.none')}</Text>
        ) : (
          <Table withTableBorder>
            <ColumnHeadings
              labels={[
                t('caseView.name'),
                t('caseView.aliases'),
                t('caseView.relationship'),
                t('caseView.role'),
              ]}
            />
            <Table.Tbody>
              {item.perpetrators.map((perpetrator) => (
                <Table.Tr key={perpetrator.perpetratorId}>
                  <Table.Th scope="row">
                    <Anchor component={Link} to={`/perpetrators/${perpetrator.perpetratorId}`}>
                      {perpetrator.fullName}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{perpetrator.aliases.join(', ') || t('caseView.notRecorded')}</Table.Td>
                  <Table.Td>
                    {perpetrator.relationshipToVictims
                      ? t(`values.relationship.${perpetrator.relationshipToVictims}`)
                      : t('caseView.notRecorded')}
                  </Table.Td>
                  <Table.Td>{perpetrator.roleInCase ?? t('caseView.notRecorded')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>

      <ReferralsSection caseRef={caseRef} />
      <DocumentsSection caseRef={caseRef} victims={item.victims} />
      <TasksSection caseRef={caseRef} canWrite={item.yourActions.edit} />
      <TimelineSection caseRef={caseRef} canWrite={item.yourActions.edit} />
    </Stack>
  );
}
