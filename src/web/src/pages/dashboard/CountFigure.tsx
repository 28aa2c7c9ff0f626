import { Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { echarts, EChart } from '../../components/EChart';
import { Section } from '../../components/Section';
import { ColumnHeadings } from '../../components/TableParts';
import { formatNumber } from '../../format';

// Only what the dashboard draws reaches its code chunk.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent]);

/** One group of a breakdown as the reader sees it: its name, and what it counts. */
export interface CountRow {
  key: string;
  label: string;
  /** null where the group counts victims only. */
  cases: number | null;
  victims: number;
}

// Mantine's blue 8 and orange 9: each 4.5:1 or more on white, and told apart without colour by
// the legend's shapes (bars and a line).
const CASES_COLOUR = '#1864ab';
const VICTIMS_COLOUR = '#d9480f';

/** Bars of cases and victims per group, the largest at the top, the first `top` of them. */
function rankedOption(rows: CountRow[], top: number, words: Words): EChartsCoreOption {
  const shown = rows.slice(0, top).reverse();
  return {
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { data: [words.cases, words.victims], top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: words.number } },
    yAxis: {
      type: 'category',
      data: shown.map((row) => row.label),
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [
      {
        name: words.cases,
        type: 'bar',
        data: shown.map((row) => row.cases ?? 0),
        itemStyle: { color: CASES_COLOUR },
      },
      {
        name: words.victims,
        type: 'bar',
        data: shown.map((row) => row.victims),
        itemStyle: { color: VICTIMS_COLOUR },
      },
    ],
  };
}

/** Cases as bars and victims as a line, month by month. */
function monthlyOption(rows: CountRow[], words: Words): EChartsCoreOption {
  return {
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { data: [words.cases, words.victims], top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((row) => row.label) },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: words.number } },
    series: [
      {
        name: words.cases,
        type: 'bar',
        data: rows.map((row) => row.cases ?? 0),
        itemStyle: { color: CASES_COLOUR },
      },
      {
        name: words.victims,
        type: 'line',
        data: rows.map((row) => row.victims),
        itemStyle: { color: VICTIMS_COLOUR },
        lineStyle: { color: VICTIMS_COLOUR, width: 2 },
        symbol: 'diamond',
        symbolSize: 8,
      },
    ],
  };
}

interface Words {
  cases: string;
  victims: string;
  number: (value: number) => string;
}

/**
 * A breakdown of the summary: a chart of it, and the same numbers as a table for keyboard and
 * screen-reader users (and for whoever wants the exact figures). Ranked breakdowns draw their
 * first `top` groups; the table has every one.
 */
export function CountFigure({
  title,
  column,
  rows,
  kind,
  note,
  top = 10,
}: {
  title: string;
  column: string;
  rows: CountRow[];
  kind: 'ranked' | 'monthly';
  note?: string;
  top?: number;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const option = useMemo(() => {
    const words: Words = {
      cases: t('dashboard.columns.cases'),
      victims: t('dashboard.columns.victims'),
      number: (value) => formatNumber(value, language),
    };
    return kind === 'monthly' ? monthlyOption(rows, words) : rankedOption(rows, top, words);
  }, [rows, kind, top, t, language]);
  const height = kind === 'monthly' ? 300 : 80 + 34 * Math.min(rows.length, top);
  return (
    <Section title={title}>
      {note && <Text size="sm">{note}</Text>}
      {rows.length === 0 ? (
        <Text>{t('dashboard.empty')}</Text>
      ) : (
        <Stack gap="sm">
          <EChart option={option} label={t('dashboard.chartLabel', { title })} height={height} />
          {kind === 'ranked' && rows.length > top && (
            <Text size="sm">{t('dashboard.topOnly', { count: top })}</Text>
          )}
          <Table striped withTableBorder>
            <Table.Caption>
              <VisuallyHidden>{title}</VisuallyHidden>
            </Table.Caption>
            <ColumnHeadings
              labels={[column, t('dashboard.columns.cases'), t('dashboard.columns.victims')]}
              numbersFrom={1}
            />
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Th scope="row" fw={400}>
                    {row.label}
                  </Table.Th>
                  <Table.Td ta="right">
                    {row.cases === null ? '–' : formatNumber(row.cases, language)}
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(row.victims, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Section>
  );
}
