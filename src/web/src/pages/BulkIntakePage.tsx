import {
  Alert,
  Button,
  FileButton,
  FileInput,
  Group,
  Pagination,
  Progress,
  SegmentedControl,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, type ApiErrorBody, type ApiFieldError } from '../api/client';
import { fieldErrorText } from '../api/field-errors';
import {
  CaseFields,
  type CaseFieldValues,
  caseFieldsBody,
  EMPTY_CASE_FIELDS,
  requiredCaseFields,
} from '../components/CaseFields';
import { Loading } from '../components/TableParts';
import { formatNumber } from '../format';
import { cellProblem, COLUMN_BY_KEY, type ColumnKey, COLUMNS, victimInput } from './bulk/columns';
import { PreviewTable, type PreviewRow, rowHasProblems } from './bulk/PreviewTable';
import type { ReadOutcome } from './bulk/read-file';
import { useRegionPaths } from './bulk/useRegionPaths';

/** Rows shown at once: a page of the preview renders in a blink even on an office laptop. */
const ROWS_PER_PAGE = 50;

type Step = 0 | 1 | 2 | 3;
type CheckState = 'unchecked' | 'checking' | 'checked' | 'failed';

/** `victims[12].nik` as the row sent at index 12 and the file's column, if it has one. */
const VICTIM_FIELD = /^victims\[(\d+)\](?:\.(\w+))?/;

/** Re-reads the browser's own rules for every cell of a row: after reading, editing, a lookup. */
function withProblems(
  row: Omit<PreviewRow, 'problems'>,
  regionPaths: ReadonlyMap<string, string | null>,
): PreviewRow {
  const problems: PreviewRow['problems'] = { ...row.readProblems };
  for (const column of COLUMNS) {
    const problem = problems[column.key] ?? cellProblem(column, row.cells[column.key], regionPaths);
    if (problem) problems[column.key] = problem;
  }
  const editable = new Set(row.editable);
  for (const key of Object.keys(problems) as ColumnKey[]) editable.add(key);
  return { ...row, problems, editable };
}

/**
 * A rescue of many victims from a CSV or XLSX file, in four steps: the case, the file, a
 * preview that shows every row the browser or the service would refuse (fixable in place), and
 * one create of the whole case. Nothing is written before the last step.
 */
