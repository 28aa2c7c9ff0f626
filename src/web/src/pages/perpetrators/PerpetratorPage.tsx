import { Alert, Anchor, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, data } from '../../api/client';
import { useRegionPaths } from '../../api/regions';
import { Fact, Section } from '../../components/Section';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { useAgencyTimeZone, useSession } from '../../session/session';
import { PerpetratorMerge } from './PerpetratorMerge';
import { PerpetratorNetwork } from './PerpetratorNetwork';
import { perpetratorKey, perpetratorQuery } from './queries';

/**
 * A recruiter's record in the register, their network (drawn, and as tables), and, for the roles
 * the API lets merge, the merge of a duplicate record into this one.
 */
export function PerpetratorPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { session } = useSession();
  const timeZone = useAgencyTimeZone();
  const [depth, setDepth] = useState(2);
  const record = useQuery(perpetratorQuery(id));
  const network = useQuery({
    queryKey: [...perpetratorKey(id), 'network', depth],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/perpetrators/{id}/network', {
          params: { path: { id }, query: { depth } },
        }),
      ),
    enabled: record.isSuccess,
    placeholderData: (previous) => previous,
  });
  const regionPath = useRegionPaths([record.data?.homeRegionCode]);

  if (record.isPending) return <Loading label={t('search.recruiter.loading')} />;
  if (record.isError) {
    const body = record.error instanceof ApiError ? record.error.body : undefined;
    const mergedInto =
      body?.code === 'PERPETRATOR.MERGED' ? (body.details?.mergedIntoId as string) : null;
    return (
      <Stack>
        <Title order={1}>{t('search.recruiter.kicker')}</Title>
        <Alert color={mergedInto ? 'yellow' : 'red'} role="alert">
          {mergedInto
            ? t('search.recruiter.merged')
            : body?.statusCode === 404
              ? t('search.recruiter.notFound')
              : t('search.recruiter.loadFailed')}
        </Alert>
        {mergedInto && (
          <Anchor component={Link} to={`/perpetrators/${mergedInto}`}>
            {t('search.recruiter.openMerged')}
          </Anchor>
        )}
        <Anchor component={Link} to="/search">
          {t('search.recruiter.back')}
        </Anchor>
      </Stack>
    );
  }

  const item = record.data;
  const role = session?.user.role;
  // The API's rule: admins, or a supervisor of the agency that recorded both records.
  const mayMerge = role === 'admin' || (role === 'supervisor' && item.recordedByYourAgency);
  const hiddenCases = item.linkedCaseCount - item.cases.length;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/search">
        {t('search.recruiter.back')}
      </Anchor>
      <Stack gap={4}>
        <Text size="sm">{t('search.recruiter.kicker')}</Text>
        <Title order={1}>{item.fullName}</Title>
      </Stack>

      <Section title={t('search.recruiter.record')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} component="dl" m={0}>
          <Fact label={t('search.recruiter.aliases')}>{item.aliases.join(', ')}</Fact>
          <Fact label={t('search.recruiter.roles')}>
            {item.roles.map((value) => t(`values.perpetratorRole.${value}`)).join(', ')}
          </Fact>
          <Fact label={t('search.recruiter.company')}>{item.placementCompany}</Fact>
          <Fact label={t('search.recruiter.phones')}>
            {item.phones.length > 0 ? (
              <Text component="span" ff="monospace">
                {item.phones.join(', ')}
              </Text>
            ) : null}
          </Fact>
          <Fact label={t('search.recruiter.handles')}>{item.socialHandles.join(', ')}</Fact>
          <Fact label={t('search.recruiter.homeRegion')}>
            {item.homeRegionCode && regionPath(item.homeRegionCode)}
          </Fact>
          <Fact label={t('search.recruiter.status')}>
            {t(`values.perpetratorStatus.${item.status}`)}
          </Fact>
          <Fact label={t('search.recruiter.recordedBy')}>
            {item.recordedByYourAgency
              ? t('search.recruiter.recordedByYou')
              : t('search.recruiter.recordedElsewhere')}
          </Fact>
        </SimpleGrid>
        <Title order={3} size="h4">
          {t('search.recruiter.cases')}
        </Title>
        {item.cases.length === 0 ? (
          <Text>{t('search.recruiter.none')}</Text>
        ) : (
          <Table withTableBorder>
            <ColumnHeadings
              labels={[
                t('search.recruiter.caseNumber'),
                t('search.recruiter.caseTitle'),
                t('search.recruiter.caseStatus'),
                t('search.recruiter.linkedAt'),
              ]}
            />
            <Table.Tbody>
              {item.cases.map((linked) => (
                <Table.Tr key={linked.caseId}>
                  <Table.Th scope="row">
                    <Anchor component={Link} to={`/cases/${linked.caseNumber}`} ff="monospace">
                      {linked.caseNumber}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{linked.title}</Table.Td>
                  <Table.Td>
                    {t(`values.caseStatus.${linked.status}`, { defaultValue: linked.status })}
                  </Table.Td>
                  <Table.Td>{formatDateTime(linked.linkedAt, i18n.language, timeZone)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {hiddenCases > 0 && (
          <Text size="sm">{t('search.recruiter.casesHidden', { count: hiddenCases })}</Text>
        )}
      </Section>

      <Section title={t('search.recruiter.network')}>
        {network.isPending && <Loading label={t('search.recruiter.networkLoading')} />}
        {network.isError && (
          <Alert color="red" role="alert">
            {t('search.recruiter.networkFailed')}
          </Alert>
        )}
        {network.data && (
          <PerpetratorNetwork
            network={network.data}
            name={item.fullName}
            depth={depth}
            onDepth={setDepth}
          />
        )}
      </Section>

      {mayMerge && (
        <PerpetratorMerge
          survivor={item}
          candidates={(network.data?.perpetrators ?? []).filter((person) => person.id !== item.id)}
        />
      )}
    </Stack>
  );
}
