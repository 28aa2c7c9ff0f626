import {
  ActionIcon,
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, type ApiErrorBody, data, type Schemas } from '../api/client';
import { fieldErrorText } from '../api/field-errors';
import { RegionPicker } from '../components/RegionPicker';
import { countryName } from '../format';
import { enValues, idValues, type ValueLabels } from '../i18n/values';

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

interface CaseForm {
  title: string;
  incidentType: CaseInput['incidentType'] | null;
  source: CaseInput['source'] | null;
  incidentDate: string;
  exploitationCountry: string | null;
  summary: string;
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

/** Select options for one of the API's code lists, labelled in the reader's language. */
function optionsOf<Key extends keyof ValueLabels>(labels: ValueLabels, key: Key) {
  return Object.entries(labels[key]).map(([value, label]) => ({ value, label }));
}

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
  const countries = useQuery({
    queryKey: ['countries'],
    queryFn: async () => data(await api.GET('/api/v1/countries')),
    staleTime: Infinity,
  });
  const required = (value: string | number | null) =>
    value === null || String(value).trim() === '' ? t('validation.required') : null;
  const form = useForm<CaseForm>({
    mode: 'controlled',
    initialValues: {
      title: '',
      incidentType: null,
      source: null,
      incidentDate: '',
      exploitationCountry: null,
      summary: '',
      victims: [{ ...NEW_VICTIM }],
    },
    validate: {
      title: required,
      incidentType: required,
      source: required,
      victims: { fullName: required, currentSituation: required },
    },
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setSubmitting(true);
    try {
      const body: CaseInput = {
        title: values.title.trim(),
        incidentType: values.incidentType!,
        source: values.source!,
        ...(values.incidentDate ? { incidentDate: values.incidentDate } : {}),
        ...(values.exploitationCountry ? { exploitationCountry: values.exploitationCountry } : {}),
        ...(values.summary.trim() ? { summary: values.summary.trim() } : {}),
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

  const countryOptions = (countries.data?.items ?? [])
    .map((country) => ({ value: country.code, label: countryName(country.code, i18n.language) }))
    .sort((a, b) => a.label.localeCompare(b.label, i18n.language));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={960}>
        <Title order={1}>{t('intake.title')}</Title>
        {problem && (
          <Alert color="red" role="alert">
            {t(problem === 'invalid' ? 'intake.invalid' : 'intake.failed')}
          </Alert>
        )}
        <Fieldset legend={t('intake.incident')}>
          <Stack>
            <TextInput label={t('intake.caseTitle')} required {...form.getInputProps('title')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('caseView.incidentType')}
                placeholder={t('intake.choose')}
                required
                data={optionsOf(labels, 'incidentType')}
                {...form.getInputProps('incidentType')}
              />
              <Select
                label={t('caseView.source')}
                placeholder={t('intake.choose')}
                required
                data={optionsOf(labels, 'source')}
                {...form.getInputProps('source')}
              />
              <TextInput
                type="date"
                label={t('caseView.incidentDate')}
                {...form.getInputProps('incidentDate')}
              />
              <Select
                label={t('caseView.exploitationCountry')}
                placeholder={t('intake.chooseCountry')}
                searchable
                clearable
                data={countryOptions}
                {...form.getInputProps('exploitationCountry')}
              />
            </SimpleGrid>
            <Textarea
              label={t('caseView.summary')}
              description={t('intake.summaryHint')}
              autosize
              minRows={3}
              {...form.getInputProps('summary')}
            />
          </Stack>
        </Fieldset>

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
