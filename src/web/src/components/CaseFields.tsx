import { Fieldset, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../api/client';
import { countryName } from '../format';
import { enValues, idValues, type ValueLabels } from '../i18n/values';

type CaseInput = Schemas['CreateCaseDto'];

/** The case's own fields as a form holds them, before they become a request body. */
export interface CaseFieldValues {
  title: string;
  incidentType: CaseInput['incidentType'] | null;
  source: CaseInput['source'] | null;
  incidentDate: string;
  reportedDate?: string;
  exploitationCountry: string | null;
  summary: string;
}

export const EMPTY_CASE_FIELDS: CaseFieldValues = {
  title: '',
  incidentType: null,
  source: null,
  incidentDate: '',
  exploitationCountry: null,
  summary: '',
};

/** Select options for one of the API's code lists, labelled in the reader's language. */
export function optionsOf<Key extends keyof ValueLabels>(labels: ValueLabels, key: Key) {
  return Object.entries(labels[key]).map(([value, label]) => ({ value, label }));
}

/** The case's fields as the API takes them; empty optional fields are left out. */
export function caseFieldsBody(values: CaseFieldValues) {
  return {
    title: values.title.trim(),
    incidentType: values.incidentType!,
    source: values.source!,
    ...(values.incidentDate ? { incidentDate: values.incidentDate } : {}),
    ...(values.reportedDate ? { reportedDate: values.reportedDate } : {}),
    ...(values.exploitationCountry ? { exploitationCountry: values.exploitationCountry } : {}),
    ...(values.summary.trim() ? { summary: values.summary.trim() } : {}),
  } satisfies Partial<CaseInput>;
}

/** The case fields that must be filled in, as a form's validation rules. */
export function requiredCaseFields(message: string) {
  const required = (value: string | null) =>
    value === null || value.trim() === '' ? message : null;
  return { title: required, incidentType: required, source: required };
}

type CaseFieldName = keyof CaseFieldValues;

interface CaseFieldsProps {
  getInputProps: (path: CaseFieldName) => GetInputPropsReturnType;
  /** The reporting date, which otherwise defaults to today (a rescue is often logged later). */
  withReportedDate?: boolean;
}

/**
 * What happened, where and how it became known: the case's own fields, shared by the intake
 * forms (one victim at a time, or a whole rescue from a file).
 */
export function CaseFields({ getInputProps, withReportedDate = false }: CaseFieldsProps) {
  const { t, i18n } = useTranslation();
  const labels = i18n.language === 'en' ? enValues : idValues;
  const countries = useQuery({
    queryKey: ['countries'],
    queryFn: async () => data(await api.GET('/api/v1/countries')),
    staleTime: Infinity,
  });
  const countryOptions = (countries.data?.items ?? [])
    .map((country) => ({ value: country.code, label: countryName(country.code, i18n.language) }))
    .sort((a, b) => a.label.localeCompare(b.label, i18n.language));
  return (
    <Fieldset legend={t('intake.incident')}>
      <Stack>
        <TextInput label={t('intake.caseTitle')} required {...getInputProps('title')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('caseView.incidentType')}
            placeholder={t('intake.choose')}
            required
            data={optionsOf(labels, 'incidentType')}
            {...getInputProps('incidentType')}
          />
          <Select
            label={t('caseView.source')}
            placeholder={t('intake.choose')}
            required
            data={optionsOf(labels, 'source')}
            {...getInputProps('source')}
          />
          <TextInput
            type="date"
            label={t('caseView.incidentDate')}
            {...getInputProps('incidentDate')}
          />
          {withReportedDate && (
            <TextInput
              type="date"
              label={t('caseView.reportedDate')}
              {...getInputProps('reportedDate')}
            />
          )}
          <Select
            label={t('caseView.exploitationCountry')}
            placeholder={t('intake.chooseCountry')}
            searchable
            clearable
            data={countryOptions}
            {...getInputProps('exploitationCountry')}
          />
        </SimpleGrid>
        <Textarea
          label={t('caseView.summary')}
          description={t('intake.summaryHint')}
          autosize
          minRows={3}
          {...getInputProps('summary')}
        />
      </Stack>
    </Fieldset>
  );
}
