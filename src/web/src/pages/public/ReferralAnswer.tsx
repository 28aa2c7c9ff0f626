import { Alert, Button, Radio, Select, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorBody, Schemas } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { formatDateTime } from '../../format';

type SharedView = Schemas['ReferralSharedViewDto'];
export type ReferralAnswerAction = SharedView['allowedResponses'][number];
export type ReferralAnswerBody = Schemas['ReferralResponseDto'];
type Outcome = NonNullable<ReferralAnswerBody['outcome']>;
type AnswerEntry = Schemas['ReferralResponseEntryDto'];

const OUTCOMES: Outcome[] = ['achieved', 'partially_achieved', 'not_achieved'];

/** What the API answered to an answer, as the typed clients give it. */
export interface AnswerResult {
  data?: SharedView;
  error?: unknown;
  response: Response;
}

interface AnswerForm {
  action: ReferralAnswerAction | '';
  note: string;
  reason: string;
  outcome: Outcome | null;
  outcomeNotes: string;
}

/** One text field per action, beside the outcome a completion also asks for. */
const TEXT_FIELDS: Record<
  ReferralAnswerAction,
  { field: 'note' | 'reason' | 'outcomeNotes'; label: string; required: boolean; max: number }
> = {
  acknowledge: { field: 'note', label: 'partner.note', required: false, max: 5000 },
  progress: { field: 'note', label: 'partner.progressNoteField', required: true, max: 5000 },
  decline: { field: 'reason', label: 'partner.reasonField', required: true, max: 2000 },
  complete: {
    field: 'outcomeNotes',
    label: 'partner.outcomeNotesField',
    required: false,
    max: 5000,
  },
};

/**
 * The receiving agency's answer to a referral (acknowledge, decline with a reason, a progress
 * note, complete with an outcome): the same form behind the emailed link and in the app, only
 * the request differing. `send` posts the body; `onAnswered` gets the referral as it now is;
 * `onStale` is called when the referral changed or went away meanwhile, to read it again.
 */
export function ReferralAnswerForm({
  allowedResponses,
  send,
  onAnswered,
  onStale,
}: {
  allowedResponses: ReferralAnswerAction[];
  send: (body: ReferralAnswerBody) => Promise<AnswerResult>;
  onAnswered: (view: SharedView) => void;
  onStale: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<ReferralAnswerAction | null>(null);
  const [problem, setProblem] = useState<'invalidAnswer' | 'conflict' | 'failed' | null>(null);
  const [submitting, setSubmitting] = useState(false);
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
      const result = await send({
        action,
        note: action === 'acknowledge' || action === 'progress' ? optional(values.note) : undefined,
        reason: action === 'decline' ? optional(values.reason) : undefined,
        outcome: action === 'complete' ? (values.outcome ?? undefined) : undefined,
        outcomeNotes: action === 'complete' ? optional(values.outcomeNotes) : undefined,
      });
      if (result.data) {
        onAnswered(result.data);
        form.reset();
        setSaved(action);
        return;
      }
      const body = result.error as ApiErrorBody | undefined;
      const status = result.response.status;
      if (status === 400 && body?.details?.fields?.length) {
        for (const field of body.details.fields)
          form.setFieldError(field.field, fieldErrorText(field, t));
        setProblem('invalidAnswer');
      } else if (status === 409) {
        setProblem('conflict');
        await onStale();
      } else if (status === 403 || status === 404) {
        // The link was revoked or expired, or the referral given to someone else, while the page
        // was open: the page, read again, says so.
        await onStale();
      } else setProblem('failed');
    } catch {
      setProblem('failed');
    } finally {
      setSubmitting(false);
    }
  });

  const chosen = form.values.action;
  const text = chosen === '' ? null : TEXT_FIELDS[chosen];
  return (
    <Stack gap="md">
      {saved && (
        <Alert color="green" role="status">
          {t('partner.saved', { action: t(`values.responseAction.${saved}`) })}
        </Alert>
      )}
      {allowedResponses.length === 0 ? (
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
                {allowedResponses.map((action) => (
                  <Radio.Card key={action} value={action} p="sm" radius="md" mih={48}>
                    <Stack gap={2}>
                      <Text fw={700}>{t(`partner.actions.${action}`)}</Text>
                      <Text size="sm">{t(`partner.actionHints.${action}`)}</Text>
                    </Stack>
                  </Radio.Card>
                ))}
              </Stack>
            </Radio.Group>
            {chosen === 'complete' && (
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
            )}
            {text && (
              <Textarea
                // One field per action: switching actions starts the field afresh.
                key={`${chosen}-${form.key(text.field)}`}
                label={t(text.label)}
                required={text.required}
                size="md"
                autosize
                minRows={text.required ? 3 : 2}
                maxLength={text.max}
                {...form.getInputProps(text.field)}
              />
            )}
            <Button type="submit" size="md" loading={submitting} fullWidth>
              {submitting ? t('partner.submitting') : t('partner.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

/** The receiving agency's answers so far, oldest first, each with what it said. */
export function AnswerHistory({ answers, timeZone }: { answers: AnswerEntry[]; timeZone: string }) {
  const { t, i18n } = useTranslation();
  if (answers.length === 0) return <Text>{t('partner.noHistory')}</Text>;
  return (
    <Timeline bulletSize={16} lineWidth={2} active={answers.length}>
      {answers.map((answer) => (
        <Timeline.Item key={answer.id} title={t(`values.responseAction.${answer.action}`)}>
          <Text size="sm">
            {formatDateTime(answer.createdAt, i18n.language, timeZone)} ·{' '}
            {answer.via === 'link' ? t('partner.viaLink') : t('partner.viaAccount')}
          </Text>
          {[answer.note, answer.reason, answer.outcomeNotes].map(
            (text, index) =>
              text && (
                <Text key={index} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
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
  );
}
