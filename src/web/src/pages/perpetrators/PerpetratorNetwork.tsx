import { Alert, Anchor, Radio, Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { GraphChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Schemas } from '../../api/client';
import { useRegionPaths } from '../../api/regions';
import { EChart, echarts } from '../../components/EChart';
import { ColumnHeadings } from '../../components/TableParts';
import { countryName, formatNumber } from '../../format';

// Only what this drawing needs reaches this screen's code chunk.
echarts.use([GraphChart, LegendComponent, TooltipComponent]);

type Network = Schemas['PerpetratorNetworkDto'];
type Count = Schemas['NetworkCountDto'];

/** Node colours with text-level contrast on white, one per kind of node, as in the legend. */
const COLOURS = ['#a61e1e', '#1c4f8a', '#2b6b2b', '#6b3fa0'];
const DEPTHS = [1, 2, 3] as const;

/** Recruiters, cases, regions and countries: the network drawn, and the same as tables. */
export function PerpetratorNetwork({
  network,
  name,
  depth,
  onDepth,
}: {
  network: Network;
  name: string;
  depth: number;
  onDepth: (depth: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const navigate = useNavigate();
  const homeRegions = network.perpetrators.map((person) => person.homeRegionCode);
  const regionPath = useRegionPaths([
    ...homeRegions,
    ...network.totals.originProvinces.map((count) => count.code),
    ...network.totals.originRegencies.map((count) => count.code),
  ]);
  const nameOf = useMemo(
    () => new Map(network.perpetrators.map((person) => [person.id, person.fullName])),
    [network.perpetrators],
  );

  const option = useMemo((): EChartsCoreOption => {
    const categories = [
      t('search.recruiter.recruiterNode'),
      t('search.recruiter.caseNode'),
      t('search.recruiter.regionNode'),
      t('search.recruiter.countryNode'),
    ];
    const nodes: Array<Record<string, unknown>> = [];
    const links: Array<{ source: string; target: string }> = [];
    for (const person of network.perpetrators)
      nodes.push({
        id: `p:${person.id}`,
        name: person.fullName,
        category: 0,
        symbolSize: person.hops === 0 ? 34 : 18 + Math.min(person.networkCaseCount, 8) * 2,
      });
    const regionCodes = new Set<string>();
    for (const person of network.perpetrators)
      if (person.homeRegionCode) {
        regionCodes.add(person.homeRegionCode);
        links.push({ source: `p:${person.id}`, target: `r:${person.homeRegionCode}` });
      }
    const countries = new Set<string>();
    for (const item of network.cases) {
      nodes.push({ id: `c:${item.id}`, name: item.caseNumber, category: 1, symbolSize: 14 });
      for (const perpetratorId of item.perpetratorIds)
        links.push({ source: `p:${perpetratorId}`, target: `c:${item.id}` });
      if (item.exploitationCountry) {
        countries.add(item.exploitationCountry);
        links.push({ source: `c:${item.id}`, target: `k:${item.exploitationCountry}` });
      }
    }
    for (const code of regionCodes)
      nodes.push({ id: `r:${code}`, name: regionPath(code), category: 2, symbolSize: 16 });
    for (const code of countries)
      nodes.push({
        id: `k:${code}`,
        name: countryName(code, language),
        category: 3,
        symbolSize: 20,
        symbol: 'diamond',
      });
    return {
      color: COLOURS,
      legend: { data: categories, bottom: 0, textStyle: { color: '#212529' } },
      tooltip: {},
      series: [
        {
          type: 'graph',
          layout: 'force',
          // The whole layout at once: a drawing that moves is hard to read and to photograph.
          force: { repulsion: 450, gravity: 0.1, edgeLength: [80, 140], layoutAnimation: false },
          roam: true,
          draggable: true,
          top: 20,
          bottom: 40,
          label: { show: true, position: 'right', color: '#212529', fontSize: 11 },
          lineStyle: { color: '#868e96', width: 1 },
          categories: categories.map((category) => ({ name: category })),
          data: nodes,
          links,
        },
      ],
    };
  }, [network, language, regionPath, t]);

  const onReady = useCallback(
    (chart: echarts.ECharts) => {
      chart.off('click');
      chart.on('click', (event) => {
        const id = (event.data as { id?: string } | undefined)?.id ?? '';
        if (id.startsWith('p:')) void navigate(`/perpetrators/${id.slice(2)}`);
        if (id.startsWith('c:')) {
          const item = network.cases.find((row) => row.id === id.slice(2));
          if (item) void navigate(`/cases/${item.caseNumber}`);
        }
      });
    },
    [navigate, network.cases],
  );

  const counts = (title: string, rows: Count[], place: (code: string) => string) => (
    <Stack gap={4}>
      <Title order={4} size="h5">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm">{t('search.recruiter.none')}</Text>
      ) : (
        <Table withTableBorder>
          <ColumnHeadings
            labels={[t('search.recruiter.place'), t('search.cases'), t('search.recruiter.victims')]}
          />
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.code}>
                <Table.Th scope="row">{place(row.code)}</Table.Th>
                <Table.Td>{formatNumber(row.cases, language)}</Table.Td>
                <Table.Td>{formatNumber(row.victims, language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );

  return (
    <Stack gap="md">
      <Text size="sm">{t('search.recruiter.networkIntro')}</Text>
      <Radio.Group
        label={t('search.recruiter.depth')}
        value={String(depth)}
        onChange={(value) => onDepth(Number(value))}
      >
        <Group gap="md" mt={4}>
          {DEPTHS.map((value) => (
            <Radio
              key={value}
              value={String(value)}
              label={t('search.recruiter.depthOption', { count: value })}
            />
          ))}
        </Group>
      </Radio.Group>
      {network.truncated && <Alert color="yellow">{t('search.recruiter.truncated')}</Alert>}
      <EChart
        option={option}
        height={460}
        onReady={onReady}
        label={t('search.recruiter.chart', {
          name,
          recruiters: network.perpetrators.length,
          cases: network.cases.length,
        })}
      />

      <Stack gap={4}>
        <Title order={3} size="h4">
          {t('search.recruiter.networkPeople')}
        </Title>
        <ScrollArea type="auto">
          <Table withTableBorder miw={720}>
            <ColumnHeadings
              labels={[
                t('search.recruiter.name'),
                t('search.recruiter.hops'),
                t('search.recruiter.roles'),
                t('search.recruiter.homeRegion'),
                t('search.recruiter.networkCaseCount'),
              ]}
            />
            <Table.Tbody>
              {network.perpetrators.map((person) => (
                <Table.Tr key={person.id}>
                  <Table.Th scope="row">
                    {person.hops === 0 ? (
                      person.fullName
                    ) : (
                      <Anchor component={Link} to={`/perpetrators/${person.id}`}>
                        {person.fullName}
                      </Anchor>
                    )}
                    {person.aliases.length > 0 && (
                      <Text size="sm" fw={400}>
                        {t('search.aliases', { names: person.aliases.join(', ') })}
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>
                    {person.hops === 0
                      ? t('search.recruiter.self')
                      : t('search.recruiter.hopCount', { count: person.hops })}
                  </Table.Td>
                  <Table.Td>
                    {person.roles.map((role) => t(`values.perpetratorRole.${role}`)).join(', ') ||
                      t('search.recruiter.notRecorded')}
                  </Table.Td>
                  <Table.Td>
                    {person.homeRegionCode
                      ? regionPath(person.homeRegionCode)
                      : t('search.recruiter.notRecorded')}
                  </Table.Td>
                  <Table.Td>{formatNumber(person.networkCaseCount, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        {network.hiddenPerpetratorCount > 0 && (
          <Text size="sm">
            {t('search.recruiter.hiddenPeople', { count: network.hiddenPerpetratorCount })}
          </Text>
        )}
      </Stack>

      <Stack gap={4}>
        <Title order={3} size="h4">
          {t('search.recruiter.networkCases')}
        </Title>
        {network.cases.length === 0 ? (
          <Text size="sm">{t('search.recruiter.none')}</Text>
        ) : (
          <ScrollArea type="auto">
            <Table withTableBorder miw={860}>
              <ColumnHeadings
                labels={[
                  t('search.recruiter.caseNumber'),
                  t('search.recruiter.caseTitle'),
                  t('search.recruiter.caseStatus'),
                  t('search.recruiter.victims'),
                  t('search.recruiter.country'),
                  t('search.recruiter.recruiters'),
                ]}
              />
              <Table.Tbody>
                {network.cases.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Th scope="row">
                      <Anchor component={Link} to={`/cases/${item.caseNumber}`} ff="monospace">
                        {item.caseNumber}
                      </Anchor>
                    </Table.Th>
                    <Table.Td>{item.title}</Table.Td>
                    <Table.Td>{t(`values.caseStatus.${item.status}`)}</Table.Td>
                    <Table.Td>{formatNumber(item.victimCount, language)}</Table.Td>
                    <Table.Td>
                      {item.exploitationCountry
                        ? countryName(item.exploitationCountry, language)
                        : t('search.recruiter.notRecorded')}
                    </Table.Td>
                    <Table.Td>
                      {item.perpetratorIds.map((id) => nameOf.get(id) ?? '').join(', ')}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
        {network.hiddenCaseCount > 0 && (
          <Text size="sm">
            {t('search.recruiter.hiddenCases', { count: network.hiddenCaseCount })}
          </Text>
        )}
      </Stack>

      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('search.recruiter.totals')}
        </Title>
        <Text size="sm">
          {t('search.recruiter.totalsLine', {
            cases: formatNumber(network.totals.cases, language),
            victims: formatNumber(network.totals.victims, language),
          })}
        </Text>
        {counts(t('search.recruiter.countries'), network.totals.countries, (code) =>
          countryName(code, language),
        )}
        {counts(t('search.recruiter.provinces'), network.totals.originProvinces, regionPath)}
        {counts(t('search.recruiter.regencies'), network.totals.originRegencies, regionPath)}
      </Stack>
    </Stack>
  );
}
