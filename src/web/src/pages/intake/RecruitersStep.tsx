import {
  Alert,
  Button,
  Fieldset,
  Group,
  List,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { RegionPicker } from '../../components/RegionPicker';
import { useOptions } from '../../components/options';
import type { IntakeFormApi } from './fields';
import { NEW_RECRUITER, type RecruiterForm } from './intake-form';

type Suggestions = Schemas['PerpetratorSuggestionsDto'];

const listOf = (text: string) =>
  text
    .split(/[\n,;]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * The register's records that look like the recruiter being typed: the same phone or social
 * account anywhere in the caller's reach, or a close name in the same regency. Picking one links
 * the case to that record instead of writing the recruiter a second time.
 */
function useSuggestions(recruiter: RecruiterForm) {
  const typed = {
    fullName: recruiter.fullName.trim(),
    phones: listOf(recruiter.phones),
    socialHandles: listOf(recruiter.socialHandles),
    homeRegionCode: recruiter.homeRegionCode,
  };
  const [asked] = useDebouncedValue(typed, 400);
  const enough =
    asked.phones.length > 0 ||
    asked.socialHandles.length > 0 ||
    (asked.fullName.length >= 2 && asked.homeRegionCode !== null);
  return useQuery({
    queryKey: ['perpetrator-suggestions', asked],
    queryFn: async (): Promise<Suggestions> =>
      data(
        await api.POST('/api/v1/perpetrators/suggestions', {
          body: {
            ...(asked.fullName.length >= 2 ? { fullName: asked.fullName } : {}),
            ...(asked.phones.length > 0 ? { phones: asked.phones } : {}),
            ...(asked.socialHandles.length > 0 ? { socialHandles: asked.socialHandles } : {}),
            ...(asked.homeRegionCode ? { homeRegionCode: asked.homeRegionCode } : {}),
          },
        }),
      ),
    enabled: recruiter.existing === null && enough,
    // A half-typed phone number is refused (400): that only means nothing to suggest yet.
    retry: false,
    staleTime: 30_000,
  });
}

function RecruiterFields({ form, index }: { form: IntakeFormApi; index: number }) {
  const { t } = useTranslation();
  const optionsOf = useOptions();
  const at = `recruiters.${index}`;
  const recruiter = form.values.recruiters[index];
  const suggestions = useSuggestions(recruiter);
  const matched = (on: string[]) =>
    on.map((match) => t(`intake.matchedOn.${match}`, { defaultValue: match })).join(', ');

  if (recruiter.existing)
    return (
      <Paper withBorder p="sm">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={2}>
            <Text size="sm">{t('intake.fromRegister')}</Text>
            <Text fw={700}>{recruiter.existing.fullName}</Text>
            {recruiter.existing.aliases.length > 0 && (
              <Text size="sm">
                {t('intake.aliasesAre', { aliases: recruiter.existing.aliases.join(', ') })}
              </Text>
            )}
          </Stack>
          <Button variant="default" onClick={() => form.setFieldValue(`${at}.existing`, null)}>
            {t('intake.writeInstead')}
          </Button>
        </Group>
      </Paper>
    );

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('intake.fullName')}
          required
          {...form.getInputProps(`${at}.fullName`)}
        />
        <TextInput
          label={t('intake.aliases')}
          description={t('intake.listHint')}
          {...form.getInputProps(`${at}.aliases`)}
        />
        <Textarea
          label={t('intake.recruiterPhones')}
          description={t('intake.listHint')}
          autosize
          minRows={1}
          autoComplete="off"
          {...form.getInputProps(`${at}.phones`)}
        />
        <Textarea
          label={t('intake.socialHandles')}
          description={t('intake.socialHandlesHint')}
          autosize
          minRows={1}
          autoComplete="off"
          {...form.getInputProps(`${at}.socialHandles`)}
        />
        <RegionPicker
          label={t('intake.homeRegion')}
          value={recruiter.homeRegionCode}
          onChange={(code) => form.setFieldValue(`${at}.homeRegionCode`, code)}
          error={form.errors[`${at}.homeRegionCode`]}
        />
        <MultiSelect
          label={t('intake.recruiterRoles')}
          data={optionsOf('perpetratorRole')}
          {...form.getInputProps(`${at}.roles`)}
        />
      </SimpleGrid>
      {suggestions.data && suggestions.data.records.length > 0 && (
        <Paper withBorder p="sm" component="section" aria-label={t('intake.suggestionsTitle')}>
          <Title order={4} size="h5" mb="xs">
            {t('intake.suggestionsTitle')}
          </Title>
          <Stack gap="xs">
            {suggestions.data.records.map((record) => (
              <Group key={record.id} justify="space-between" wrap="wrap">
                <Stack gap={0}>
                  <Text fw={700}>{record.fullName}</Text>
                  <Text size="sm">
                    {[
                      record.aliases.length > 0
                        ? t('intake.aliasesAre', { aliases: record.aliases.join(', ') })
                        : null,
                      t('intake.matchedBy', { matches: matched(record.matchedOn) }),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </Stack>
                <Button
                  variant="light"
                  onClick={() =>
                    form.setFieldValue(`${at}.existing`, {
                      id: record.id,
                      fullName: record.fullName,
                      aliases: record.aliases,
                    })
                  }
                  aria-label={t('intake.useRecord', { name: record.fullName })}
                >
                  {t('intake.useRecordShort')}
                </Button>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}
      {suggestions.data && suggestions.data.knownElsewhere.length > 0 && (
        <Alert color="yellow" title={t('intake.knownElsewhereTitle')}>
          <List size="sm">
            {suggestions.data.knownElsewhere.map((other) => (
              <List.Item key={other.recordedByAgencyId}>
                {t('intake.knownElsewhere', {
                  agency: other.recordedByAgencyName,
                  matches: matched(other.matchedOn),
                })}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

/** The suspected recruiters and others who took part, from the register or new. */
export function RecruitersStep({ form }: { form: IntakeFormApi }) {
  const { t } = useTranslation();
  const optionsOf = useOptions();
  return (
    <Stack>
      {form.values.recruiters.length === 0 && <Text>{t('intake.noRecruiters')}</Text>}
      {form.values.recruiters.map((_, index) => (
        <Fieldset key={index} legend={t('intake.recruiter', { number: index + 1 })}>
          <Stack>
            <RecruiterFields form={form} index={index} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('caseView.relationship')}
                placeholder={t('intake.choose')}
                clearable
                data={optionsOf('relationship')}
                {...form.getInputProps(`recruiters.${index}.relationshipToVictims`)}
              />
              <TextInput
                label={t('intake.roleInCase')}
                description={t('intake.roleInCaseHint')}
                {...form.getInputProps(`recruiters.${index}.roleInCase`)}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => form.removeListItem('recruiters', index)}>
                {t('intake.removeRecruiter', { number: index + 1 })}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
      ))}
      <Group>
        <Button
          variant="default"
          onClick={() => form.insertListItem('recruiters', { ...NEW_RECRUITER })}
        >
          {t('intake.addRecruiter')}
        </Button>
      </Group>
    </Stack>
  );
}
