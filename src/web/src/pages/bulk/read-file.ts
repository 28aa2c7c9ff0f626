import { bulkIntakeEn, bulkIntakeId } from '../../i18n/bulkIntake';
import {
  type CellProblem,
  COLUMN_BY_KEY,
  type ColumnKey,
  columnOfHeading,
  COLUMNS,
  looseText,
  type RowCells,
} from './columns';

/** A case holds at most this many victims (the API's limit). */
export const MAX_ROWS = 1000;

/** One victim row as read: its row number in the file (the heading is row 1), its cells. */
export interface FileRow {
  line: number;
  cells: RowCells;
  /** What reading the file itself spoiled (a NIK that Excel stored as a rounded number). */
  readProblems: Partial<Record<ColumnKey, CellProblem>>;
}

export type ReadOutcome =
  | { ok: true; rows: FileRow[]; ignoredColumns: string[]; exampleSkipped: boolean }
  | { ok: false; problem: 'wrongType' | 'unreadable' | 'empty' }
  | { ok: false; problem: 'tooMany'; count: number }
  | { ok: false; problem: 'missingColumns'; columns: ColumnKey[] };

type Cell = string | number | boolean | Date | null | undefined;

const EXAMPLE_NAMES = new Set([
  looseText(bulkIntakeId.template.exampleName),
  looseText(bulkIntakeEn.template.exampleName),
]);

/**
 * Reads a victims file in the browser: CSV (any of , ; or tab, as Excel writes it in either
 * language) or XLSX. The parsers are loaded only now, so the first screen does not carry them.
 */
export async function readVictimsFile(file: File): Promise<ReadOutcome> {
  const name = file.name.toLowerCase();
  let table: Cell[][];
  try {
    if (name.endsWith('.csv') || file.type === 'text/csv') table = await readCsv(file);
    else if (name.endsWith('.xlsx')) table = await readXlsx(file);
    else return { ok: false, problem: 'wrongType' };
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  return rowsOf(table);
}

async function readCsv(file: File): Promise<Cell[][]> {
  const { default: Papa } = await import('papaparse');
  // Comment lines become empty ones, so that every row keeps the number it has in the file.
  const lines = (await file.text()).replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const text = lines.map((line) => (line.trimStart().startsWith('#') ? '' : line)).join('\n');
  const heading = lines.find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const result = Papa.parse<string[]>(text, {
    delimiter: delimiterOf(heading ?? ''),
    skipEmptyLines: false,
  });
  if (result.errors.some((error) => error.type === 'Quotes')) throw new Error('bad quotes');
  return result.data;
}

/** The separator of the heading line: Excel in Indonesian writes ";", in English ",". */
function delimiterOf(heading: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, heading.split(d).length] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

async function readXlsx(file: File): Promise<Cell[][]> {
  const { readSheet } = await import('read-excel-file/browser');
  return (await readSheet(file)) as Cell[][];
}

function rowsOf(table: Cell[][]): ReadOutcome {
  const headingIndex = table.findIndex((row) => !isBlank(row));
  if (headingIndex < 0) return { ok: false, problem: 'empty' };
  const headings = table[headingIndex].map((cell) => textOf(cell).trim());
  const columnAt = headings.map((heading) => (heading ? columnOfHeading(heading) : undefined));
  const ignoredColumns = headings.filter((heading, i) => heading !== '' && !columnAt[i]);
  const missing = COLUMNS.filter((c) => c.required && !columnAt.includes(c.key)).map((c) => c.key);
  if (missing.length > 0) return { ok: false, problem: 'missingColumns', columns: missing };

  const rows: FileRow[] = [];
  let exampleSkipped = false;
  table.forEach((row, index) => {
    if (index <= headingIndex || isBlank(row)) return;
    const cells = Object.fromEntries(COLUMNS.map((c) => [c.key, ''])) as RowCells;
    const readProblems: FileRow['readProblems'] = {};
    columnAt.forEach((key, i) => {
      if (!key) return;
      const cell = row[i];
      cells[key] = textOf(cell).trim();
      // A NIK typed into a number cell: past 2^53 its last digits are already wrong.
      if (COLUMN_BY_KEY.get(key)?.kind === 'nik' && typeof cell === 'number')
        if (!Number.isSafeInteger(cell)) readProblems[key] = { problem: 'numberTooLong' };
    });
    if (EXAMPLE_NAMES.has(looseText(cells.fullName))) {
      exampleSkipped = true;
      return;
    }
    rows.push({ line: index + 1, cells, readProblems });
  });
  if (rows.length === 0) return { ok: false, problem: 'empty' };
  if (rows.length > MAX_ROWS) return { ok: false, problem: 'tooMany', count: rows.length };
  return { ok: true, rows, ignoredColumns, exampleSkipped };
}

function isBlank(row: Cell[]): boolean {
  return row.every((cell) => textOf(cell).trim() === '');
}

/** A cell as text; a date cell of a spreadsheet as YYYY-MM-DD (it holds a day, not a moment). */
function textOf(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return String(cell);
}
