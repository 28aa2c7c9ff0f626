import { Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiFieldError } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { enValues, idValues } from '../../i18n/values';
import { type CellProblem, codeOfChoice, type Column, type ColumnKey, COLUMNS } from './columns';

/** A row of the preview: what the file said (as edited since), and what is wrong with it. */
export interface PreviewRow {
  line: number;
  cells: Record<ColumnKey, string>;
  /** Found in the browser: reading the file, the column's own rules, the region list. */
  problems: Partial<Record<ColumnKey, CellProblem>>;
  /** What reading the file spoiled (a NIK rounded by Excel), until the cell is typed again. */
  readProblems: Partial<Record<ColumnKey, CellProblem>>;
  /** The service's answer for this row's fields; `row` for a field the file has no column for. */
  refused: Partial<Record<ColumnKey | 'row', ApiFieldError>>;
  /** Cells that were wrong once: they stay editable while being fixed. */
  editable: ReadonlySet<ColumnKey>;
}

export function rowHasProblems(row: PreviewRow): boolean {
  return Object.keys(row.problems).length > 0 || Object.keys(row.refused).length > 0;
}

interface PreviewTableProps {
  rows: PreviewRow[];
  regionPaths: ReadonlyMap<string, string | null>;
  regionsLoading: boolean;
  onEdit: (line: number, key: ColumnKey, value: string) => void;
}

/**
 * The rows as they will be saved, a page at a time; a cell with a problem is an input, with
 * what is wrong said under it (and tied to it for screen readers).
 */
export function PreviewTable({ rows, regionPaths, regionsLoading, onEdit }: PreviewTableProps) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={1400}>
      <Table striped withTableBorder verticalSpacing="xs" fz="sm">
        <Table.Caption>{t('bulkIntake.preview.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('bulkIntake.preview.line')}</Table.Th>
            <Table.Th scope="col">{t('bulkIntake.preview.status')}</Table.Th>
            {COLUMNS.map((column) => (
              <Table.Th scope="col" key={column.key}>
                {t(`bulkIntake.columns.${column.key}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <PreviewTableRow
              key={row.line}
              row={row}
              regionPaths={regionPaths}
              regionsLoading={regionsLoading}
              onEdit={onEdit}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const PreviewTableRow = memo(function PreviewTableRow({
  row,
  regionPaths,
  regionsLoading,
  onEdit,
}: Omit<PreviewTableProps, 'rows'> & { row: PreviewRow }) {
  const { t } = useTranslation();
  const wrong = rowHasProblems(row);
  return (
    <Table.Tr data-line={row.line} aria-invalid={wrong || undefined}>
      <Table.Th scope="row">{row.line}</Table.Th>
      <Table.Td>
        <Stack gap={2}>
          <Text size="sm" fw={700} c={wrong ? 'red.9' : 'green.9'}>
            {t(wrong ? 'bulkIntake.preview.problem' : 'bulkIntake.preview.ready')}
          </Text>
          {row.refused.row && (
            <Text size="xs" c="red.9">
              {t('bulkIntake.problems.rowOther', { text: fieldErrorText(row.refused.row, t) })}
            </Text>
          )}
        </Stack>
      </Table.Td>
      {COLUMNS.map((column) => (
        <Table.Td key={column.key} data-column={column.key}>
          <Cell
            column={column}
            row={row}
            regionPaths={regionPaths}
            regionsLoading={regionsLoading}
            onEdit={onEdit}
          />
        </Table.Td>
      ))}
    </Table.Tr>
  );
});

function Cell({
  column,
  row,
  regionPaths,
  regionsLoading,
  onEdit,
}: Omit<PreviewTableProps, 'rows'> & { row: PreviewRow; column: Column }) {
  const { t, i18n } = useTranslation();
  const value = row.cells[column.key];
  const problem = row.problems[column.key];
  const refused = row.refused[column.key];
  const error = problem
    ? t(`bulkIntake.problems.${problem.problem}`, problem.values ?? {})
    : refused
      ? fieldErrorText(refused, t)
      : undefined;
  const label = t('bulkIntake.preview.cellLabel', {
    column: t(`bulkIntake.columns.${column.key}`),
    line: row.line,
  });
  const labels = i18n.language === 'en' ? enValues : idValues;

  if (error !== undefined || row.editable.has(column.key)) {
    if (column.choices) {
      const code = codeOfChoice(column.choices, value);
      return (
        <Select
          aria-label={label}
          size="xs"
          miw={160}
          data={Object.entries(labels[column.choices]).map(([code, text]) => ({
            value: code,
            label: text,
          }))}
          value={code ?? null}
          placeholder={value || t('intake.choose')}
          error={error}
          onChange={(chosen) =>
            onEdit(
              row.line,
              column.key,
              chosen ? (labels[column.choices!] as Record<string, string>)[chosen] : '',
            )
          }
        />
      );
    }
    return (
      <TextInput
        aria-label={label}
        size="xs"
        miw={140}
        value={value}
        error={error}
        description={column.kind === 'region' ? regionPaths.get(value.trim()) : undefined}
        autoComplete="off"
        onChange={(event) => onEdit(row.line, column.key, event.currentTarget.value)}
      />
    );
  }
  if (column.choices && value) {
    const code = codeOfChoice(column.choices, value);
    return <>{code ? (labels[column.choices] as Record<string, string>)[code] : value}</>;
  }
  if (column.kind === 'region' && value) {
    const path = regionPaths.get(value);
    return (
      <Stack gap={0}>
        <Text size="sm">{value}</Text>
        <Text size="xs" c="dimmed">
          {path ?? (regionsLoading ? t('bulkIntake.preview.regionLoading') : '')}
        </Text>
      </Stack>
    );
  }
  return <>{value}</>;
}