export function BulkIntakePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>(0);
  const caseForm = useForm<CaseFieldValues>({
    mode: 'controlled',
    initialValues: { ...EMPTY_CASE_FIELDS, reportedDate: '' },
    validate: requiredCaseFields(t('validation.required')),
  });

  const [reading, setReading] = useState(false);
  const [readFailure, setReadFailure] = useState<Exclude<ReadOutcome, { ok: true }> | null>(null);
  const [notices, setNotices] = useState<{ ignored: string[]; exampleSkipped: boolean } | null>(
    null,
  );
  const [file, setFile] = useState<File | null>(null);
  const [rows, setRows] = useState<PreviewRow[]>([]);
  const [checkState, setCheckState] = useState<CheckState>('unchecked');
  const [caseRefusals, setCaseRefusals] = useState<ApiFieldError[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveProblem, setSaveProblem] = useState<'failed' | 'refused' | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(true);
  const [page, setPage] = useState(1);

  const regionCodes = useMemo(() => rows.map((row) => row.cells.originRegionCode.trim()), [rows]);
  const regions = useRegionPaths(regionCodes);
  // A region looked up after the rows were read: its cells learn whether it exists.
  useEffect(() => {
    setRows((current) => current.map((row) => withProblems(row, regions.paths)));
  }, [regions.paths]);

  const problemRows = useMemo(() => rows.filter(rowHasProblems), [rows]);
  const shownRows = onlyProblems && problemRows.length > 0 ? problemRows : rows;
  const pageCount = Math.max(1, Math.ceil(shownRows.length / ROWS_PER_PAGE));
  const pageRows = shownRows.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
  const ready =
    rows.length > 0 &&
    problemRows.length === 0 &&
    caseRefusals.length === 0 &&
    checkState === 'checked';

  /** Spreads the service's refusal over the rows sent (by index) and the case's own fields. */
  const applyRefusal = useCallback(
    (fields: ApiFieldError[], sentLines: number[]) => {
      const byLine = new Map<number, PreviewRow['refused']>();
      const forCase: ApiFieldError[] = [];
      for (const field of fields) {
        const match = VICTIM_FIELD.exec(field.field);
        const line = match ? sentLines[Number(match[1])] : undefined;
        if (line === undefined) {
          forCase.push(field);
          continue;
        }
        const key = match![2] && COLUMN_BY_KEY.has(match![2] as ColumnKey) ? match![2] : 'row';
        byLine.set(line, { ...byLine.get(line), [key]: field });
      }
      for (const field of forCase) caseForm.setFieldError(field.field, fieldErrorText(field, t));
      setCaseRefusals(forCase);
      const sent = new Set(sentLines);
      setRows((current) =>
        current.map((row) => {
          const refused = byLine.get(row.line);
          if (!refused && !sent.has(row.line)) return row;
          const editable = new Set(row.editable);
          for (const key of Object.keys(refused ?? {}))
            if (key !== 'row') editable.add(key as ColumnKey);
          return { ...row, refused: refused ?? {}, editable };
        }),
      );
      // The reader's choice of rows stands: a check answering while they look at every row
      // must not hide it from under them.
      setPage(1);
    },
    [caseForm, t],
  );

  /** The case with the rows the browser finds no fault with. */
  const requestBody = useCallback(
    (sendable: PreviewRow[]) => ({
      ...caseFieldsBody(caseForm.getValues()),
      victims: sendable.map((row) => victimInput(row.cells)),
    }),
    [caseForm],
  );

  // Which rows a check sent, so that an answer that comes after an edit still lands right.
  const checkRun = useRef(0);
  const check = useCallback(
    async (current: PreviewRow[]) => {
      const run = ++checkRun.current;
      const sendable = current.filter((row) => Object.keys(row.problems).length === 0);
      const lines = sendable.map((row) => row.line);
      setCheckState('checking');
      try {
        const { data, error, response } = await api.POST('/api/v1/cases/validation', {
          body: requestBody(sendable),
        });
        if (run !== checkRun.current) return;
        const fields = (error as ApiErrorBody | undefined)?.details?.fields ?? [];
        if (data) applyRefusal([], lines);
        else if (response.status === 400 && fields.length > 0) applyRefusal(fields, lines);
        else {
          setCheckState('failed');
          return;
        }
        setCheckState('checked');
      } catch {
        if (run === checkRun.current) setCheckState('failed');
      }
    },
    [applyRefusal, requestBody],
  );

  // The first check of a file, once every region in it is looked up; later ones when asked.
  const [firstCheckDue, setFirstCheckDue] = useState(false);
  useEffect(() => {
    if (firstCheckDue && step === 2 && rows.length > 0 && !regions.loading) {
      setFirstCheckDue(false);
      void check(rows);
    }
  }, [firstCheckDue, step, rows, regions.loading, check]);

  async function readFile(chosen: File | null) {
    setFile(chosen);
    setReadFailure(null);
    setNotices(null);
    setSaveProblem(null);
    if (!chosen) return;
    setReading(true);
    try {
      const { readVictimsFile } = await import('./bulk/read-file');
      const outcome = await readVictimsFile(chosen);
      if (!outcome.ok) {
        setReadFailure(outcome);
        return;
      }
      checkRun.current += 1;
      setRows(
        outcome.rows.map((row) =>
          withProblems(
            {
              line: row.line,
              cells: row.cells,
              readProblems: row.readProblems,
              refused: {},
              editable: new Set(),
            },
            regions.paths,
          ),
        ),
      );
      setNotices({ ignored: outcome.ignoredColumns, exampleSkipped: outcome.exampleSkipped });
      setCaseRefusals([]);
      setCheckState('unchecked');
      setFirstCheckDue(true);
      setOnlyProblems(true);
      setPage(1);
      setStep(2);
    } catch {
      setReadFailure({ ok: false, problem: 'unreadable' });
    } finally {
      setReading(false);
    }
  }

  const edit = useCallback(
    (line: number, key: ColumnKey, value: string) => {
      checkRun.current += 1;
      setCheckState('unchecked');
      setRows((current) =>
        current.map((row) => {
          if (row.line !== line) return row;
          const refused = { ...row.refused };
          delete refused[key];
          const readProblems = { ...row.readProblems };
          delete readProblems[key];
          return withProblems(
            {
              ...row,
              cells: { ...row.cells, [key]: value },
              refused,
              readProblems,
              editable: new Set(row.editable).add(key),
            },
            regions.paths,
          );
        }),
      );
    },
    [regions.paths],
  );

  async function save() {
    setSaving(true);
    setSaveProblem(null);
    const lines = rows.map((row) => row.line);
    try {
      const { data, error, response } = await api.POST('/api/v1/cases', {
        body: requestBody(rows),
      });
      if (data) {
        await queryClient.invalidateQueries({ queryKey: ['cases'] });
        void navigate(`/cases/${encodeURIComponent(data.caseNumber)}`);
        return;
      }
      const fields = (error as ApiErrorBody | undefined)?.details?.fields ?? [];
      if (response.status === 400 && fields.length > 0) {
        applyRefusal(fields, lines);
        setSaveProblem('refused');
        setStep(2);
      } else setSaveProblem('failed');
    } catch {
      setSaveProblem('failed');
    } finally {
      setSaving(false);
    }
  }

  const count = formatNumber(rows.length, i18n.language);
  const nextFromCase = () => {
    if (!caseForm.validate().hasErrors) setStep(1);
  };

  return (
    <Stack gap="md">
      <Title order={1}>{t('bulkIntake.title')}</Title>
      <Stepper
        active={step}
        onStepClick={(index) => !saving && setStep(index as Step)}
        allowNextStepsSelect={false}
        size="sm"
      >
        <Stepper.Step
          label={t('bulkIntake.steps.case')}
          description={t('bulkIntake.steps.caseHint')}
        >
          <Stack maw={960}>
            <CaseFields getInputProps={caseForm.getInputProps} withReportedDate />
            <Group justify="flex-end">
              <Button onClick={nextFromCase}>{t('bulkIntake.next')}</Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step
          label={t('bulkIntake.steps.file')}
          description={t('bulkIntake.steps.fileHint')}
        >
          <Stack maw={960}>
            <Text>{t('bulkIntake.file.intro')}</Text>
            <Group>
              <Button variant="default" onClick={() => void downloadTemplate('csv')}>
                {t('bulkIntake.file.templateCsv')}
              </Button>
              <Button variant="default" onClick={() => void downloadTemplate('xlsx')}>
                {t('bulkIntake.file.templateXlsx')}
              </Button>
            </Group>
            <FileInput
              label={t('bulkIntake.file.choose')}
              description={t('bulkIntake.file.chooseHint')}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              value={file}
              onChange={(chosen) => void readFile(chosen)}
              clearable
            />
            {reading && <Loading label={t('bulkIntake.file.reading')} />}
            {readFailure && <ReadFailure failure={readFailure} />}
            <ColumnGuide />
            <Group justify="space-between">
              <Button variant="default" onClick={() => setStep(0)}>
                {t('bulkIntake.back')}
              </Button>
              {rows.length > 0 && (
                <Button onClick={() => setStep(2)}>{t('bulkIntake.next')}</Button>
              )}
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step
          label={t('bulkIntake.steps.preview')}
          description={t('bulkIntake.steps.previewHint')}
        >
          <Stack>
            {saveProblem === 'refused' && (
              <Alert color="red" role="alert">
                {t('bulkIntake.confirm.refused')}
              </Alert>
            )}
            {notices && (notices.ignored.length > 0 || notices.exampleSkipped) && (
              <Alert color="blue">
                <Stack gap={4}>
                  {notices.ignored.length > 0 && (
                    <Text size="sm">
                      {t('bulkIntake.file.ignoredColumns', { columns: notices.ignored.join(', ') })}
                    </Text>
                  )}
                  {notices.exampleSkipped && (
                    <Text size="sm">{t('bulkIntake.file.exampleSkipped')}</Text>
                  )}
                </Stack>
              </Alert>
            )}
            {caseRefusals.length > 0 && (
              <Alert color="red" role="alert">
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">
                    {t('bulkIntake.preview.caseProblems', {
                      fields: caseRefusals.map((field) => fieldErrorText(field, t)).join(' '),
                    })}
                  </Text>
                  <Button size="xs" variant="default" onClick={() => setStep(0)}>
                    {t('bulkIntake.preview.backToCase')}
                  </Button>
                </Stack>
              </Alert>
            )}
            <Group justify="space-between" align="flex-end">
              <Text fw={700} role="status">
                {t('bulkIntake.preview.counts', {
                  total: count,
                  ready: formatNumber(rows.length - problemRows.length, i18n.language),
                  problems: formatNumber(problemRows.length, i18n.language),
                })}
              </Text>
              <SegmentedControl
                aria-label={t('bulkIntake.preview.show')}
                value={onlyProblems ? 'problems' : 'all'}
                onChange={(value) => {
                  setOnlyProblems(value === 'problems');
                  setPage(1);
                }}
                data={[
                  { value: 'problems', label: t('bulkIntake.preview.showProblems') },
                  { value: 'all', label: t('bulkIntake.preview.showAll') },
                ]}
              />
            </Group>
            <CheckNotice state={checkState} ready={ready} problems={problemRows.length} />
            {onlyProblems && problemRows.length === 0 && rows.length > 0 && (
              <Text size="sm">{t('bulkIntake.preview.noProblems')}</Text>
            )}
            <PreviewTable
              rows={pageRows}
              regionPaths={regions.paths}
              regionsLoading={regions.loading}
              onEdit={edit}
            />
            {pageCount > 1 && (
              <Pagination
                total={pageCount}
                value={page}
                onChange={setPage}
                getItemProps={(number) => ({ 'aria-label': String(number) })}
                aria-label={t('bulkIntake.preview.pages')}
              />
            )}
            <Group justify="space-between">
              <Group>
                <Button variant="default" onClick={() => setStep(1)}>
                  {t('bulkIntake.back')}
                </Button>
                <FileButton
                  onChange={(chosen) => void readFile(chosen)}
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                >
                  {(props) => (
                    <Button variant="default" {...props}>
                      {t('bulkIntake.preview.reupload')}
                    </Button>
                  )}
                </FileButton>
              </Group>
              <Group>
                <Button
                  variant="default"
                  loading={checkState === 'checking'}
                  disabled={regions.loading || rows.length === 0}
                  onClick={() => void check(rows)}
                >
                  {t('bulkIntake.preview.revalidate')}
                </Button>
                <Button disabled={!ready} onClick={() => setStep(3)}>
                  {t('bulkIntake.next')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step
          label={t('bulkIntake.steps.confirm')}
          description={t('bulkIntake.steps.confirmHint')}
        >
          <Stack maw={960}>
            <Text>
              {t('bulkIntake.confirm.summary', {
                title: caseForm.getValues().title.trim(),
                count,
              })}
            </Text>
            {saveProblem === 'failed' && (
              <Alert color="red" role="alert">
                {t('bulkIntake.confirm.failed')}
              </Alert>
            )}
            {saving && (
              <Stack gap="xs" role="status">
                <Text>{t('bulkIntake.confirm.saving', { count })}</Text>
                {/* One request: how long the service takes is not known, so the bar only moves. */}
                <Progress
                  value={100}
                  animated
                  size="lg"
                  aria-label={t('bulkIntake.confirm.progress')}
                />
              </Stack>
            )}
            <Group justify="space-between">
              <Button variant="default" disabled={saving} onClick={() => setStep(2)}>
                {t('bulkIntake.back')}
              </Button>
              <Button loading={saving} disabled={!ready} onClick={() => void save()}>
                {t('bulkIntake.confirm.submit', { count })}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}

async function downloadTemplate(kind: 'csv' | 'xlsx') {
  const template = await import('./bulk/template');
  await template.downloadTemplate(kind);
}

function CheckNotice({
  state,
  ready,
  problems,
}: {
  state: CheckState;
  ready: boolean;
  problems: number;
}) {
  const { t } = useTranslation();
  if (state === 'checking') return <Loading label={t('bulkIntake.preview.checking')} />;
  if (state === 'failed')
    return (
      <Alert color="red" role="alert">
        {t('bulkIntake.preview.checkFailed')}
      </Alert>
    );
  if (ready)
    return (
      <Alert color="green" role="status">
        {t('bulkIntake.preview.checked')}
      </Alert>
    );
  if (state === 'unchecked' && problems === 0)
    return <Text size="sm">{t('bulkIntake.preview.changed')}</Text>;
  return <Text size="sm">{t('bulkIntake.preview.editHint')}</Text>;
}

function ReadFailure({ failure }: { failure: Exclude<ReadOutcome, { ok: true }> }) {
  const { t } = useTranslation();
  const text =
    failure.problem === 'missingColumns'
      ? t('bulkIntake.file.missingColumns', {
          columns: failure.columns.map((key) => t(`bulkIntake.columns.${key}`)).join(', '),
        })
      : failure.problem === 'tooMany'
        ? t('bulkIntake.file.tooMany', { count: failure.count })
        : t(`bulkIntake.file.${failure.problem}`);
  return (
    <Alert color="red" role="alert">
      {text}
    </Alert>
  );
}

/** What each column takes, with the labels of every choice, in the reader's language. */
function ColumnGuide() {
  const { t } = useTranslation();
  return (
    <Table withTableBorder fz="sm">
      <Table.Caption>{t('bulkIntake.file.guide')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('bulkIntake.file.guideColumn')}</Table.Th>
          <Table.Th scope="col">{t('bulkIntake.file.guideRequired')}</Table.Th>
          <Table.Th scope="col">{t('bulkIntake.file.guideFormat')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {COLUMNS.map((column) => (
          <Table.Tr key={column.key}>
            <Table.Th scope="row">{t(`bulkIntake.columns.${column.key}`)}</Table.Th>
            <Table.Td>{column.required ? t('bulkIntake.file.yes') : ''}</Table.Td>
            <Table.Td>
              {t(`bulkIntake.formats.${column.format}`, {
                values: column.choices
                  ? Object.values(
                      t(`values.${column.choices}`, { returnObjects: true }) as Record<
                        string,
                        string
                      >,
                    ).join(' | ')
                  : '',
              })}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
