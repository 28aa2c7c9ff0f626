import { bulkIntakeId } from '../../i18n/bulkIntake';
import { choiceLabels, type Column, COLUMNS, type RowCells } from './columns';

/**
 * The template to fill in: Indonesian headings, one example row (skipped if left in), and what
 * each column takes, with the labels of every choice. Always in Indonesian: files travel between
 * offices, and the reader takes English headings and labels too.
 */
const words = bulkIntakeId;

export const TEMPLATE_FILE_NAME = 'templat-korban';

export function exampleRow(): RowCells {
  return {
    fullName: words.template.exampleName,
    gender: 'Perempuan',
    dateOfBirth: '15/08/1995',
    estimatedAge: '',
    nik: '1801065508950002',
    passportNumber: 'C1234567',
    phone: '0812 3456 7890',
    originRegionCode: '18.01.06.2027',
    originStreet: words.template.exampleStreet,
    currentSituation: 'Sudah dipulangkan',
    migrationChannel: 'Nonprosedural',
    occupationAbroad: words.template.exampleOccupation,
    recruitmentDate: '2023-02-01',
  };
}

/** What a column takes, in words: its format, or the labels of its choices. */
export function columnFormat(column: Column, labels?: string[]): string {
  const format = words.formats[column.format];
  return column.choices
    ? format.replace('{{values}}', (labels ?? choiceLabels(column.choices)).join(' | '))
    : format;
}

export async function downloadTemplate(kind: 'csv' | 'xlsx'): Promise<void> {
  const blob = kind === 'csv' ? await csvTemplate() : await xlsxTemplate();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${TEMPLATE_FILE_NAME}.${kind}`;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function csvTemplate(): Promise<Blob> {
  const { default: Papa } = await import('papaparse');
  const example = exampleRow();
  const guide = [
    `# ${words.template.note}`,
    ...COLUMNS.map(
      (column) =>
        `# ${words.columns[column.key]}${column.required ? ` (${words.file.guideRequired.toLowerCase()})` : ''}: ${columnFormat(column)}`,
    ),
  ];
  const table = Papa.unparse({
    fields: COLUMNS.map((column) => words.columns[column.key]),
    data: [COLUMNS.map((column) => example[column.key])],
  });
  // The byte order mark tells Excel the file is UTF-8.
  return new Blob([`\uFEFF${guide.join('\r\n')}\r\n${table}\r\n`], {
    type: 'text/csv;charset=utf-8',
  });
}

async function xlsxTemplate(): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const example = exampleRow();
  const heading = (value: string) => ({ value, type: String, fontWeight: 'bold' as const });
  // NIK and phone as text: as numbers, Excel drops a phone's leading 0 and rounds a long NIK.
  const victims = [
    COLUMNS.map((column) => heading(words.columns[column.key])),
    COLUMNS.map((column) => ({ value: example[column.key], type: String, format: '@' })),
  ];
  const guide = [
    [
      heading(words.file.guideColumn),
      heading(words.file.guideRequired),
      heading(words.file.guideFormat),
    ],
    ...COLUMNS.map((column) => [
      { value: words.columns[column.key], type: String },
      { value: column.required ? words.file.yes : '', type: String },
      { value: columnFormat(column), type: String, wrap: true },
    ]),
    [{ value: words.template.note, type: String }],
  ];
  return writeXlsxFile([
    {
      sheet: words.template.sheet,
      data: victims,
      columns: COLUMNS.map((column) => ({ width: column.key === 'fullName' ? 28 : 20 })),
      stickyRowsCount: 1,
    },
    {
      sheet: words.template.guideSheet,
      data: guide,
      columns: [{ width: 28 }, { width: 8 }, { width: 90 }],
    },
  ]).toBlob();
}
