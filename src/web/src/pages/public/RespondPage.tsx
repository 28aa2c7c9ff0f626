import {
  Alert,
  Button,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ApiErrorBody, data, type Schemas } from '../../api/client';
import { fileNameFor, saveSharedDocument } from '../../api/documents';
import { fieldErrorText } from '../../api/field-errors';
import { publicApi } from '../../api/public-client';
import { Loading } from '../../components/TableParts';
import { PublicFrame } from '../../components/PublicFrame';
import { formatDateTime } from '../../format';
import { fragmentToken } from './fragment-token';
import {
  type SharedDocument,
  SharedDocuments,
  SharedPeople,
  SharedSummary,
} from './SharedReferralView';

type SharedView = Schemas['ReferralSharedViewDto'];
type Action = SharedView['allowedResponses'][number];
type Outcome = NonNullable<Schemas['ReferralResponseDto']['outcome']>;

const OUTCOMES: Outcome[] = ['achieved', 'partially_achieved', 'not_achieved'];
/** The referral's own zone is always set once sent; WIB, named, if it ever is not. */
const DEFAULT_ZONE = 'Asia/Jakarta';
/** Not the token: a query key may be shown by developer tools and kept in memory caches. */
const VIEW_KEY = ['referral-by-link'];

interface AnswerForm {
  action: Action | '';
  note: string;
  reason: string;
  outcome: Outcome | null;
  outcomeNotes: string;
}

/**
 * The page behind the action link in a referral message, for the receiving agency's people who
 * have no account. The token stays in the fragment (kept there so the page can be reloaded from
 * the message) and reaches the API only in the X-Response-Token header.
 */
