import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type ApiErrorBody, type Schemas } from '../api/client';
import { fieldErrorText } from '../api/field-errors';
import {
  CaseFields,
  type CaseFieldValues,
  caseFieldsBody,
  EMPTY_CASE_FIELDS,
  optionsOf,
  requiredCaseFields,
} from '../components/CaseFields';
import { RegionPicker } from '../components/RegionPicker';
import { enValues, idValues } from '../i18n/values';

type CaseInput = Schemas['CreateCaseDto'];
type VictimInput = Schemas['VictimInputDto'];

interface VictimForm {
  fullName: string;
  gender: VictimInput['gender'] | null;
  estimatedAge: number | string;
  currentSituation: VictimInput['currentSituation'] | null;
  originRegionCode: string | null;
  nik: string;
}

interface CaseForm extends CaseFieldValues {
  victims: VictimForm[];
}

const NEW_VICTIM: VictimForm = {
  fullName: '',
  gender: null,
  estimatedAge: '',
  currentSituation: null,
  originRegionCode: null,
  nik: '',
};

/** `victims[0].nik` (the API's field path) as the form's `victims.0.nik`. */
function formPath(apiField: string): string {
  return apiField.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * A new case with its victims, on one page. The API checks everything again and its field errors
 * land on their fields; nothing is written until the whole case is accepted.
 */
export function NewCasePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const labels = i18n.language === 'en' ? enValues : idValues;
  const [problem, setProblem] = useState<'invalid' | 'failed' | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const required = (value: string | number | null) =>
    value === null || String(value).trim() === '' ? t('validation.required') : null;
  const form = useForm<CaseForm>({
    mode: 'controlled',
    initialValues: { ...EMPTY_CASE_FIELDS, victims: [{ ...NEW_VICTIM }] },
    validate: {
      ...requiredCaseFields(t('validation.required')),
      victims: { fullName: required, currentSituation: required },
    },
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setSubmitting(true);
    try {
      const body: CaseInput = {
        ...caseFieldsBody(values),
        victims: values.victims.map((victim) => ({
          fullName: victim.fullName.trim(),
          currentSituation: victim.currentSituation!,
          ...(victim.gender ? { gender: victim.gender } : {}),
          ...(victim.estimatedAge !== '' ? { estimatedAge: Number(victim.estimatedAge) } : {}),
          ...(victim.originRegionCode ? { originRegionCode: victim.originRegionCode } : {}),
          ...(victim.nik.trim() ? { nik: victim.nik.trim() } : {}),
        })),
      };
      const { data: created, error, response } = await api.POST('/api/v1/cases', { body });
      if (created) {
        await queryClient.invalidateQueries({ queryKey: ['cases'] });
        void navigate(`/cases/${encodeURIComponent(created.caseNumber)}`);
        return;
      }
      const fields = (error as ApiErrorBody | undefined)?.details?.fields ?? [];
      if (response.status === 400 && fields.length > 0) {
        for (const field of fields)
          form.setFieldError(formPath(field.field), fieldErrorText(field, t));
        setProblem('invalid');
      } else setProblem('failed');
    } catch {
      setProblem('failed');
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={960}>
        <Title order={1}>{t('intake.title')}</Title>
        <Anchor component={Link} to="/cases/new/bulk">
          {t('bulkIntake.link')}
        </Anchor>
        {problem && (
          <Alert color="red" role="alert">
            {t(problem === 'invalid' ? 'intake.invalid' : 'intake.failed')}
          </Alert>
        )}
        <CaseFields getInputProps={form.getInputProps} />

        {form.values.victims.map((_, index) => (
          <Fieldset key={index} legend={t('intake.victim', { number: index + 1 })}>
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('intake.fullName')}
                  required
                  {...form.getInputProps(`victims.${index}.fullName`)}
                />
                <Select
                  label={t('caseView.situation')}
                  placeholder={t('intake.choose')}
                  required
                  data={optionsOf(labels, 'currentSituation')}
                  {...form.getInputProps(`victims.${index}.currentSituation`)}
                />
                <Select
                  label={t('caseView.gender')}
                  placeholder={t('intake.choose')}
                  data={optionsOf(labels, 'gender')}
                  {...form.getInputProps(`victims.${index}.gender`)}
                />
                <NumberInput
                  label={t('intake.estimatedAge')}
                  min={0}
                  max={120}
                  allowDecimal={false}
                  {...form.getInputProps(`victims.${index}.estimatedAge`)}
                />
                <RegionPicker
                  label={t('caseView.origin')}
                  value={form.values.victims[index].originRegionCode}
                  onChange={(code) => form.setFieldValue(`victims.${index}.originRegionCode`, code)}
                  error={form.errors[`victims.${index}.originRegionCode`]}
                />
                <TextInput
                  label={t('intake.nik')}
                  inputMode="numeric"
                  autoComplete="off"
                  {...form.getInputProps(`victims.${index}.nik`)}
                />
              </SimpleGrid>
              {form.values.victims.length > 1 && (
                <Group justify="flex-end">
                  <ActionIcon
                    variant="default"
                    size="lg"
                    aria-label={t('intake.removeVictim', { number: index + 1 })}
                    onClick={() => form.removeListItem('victims', index)}
                  >
                    ×
                  </ActionIcon>
                </Group>
              )}
            </Stack>
          </Fieldset>
        ))}
        <Group justify="space-between">
          <Button
            variant="default"
            onClick={() => form.insertListItem('victims', { ...NEW_VICTIM })}
          >
            {t('intake.addVictim')}
          </Button>
          <Button type="submit" loading={submitting}>
            {t('intake.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
