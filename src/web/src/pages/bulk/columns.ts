import type { Schemas } from '../../api/client';
import { bulkIntakeEn, bulkIntakeId } from '../../i18n/bulkIntake';
import { enValues, idValues, type ValueLabels } from '../../i18n/values';

type VictimInput = Schemas['VictimInputDto'];

/** The victim fields a bulk intake file can hold, one column each. */
export type ColumnKey = keyof typeof bulkIntakeId.columns;

/** Code lists whose cells hold a label (Indonesian or English) or the API's code. */
type ChoiceList = 'gender' | 'currentSituation' | 'migrationChannel';

export type ColumnKind = 'text' | 'choice' | 'date' | 'integer' | 'region' | 'nik' | 'phone';

export interface Column {
  key: ColumnKey;
  kind: ColumnKind;
  required?: boolean;
  choices?: ChoiceList;
  /** How the template's guide describes the content (a key of `bulkIntake.formats`). */
  format: keyof typeof bulkIntakeId.formats;
}

/** In the template's order: who, then where from, then what happened to them. */
export const COLUMNS: readonly Column[] = [
  { key: 'fullName', kind: 'text', required: true, format: 'text' },
  { key: 'gender', kind: 'choice', choices: 'gender', format: 'choice' },
  { key: 'dateOfBirth', kind: 'date', format: 'date' },
  { key: 'estimatedAge', kind: 'integer', format: 'integer' },
  { key: 'nik', kind: 'nik', format: 'nik' },
  { key: 'passportNumber', kind: 'text', format: 'passport' },
  { key: 'phone', kind: 'phone', format: 'phone' },
  { key: 'originRegionCode', kind: 'region', format: 'region' },
  { key: 'originStreet', kind: 'text', format: 'text' },
  {
    key: 'currentSituation',
    kind: 'choice',
    required: true,
    choices: 'currentSituation',
    format: 'choice',
  },
  { key: 'migrationChannel', kind: 'choice', choices: 'migrationChannel', format: 'choice' },
  { key: 'occupationAbroad', kind: 'text', format: 'text' },
  { key: 'recruitmentDate', kind: 'date', format: 'date' },
];

export const COLUMN_BY_KEY = new Map(COLUMNS.map((column) => [column.key, column]));

export const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/** Headings and labels compared without case, spaces or punctuation: "Jenis Kelamin" = "jenis kelamin". */
export function looseText(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The column a heading names: its Indonesian or English heading, or the API's field name. */
const COLUMN_BY_HEADING = new Map<string, ColumnKey>(
  COLUMNS.flatMap((column) => [
    [looseText(bulkIntakeId.columns[column.key]), column.key],
    [looseText(bulkIntakeEn.columns[column.key]), column.key],
    [looseText(column.key), column.key],
  ]),
);

export function columnOfHeading(heading: string): ColumnKey | undefined {
  return COLUMN_BY_HEADING.get(looseText(heading));
}

/** The Indonesian labels of a code list, in the order of the catalogue, for the template. */
export function choiceLabels(list: ChoiceList, labels: ValueLabels = idValues): string[] {
  return Object.values(labels[list]);
}

/** The code a cell names, by its Indonesian or English label or the code itself. */
export function codeOfChoice(list: ChoiceList, text: string): string | undefined {
  const wanted = looseText(text);
  for (const labels of [idValues, enValues]) {
    for (const [code, label] of Object.entries(labels[list]))
      if (looseText(label) === wanted || looseText(code) === wanted) return code;
  }
  return undefined;
}

/** YYYY-MM-DD from YYYY-MM-DD or the Indonesian DD/MM/YYYY (also with - or .), if a real date. */
export function isoDate(text: string): string | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : local
      ? [local[3], local[2], local[1]]
      : [];
  if (!year) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const result = date.toISOString().slice(0, 10);
  // 31/02/2024 rolls over to March: not a date anyone meant.
  return date.getUTCDate() === Number(day) && date.getUTCMonth() === Number(month) - 1
    ? result
    : undefined;
}

/** The cells of a row, as text (what the preview shows and edits). */
export type RowCells = Record<ColumnKey, string>;

/** A problem found in the browser: a key of `bulkIntake.problems` and its values. */
export interface CellProblem {
  problem: keyof typeof bulkIntakeId.problems;
  values?: Record<string, string>;
}

/**
 * What the browser can tell about a cell without asking the service: required, a known choice, a
 * date, a whole number, a well-formed and (once looked up) existing region. The rest (NIK rules,
 * phone numbers, dates in the future...) is the service's to say, in the preview's check.
 */
export function cellProblem(
  column: Column,
  text: string,
  regionPaths: ReadonlyMap<string, string | null>,
): CellProblem | undefined {
  const value = text.trim();
  if (value === '') return column.required ? { problem: 'required' } : undefined;
  switch (column.kind) {
    case 'choice':
      return codeOfChoice(column.choices!, value)
        ? undefined
        : { problem: 'choice', values: { values: choiceLabels(column.choices!).join(', ') } };
    case 'date':
      return isoDate(value) ? undefined : { problem: 'date' };
    case 'integer': {
      const age = Number(value);
      return Number.isInteger(age) && age >= 0 && age <= 120 && /^\d+$/.test(value)
        ? undefined
        : { problem: 'integer' };
    }
    case 'region':
      if (!REGION_CODE.test(value)) return { problem: 'regionFormat' };
      return regionPaths.get(value) === null
        ? { problem: 'regionUnknown', values: { code: value } }
        : undefined;
    default:
      return undefined;
  }
}

/** The victim as the API takes it; empty cells are left out. Only for rows without problems. */
export function victimInput(cells: RowCells): VictimInput {
  const input: Record<string, unknown> = {};
  for (const column of COLUMNS) {
    const value = cells[column.key].trim();
    if (value === '') continue;
    switch (column.kind) {
      case 'choice':
        input[column.key] = codeOfChoice(column.choices!, value);
        break;
      case 'date':
        input[column.key] = isoDate(value);
        break;
      case 'integer':
        input[column.key] = Number(value);
        break;
      default:
        // The API takes passport numbers in capitals without spaces, as printed.
        input[column.key] =
          column.key === 'passportNumber' ? value.replace(/\s/g, '').toUpperCase() : value;
    }
  }
  return input as VictimInput;
}
