import { Alert, Anchor, Button, Group, List, Stack, Stepper, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type ApiErrorBody, data } from '../api/client';
import { fieldErrorText } from '../api/field-errors';
import { formatDateTime } from '../format';
import { useAgencyTimeZone } from '../session/session';
import { IncidentStep } from './intake/IncidentStep';
import {
  createCaseBody,
  EMPTY_INTAKE,
  formPathOf,
  INTAKE_STEPS,
  type IntakeForm,
  stepOfApiField,
} from './intake/intake-form';
import { RecruitersStep } from './intake/RecruitersStep';
import { ReviewStep } from './intake/ReviewStep';
import { type DraftState, useIntakeDraft } from './intake/useIntakeDraft';
import { VictimsStep } from './intake/VictimsStep';

const LAST_STEP = INTAKE_STEPS.length - 1;

/** The step a form field is on (`victims.0.fullName` → 1). */
function stepOfFormField(path: string): number {
  return stepOfApiField(path.replace(/^recruiters/, 'perpetrators'));
}

function DraftStatus({ state }: { state: DraftState }) {
  const { t, i18n } = useTranslation();
  const timeZone = useAgencyTimeZone();
  const text =
    state.status === 'saved'
      ? t('intake.draftSaved', { when: formatDateTime(state.at, i18n.language, timeZone) })
      : state.status === 'saving'
        ? t('intake.draftSaving')
        : state.status === 'kept locally'
          ? t('intake.draftKeptLocally')
          : state.status === 'too many'
            ? t('intake.draftTooMany')
            : state.status === 'loading'
              ? t('intake.draftLoading')
              : t('intake.draftNew');
  return (
    <Text size="sm" role="status">
      {text}
    </Text>
  );
}

/** The writer's other drafts, to go back to one instead of starting again. */
function OtherDrafts({ current }: { current: string }) {
  const { t, i18n } = useTranslation();
  const timeZone = useAgencyTimeZone();
  const drafts = useQuery({
    queryKey: ['case-drafts'],
    queryFn: async () => data(await api.GET('/api/v1/case-drafts')),
  });
  const others = (drafts.data?.items ?? []).filter((draft) => draft.id !== current);
  if (others.length === 0) return null;
  return (
    <Alert color="gray" title={t('intake.otherDrafts')}>
      <List size="sm">
        {others.map((draft) => (
          <List.Item key={draft.id}>
            {/* A full load: the form is set up afresh for the draft chosen. */}
            <Anchor href={`/cases/new?draft=${draft.id}`}>
              {draft.title || t('intake.untitled')}
            </Anchor>{' '}
            {t('intake.draftLine', {
              count: draft.victimCount,
              when: formatDateTime(draft.updatedAt, i18n.language, timeZone),
            })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/**
 * A new case in four steps: the incident, its victims with their families, the recruiters (from
 * the register or new), then a review with the suggested priority. The form is kept as a draft as
 * it is filled in; the API checks everything again and its field errors open the step they are on.
 * Nothing is written as a case until the whole case is accepted.
 */
export function NewCasePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [problem, setProblem] = useState<'invalid' | 'failed' | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const required = (value: string | number | null) =>
    value === null || String(value).trim() === '' ? t('validation.required') : null;
  const form = useForm<IntakeForm>({
    mode: 'controlled',
    initialValues: EMPTY_INTAKE,
    validate: {
      title: required,
      incidentType: required,
      source: required,
      victims: {
        fullName: required,
        currentSituation: required,
        familyMembers: { fullName: required, relation: required },
      },
      recruiters: {
        fullName: (value, values, path) => {
          const index = Number(path.split('.')[1]);
          return values.recruiters[index]?.existing ? null : required(value);
        },
      },
    },
  });
  const draft = useIntakeDraft(form, step, setStep);

  /** Checks the fields of the steps up to `through`; false (and the first bad step shown) if any fails. */
  function checkThrough(through: number): boolean {
    const { errors } = form.validate();
    const blocking = Object.keys(errors).filter((path) => stepOfFormField(path) <= through);
    form.setErrors(Object.fromEntries(blocking.map((path) => [path, errors[path]])));
    if (blocking.length === 0) return true;
    setStep(Math.min(...blocking.map(stepOfFormField)));
    return false;
  }

  async function submit() {
    if (!checkThrough(LAST_STEP)) return;
    setProblem(null);
    setSubmitting(true);
    try {
      const {
        data: created,
        error,
        response,
      } = await api.POST('/api/v1/cases', {
        body: createCaseBody(form.values),
      });
      if (created) {
        await draft.discard().catch(() => undefined);
        await queryClient.invalidateQueries({ queryKey: ['cases'] });
        void navigate(`/cases/${encodeURIComponent(created.caseNumber)}`);
        return;
      }
      const fields = (error as ApiErrorBody | undefined)?.details?.fields ?? [];
      if (response.status === 400 && fields.length > 0) {
        form.setErrors(
          Object.fromEntries(
            fields.map((field) => [formPathOf(field.field), fieldErrorText(field, t)]),
          ),
        );
        setStep(Math.min(...fields.map((field) => stepOfApiField(field.field))));
        setProblem('invalid');
      } else setProblem('failed');
    } catch {
      setProblem('failed');
    } finally {
      setSubmitting(false);
    }
  }

  const panels = [
    <IncidentStep key="incident" form={form} />,
    <VictimsStep key="victims" form={form} />,
    <RecruitersStep key="recruiters" form={form} />,
    <ReviewStep key="review" form={form} />,
  ];

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (step === LAST_STEP) void submit();
        else if (checkThrough(step)) setStep(step + 1);
      }}
    >
      <Stack gap="md" maw={1100}>
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={1}>{t('intake.title')}</Title>
          <DraftStatus state={draft.state} />
        </Group>
        <Anchor component={Link} to="/cases/new/bulk">
          {t('bulkIntake.link')}
        </Anchor>
        <OtherDrafts current={draft.draftId} />
        {problem && (
          <Alert color="red" role="alert">
            {t(problem === 'invalid' ? 'intake.invalid' : 'intake.failed')}
          </Alert>
        )}
        <Stepper
          active={step}
          onStepClick={(target) => {
            if (target < step || checkThrough(target - 1)) setStep(target);
          }}
          size="sm"
          wrap
        >
          {INTAKE_STEPS.map((name, index) => (
            <Stepper.Step
              key={name}
              label={t(`intake.steps.${name}`)}
              description={t(`intake.stepHints.${name}`)}
            >
              <Title order={2} size="h3" mb="sm">
                {t(`intake.steps.${name}`)}
              </Title>
              {panels[index]}
            </Stepper.Step>
          ))}
        </Stepper>
        <Group justify="space-between">
          {step > 0 ? (
            <Button variant="default" onClick={() => setStep(step - 1)}>
              {t('intake.back')}
            </Button>
          ) : (
            <Anchor component={Link} to="/cases">
              {t('caseView.back')}
            </Anchor>
          )}
          <Button type="submit" loading={submitting}>
            {step === LAST_STEP ? t('intake.submit') : t('intake.next')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
