import { MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type IntakeFormApi, useCountryOptions, useOptions } from './fields';

/** What happened, where and when: the case's own fields. */
export function IncidentStep({ form }: { form: IntakeFormApi }) {
  const { t } = useTranslation();
  const optionsOf = useOptions();
  const countries = useCountryOptions();
  return (
    <Stack>
      <TextInput
        label={t('intake.caseTitle')}
        description={t('intake.caseTitleHint')}
        required
        {...form.getInputProps('title')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('caseView.incidentType')}
          placeholder={t('intake.choose')}
          required
          data={optionsOf('incidentType')}
          {...form.getInputProps('incidentType')}
        />
        <Select
          label={t('caseView.source')}
          placeholder={t('intake.choose')}
          required
          data={optionsOf('source')}
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
          data={countries}
          {...form.getInputProps('exploitationCountry')}
        />
        <TextInput
          label={t('intake.exploitationCity')}
          {...form.getInputProps('exploitationCity')}
        />
        <MultiSelect
          label={t('caseView.exploitationTypes')}
          placeholder={t('intake.chooseMany')}
          searchable
          data={optionsOf('exploitationType')}
          {...form.getInputProps('exploitationTypes')}
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
  );
}
