import { Alert, List, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { Fact } from '../../components/Section';
import { Loading } from '../../components/TableParts';
import { countryName } from '../../format';
import { useOptions } from '../../components/options';
import type { IntakeFormApi } from './fields';
import { priorityFacts } from './intake-form';

/** The priority the service will give the case, and why, asked of the service's own rule. */
function usePrioritySuggestion(form: IntakeFormApi) {
  const [facts] = useDebouncedValue(priorityFacts(form.values), 300);
  return useQuery({
    queryKey: ['priority-suggestion', facts],
    queryFn: async () =>
      data(await api.POST('/api/v1/cases/priority-suggestion', { body: facts! })),
    enabled: facts !== null,
    staleTime: Infinity,
  });
}

/** Everything once more before it is written, and the priority the facts call for. */
export function ReviewStep({ form }: { form: IntakeFormApi }) {
  const { t, i18n } = useTranslation();
  const optionsOf = useOptions();
  const suggestion = usePrioritySuggestion(form);
  const values = form.values;
  const suggested = suggestion.data?.priority;
  const overriding = values.priority !== null && values.priority !== suggested;
  const familyCount = values.victims.reduce((sum, victim) => sum + victim.familyMembers.length, 0);

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} component="dl" m={0}>
        <Fact label={t('intake.caseTitle')}>{values.title}</Fact>
        <Fact label={t('caseView.incidentType')}>
          {values.incidentType && t(`values.incidentType.${values.incidentType}`)}
        </Fact>
        <Fact label={t('caseView.exploitationCountry')}>
          {values.exploitationCountry && countryName(values.exploitationCountry, i18n.language)}
        </Fact>
        <Fact label={t('caseView.victims')}>
          {values.victims.map((victim) => victim.fullName.trim()).join(', ')}
        </Fact>
        <Fact label={t('caseView.familyCount')}>{String(familyCount)}</Fact>
        <Fact label={t('caseView.recruiters')}>
          {values.recruiters
            .map((recruiter) => recruiter.existing?.fullName ?? recruiter.fullName.trim())
            .join(', ')}
        </Fact>
      </SimpleGrid>

      <Title order={3} size="h4">
        {t('caseView.priority')}
      </Title>
      <div aria-live="polite">
        {suggestion.isFetching && !suggestion.data && (
          <Loading label={t('intake.prioritySuggesting')} />
        )}
        {suggestion.data && (
          <Alert color={suggested === 'critical' ? 'red' : 'blue'} variant="light">
            <Text fw={700}>
              {t('intake.prioritySuggested', {
                priority: t(`values.casePriority.${suggestion.data.priority}`),
              })}
            </Text>
            {suggestion.data.reasons.length === 0 ? (
              <Text size="sm">{t('intake.priorityNoReasons')}</Text>
            ) : (
              <>
                <Text size="sm">{t('intake.priorityBecause')}</Text>
                <List size="sm">
                  {suggestion.data.reasons.map((reason) => (
                    <List.Item key={reason}>{t(`values.priorityReason.${reason}`)}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Alert>
        )}
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('intake.priorityChoice')}
          placeholder={t('intake.priorityKeepSuggested')}
          clearable
          data={optionsOf('casePriority')}
          {...form.getInputProps('priority')}
        />
        {overriding && (
          <Textarea
            label={t('intake.priorityOverrideReason')}
            required
            autosize
            minRows={2}
            {...form.getInputProps('priorityOverrideReason')}
          />
        )}
      </SimpleGrid>
    </Stack>
  );
}
