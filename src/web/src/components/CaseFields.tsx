import {
  Fieldset,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { useCountryOptions, useOptions } from './options';

type CaseInput = Schemas['CreateCaseDto'];

/** The case's own fields as a form holds them, before they become a request body. */
export interface CaseFieldValues {
  title: string;
  incidentType: CaseInput['incidentType'] | null;
  source: CaseInput['source'] | null;
  incidentDate: string;
  reportedDate?: string;
  exploitationCountry: string | null;
  exploitationCity?: string;
  exploitationTypes?: NonNullable<CaseInput['exploitationTypes']>;
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

/** The case's fields as the API takes them; empty optional fields are left out. */
export function caseFieldsBody(values: CaseFieldValues) {
  return {
    title: values.title.trim(),
    incidentType: values.incidentType!,
    source: values.source!,
    ...(values.incidentDate ? { incidentDate: values.incidentDate } : {}),
    ...(values.reportedDate ? { reportedDate: values.reportedDate } : {}),
    ...(values.exploitationCountry ? { exploitationCountry: values.exploitationCountry } : {}),
    ...(values.exploitationCity?.trim()
      ? { exploitationCity: values.exploitationCity.trim() }
      : {}),
    ...(values.exploitationTypes?.length ? { exploitationTypes: values.exploitationTypes } : {}),
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
  /** The city and the forms of exploitation, which a rescue from a file leaves for later. */
  withExploitationDetails?: boolean;
  /** In a fieldset of its own, or bare inside a step that has its own heading. */
  framed?: boolean;
}

/**
 * What happened, where and how it became known: the case's own fields, shared by the intake
 * forms (one victim at a time, or a whole rescue from a file).
 */
export function CaseFields({
  getInputProps,
  withReportedDate = false,
  withExploitationDetails = false,
  framed = true,
}: CaseFieldsProps) {
  const { t } = useTranslation();
  const optionsOf = useOptions();
  const countryOptions = useCountryOptions();
  const fields = (
    <Stack>
      <TextInput
        label={t('intake.caseTitle')}
        description={t('intake.caseTitleHint')}
        required
        {...getInputProps('title')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('caseView.incidentType')}
          placeholder={t('intake.choose')}
          required
          data={optionsOf('incidentType')}
          {...getInputProps('incidentType')}
        />
        <Select
          label={t('caseView.source')}
          placeholder={t('intake.choose')}
          required
          data={optionsOf('source')}
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
        {withExploitationDetails && (
          <>
            <TextInput
              label={t('intake.exploitationCity')}
              {...getInputProps('exploitationCity')}
            />
            <MultiSelect
              label={t('caseView.exploitationTypes')}
              placeholder={t('intake.chooseMany')}
              searchable
              data={optionsOf('exploitationType')}
              {...getInputProps('exploitationTypes')}
            />
          </>
        )}
      </SimpleGrid>
      <Textarea
        label={t('caseView.summary')}
        description={t('intake.summaryHint')}
        autosize
        minRows={3}
        {...getInputProps('summary')}
      />
    </Stack>
  );
  return framed ? <Fieldset legend={t('intake.incident')}>{fields}</Fieldset> : fields;
}