export function RespondPage() {
  const { t, i18n } = useTranslation();
  const [token] = useState(() => fragmentToken('respond'));
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<Action | null>(null);
  const [problem, setProblem] = useState<'invalidAnswer' | 'conflict' | 'failed' | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [downloadNotice, setDownloadNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const headers = { 'x-response-token': token };
  const view = useQuery({
    queryKey: VIEW_KEY,
    queryFn: async () =>
      data(await publicApi.GET('/api/v1/referral-responses', { params: { header: headers } })),
    enabled: token !== '',
    staleTime: Infinity,
  });
  const form = useForm<AnswerForm>({
    mode: 'controlled',
    initialValues: { action: '', note: '', reason: '', outcome: null, outcomeNotes: '' },
    validate: {
      action: (value) => (value === '' ? t('partner.required') : null),
      reason: (value, values) =>
        values.action !== 'decline'
          ? null
          : value.trim() === ''
            ? t('partner.required')
            : value.trim().length < 3
              ? t('partner.tooShort', { count: 3 })
              : null,
      note: (value, values) =>
        values.action === 'progress' && value.trim() === '' ? t('partner.required') : null,
      outcome: (value, values) =>
        values.action === 'complete' && !value ? t('partner.required') : null,
    },
  });

  const submit = form.onSubmit(async (values) => {
    if (values.action === '') return;
    const action = values.action;
    setProblem(null);
    setSaved(null);
    setSubmitting(true);
    const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
    try {
      const result = await publicApi.POST('/api/v1/referral-responses', {
        params: { header: headers },
        body: {
          action,
          note:
            action === 'acknowledge' || action === 'progress' ? optional(values.note) : undefined,
          reason: action === 'decline' ? optional(values.reason) : undefined,
          outcome: action === 'complete' ? (values.outcome ?? undefined) : undefined,
          outcomeNotes: action === 'complete' ? optional(values.outcomeNotes) : undefined,
        },
      });
      if (result.data) {
        queryClient.setQueryData(VIEW_KEY, result.data);
        form.reset();
        setSaved(action);
        return;
      }
      const body = result.error as ApiErrorBody | undefined;
      if (result.response.status === 400 && body?.details?.fields?.length) {
        for (const field of body.details.fields)
          form.setFieldError(field.field, fieldErrorText(field, t));
        setProblem('invalidAnswer');
      } else if (result.response.status === 409) {
        setProblem('conflict');
        await queryClient.invalidateQueries({ queryKey: VIEW_KEY });
      } else if (result.response.status === 404) {
        // The link was revoked or expired while the page was open: the page says so.
        await queryClient.invalidateQueries({ queryKey: VIEW_KEY });
      } else setProblem('failed');
    } catch {
      setProblem('failed');
    } finally {
      setSubmitting(false);
    }
  });

  const download = async (document: SharedDocument) => {
    const kind = t(`documents.kinds.${document.kind}`);
    setDownloading(document.id);
    setDownloadNotice(null);
    try {
      await saveSharedDocument(token, document.id, fileNameFor(kind, document.mimeType));
      setDownloadNotice({ ok: true, text: t('partner.downloaded', { kind }) });
    } catch (error) {
      // Revoked, expired, closed or withdrawn while the page was open: the page shows what is left.
      const gone = error instanceof ApiError && (error.status === 404 || error.status === 409);
      setDownloadNotice({
        ok: false,
        text: gone ? t('partner.documentGone') : t('partner.downloadFailed'),
      });
      if (gone) await queryClient.invalidateQueries({ queryKey: VIEW_KEY });
    } finally {
      setDownloading(null);
    }
  };

  if (!token)
    return (
      <PublicFrame>
        <Title order={1}>{t('partner.title')}</Title>
        <Alert color="red" role="alert">
          {t('partner.incomplete')}
        </Alert>
      </PublicFrame>
    );
  if (view.isPending)
    return (
      <PublicFrame>
        <Title order={1}>{t('partner.title')}</Title>
        <Loading label={t('partner.loading')} />
      </PublicFrame>
    );
  if (view.isError) {
    const invalid = view.error instanceof ApiError && view.error.status === 404;
    return (
      <PublicFrame>
        <Title order={1}>{t('partner.title')}</Title>
        <Alert color="red" role="alert">
          {invalid ? t('partner.invalid') : t('partner.unreachable')}
        </Alert>
        {!invalid && (
          <Button size="md" variant="default" onClick={() => void view.refetch()}>
            {t('partner.retry')}
          </Button>
        )}
      </PublicFrame>
    );
  }

  const referral = view.data;
  const timeZone = referral.timeZone || DEFAULT_ZONE;
  const chosen = form.values.action;
  const open = ['sent', 'acknowledged', 'in_progress'].includes(referral.status);
  return (
    <PublicFrame>
      <Title order={1}>{t('partner.title')}</Title>
      <Alert color="yellow" variant="light" role="note">
        <Text c="dark">{t('partner.doNotForward')}</Text>
      </Alert>
      {saved && (
        <Alert color="green" role="status">
          {t('partner.saved', { action: t(`values.responseAction.${saved}`) })}
        </Alert>
      )}

      <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="summary-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="summary-heading">
            {t('partner.summary')}
          </Title>
          <SharedSummary view={referral} timeZone={timeZone} />
          <Text size="sm" c="dimmed">
            {t('partner.times')}
          </Text>
        </Stack>
      </Paper>

      <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="answer-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="answer-heading">
            {t('partner.answer')}
          </Title>
          {referral.allowedResponses.length === 0 ? (
            <Text>{t('partner.nothingToAnswer')}</Text>
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                {problem && (
                  <Alert color="red" role="alert">
                    {t(`partner.${problem}`)}
                  </Alert>
                )}
                <Radio.Group
                  label={t('partner.chooseAnswer')}
                  required
                  size="md"
                  key={form.key('action')}
                  {...form.getInputProps('action')}
                >
                  <Stack gap="xs" mt="xs">
                    {referral.allowedResponses.map((action) => (
                      <Radio.Card key={action} value={action} p="sm" radius="md" mih={48}>
                        <Stack gap={2}>
                          <Text fw={700}>{t(`partner.actions.${action}`)}</Text>
                          <Text size="sm">{t(`partner.actionHints.${action}`)}</Text>
                        </Stack>
                      </Radio.Card>
                    ))}
                  </Stack>
                </Radio.Group>
                {chosen === 'acknowledge' && (
                  <Textarea
                    label={t('partner.note')}
                    size="md"
                    autosize
                    minRows={2}
                    maxLength={5000}
                    key={form.key('note')}
                    {...form.getInputProps('note')}
                  />
                )}
                {chosen === 'progress' && (
                  <Textarea
                    label={t('partner.progressNoteField')}
                    required
                    size="md"
                    autosize
                    minRows={3}
                    maxLength={5000}
                    key={form.key('note')}
                    {...form.getInputProps('note')}
                  />
                )}
                {chosen === 'decline' && (
                  <Textarea
                    label={t('partner.reasonField')}
                    required
                    size="md"
                    autosize
                    minRows={3}
                    maxLength={2000}
                    key={form.key('reason')}
                    {...form.getInputProps('reason')}
                  />
                )}
                {chosen === 'complete' && (
                  <>
                    <Select
                      label={t('partner.outcomeField')}
                      required
                      size="md"
                      allowDeselect={false}
                      data={OUTCOMES.map((outcome) => ({
                        value: outcome,
                        label: t(`values.referralOutcome.${outcome}`),
                      }))}
                      comboboxProps={{ withinPortal: true }}
                      key={form.key('outcome')}
                      {...form.getInputProps('outcome')}
                    />
                    <Textarea
                      label={t('partner.outcomeNotesField')}
                      size="md"
                      autosize
                      minRows={3}
                      maxLength={5000}
                      key={form.key('outcomeNotes')}
                      {...form.getInputProps('outcomeNotes')}
                    />
                  </>
                )}
                <Button type="submit" size="md" loading={submitting} fullWidth>
                  {submitting ? t('partner.submitting') : t('partner.submit')}
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="history-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="history-heading">
            {t('partner.history')}
          </Title>
          {referral.responses.length === 0 ? (
            <Text>{t('partner.noHistory')}</Text>
          ) : (
            <Timeline bulletSize={16} lineWidth={2} active={referral.responses.length}>
              {referral.responses.map((answer) => (
                <Timeline.Item key={answer.id} title={t(`values.responseAction.${answer.action}`)}>
                  <Text size="sm">
                    {formatDateTime(answer.createdAt, i18n.language, timeZone)} ·{' '}
                    {answer.via === 'link' ? t('partner.viaLink') : t('partner.viaAccount')}
                  </Text>
                  {[answer.note, answer.reason, answer.outcomeNotes].map(
                    (text, index) =>
                      text && (
                        <Text
                          key={index}
                          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                        >
                          {text}
                        </Text>
                      ),
                  )}
                  {answer.outcome && (
                    <Text>
                      {t('partner.outcome')}: {t(`values.referralOutcome.${answer.outcome}`)}
                    </Text>
                  )}
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="people-heading">
        {open ? (
          <SharedPeople
            victims={referral.victims}
            familyMembers={referral.familyMembers}
            headingId="people-heading"
          />
        ) : (
          <Stack gap="sm">
            <Title order={2} size="h3" id="people-heading">
              {t('partner.people')}
            </Title>
            <Text>{t('partner.closedNoPeople')}</Text>
          </Stack>
        )}
      </Paper>

      {open && (
        <Paper
          withBorder
          p="sm"
          radius="md"
          component="section"
          aria-labelledby="documents-heading"
        >
          <Stack gap="sm">
            <SharedDocuments
              documents={referral.documents}
              timeZone={timeZone}
              headingId="documents-heading"
              onDownload={(document) => void download(document)}
              downloading={downloading}
            />
            {downloadNotice && <DownloadNotice notice={downloadNotice} />}
          </Stack>
        </Paper>
      )}
      {/* A download refused as the referral closed: the section has gone, the reason stays. */}
      {!open && downloadNotice && <DownloadNotice notice={downloadNotice} />}
    </PublicFrame>
  );
}

function DownloadNotice({ notice }: { notice: { ok: boolean; text: string } }) {
  return (
    <Alert color={notice.ok ? 'green' : 'red'} role={notice.ok ? 'status' : 'alert'}>
      {notice.text}
    </Alert>
  );
}
