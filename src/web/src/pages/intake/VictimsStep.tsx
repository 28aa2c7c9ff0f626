import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RegionPicker } from '../../components/RegionPicker';
import { useCountryOptions, useOptions } from '../../components/options';
import type { IntakeFormApi } from './fields';
import { NEW_FAMILY_MEMBER, NEW_VICTIM } from './intake-form';

function FamilyMembers({ form, victim }: { form: IntakeFormApi; victim: number }) {
  const { t } = useTranslation();
  const optionsOf = useOptions();
  const path = `victims.${victim}.familyMembers`;
  const members = form.values.victims[victim].familyMembers;
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('intake.familyOf', { number: victim + 1 })}
      </Title>
      {members.length === 0 && <Text size="sm">{t('intake.noFamily')}</Text>}
      {members.map((_, index) => (
        <Fieldset
          key={index}
          variant="filled"
          legend={t('intake.familyMember', { number: index + 1 })}
        >
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput
              label={t('intake.fullName')}
              required
              {...form.getInputProps(`${path}.${index}.fullName`)}
            />
            <Select
              label={t('intake.relation')}
              placeholder={t('intake.choose')}
              required
              data={optionsOf('familyRelation')}
              {...form.getInputProps(`${path}.${index}.relation`)}
            />
            <NumberInput
              label={t('intake.age')}
              min={0}
              max={120}
              allowDecimal={false}
              {...form.getInputProps(`${path}.${index}.age`)}
            />
            <TextInput
              label={t('intake.phone')}
              type="tel"
              autoComplete="off"
              {...form.getInputProps(`${path}.${index}.phone`)}
            />
            <Switch
              mt="md"
              label={t('intake.deceased')}
              checked={!form.values.victims[victim].familyMembers[index].alive}
              onChange={(event) =>
                form.setFieldValue(`${path}.${index}.alive`, !event.currentTarget.checked)
              }
            />
            <Stack gap={4} mt="md">
              <Checkbox
                label={t('intake.primaryContact')}
                {...form.getInputProps(`${path}.${index}.primaryContact`, { type: 'checkbox' })}
              />
              <Checkbox
                label={t('intake.consentToContact')}
                {...form.getInputProps(`${path}.${index}.consentToContact`, { type: 'checkbox' })}
              />
            </Stack>
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={() => form.removeListItem(path, index)}>
              {t('intake.removeFamilyMember', { number: index + 1 })}
            </Button>
          </Group>
        </Fieldset>
      ))}
      <Group>
        <Button
          variant="default"
          onClick={() => form.insertListItem(path, { ...NEW_FAMILY_MEMBER })}
        >
          {t('intake.addFamilyMember')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Who was harmed: each victim with their origin down to the village, and their family. */
export function VictimsStep({ form }: { form: IntakeFormApi }) {
  const { t } = useTranslation();
  const optionsOf = useOptions();
  const countries = useCountryOptions();
  return (
    <Stack>
      {form.values.victims.map((victim, index) => {
        const at = `victims.${index}`;
        return (
          <Fieldset key={index} legend={t('intake.victim', { number: index + 1 })}>
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                <TextInput
                  label={t('intake.fullName')}
                  required
                  {...form.getInputProps(`${at}.fullName`)}
                />
                <Select
                  label={t('caseView.situation')}
                  placeholder={t('intake.choose')}
                  required
                  data={optionsOf('currentSituation')}
                  {...form.getInputProps(`${at}.currentSituation`)}
                />
                <Select
                  label={t('caseView.gender')}
                  placeholder={t('intake.choose')}
                  data={optionsOf('gender')}
                  {...form.getInputProps(`${at}.gender`)}
                />
                <TextInput
                  type="date"
                  label={t('intake.dateOfBirth')}
                  {...form.getInputProps(`${at}.dateOfBirth`)}
                />
                <NumberInput
                  label={t('intake.estimatedAge')}
                  min={0}
                  max={120}
                  allowDecimal={false}
                  {...form.getInputProps(`${at}.estimatedAge`)}
                />
                <TextInput
                  label={t('intake.nik')}
                  inputMode="numeric"
                  autoComplete="off"
                  {...form.getInputProps(`${at}.nik`)}
                />
                <TextInput
                  label={t('intake.phone')}
                  type="tel"
                  autoComplete="off"
                  {...form.getInputProps(`${at}.phone`)}
                />
                <Select
                  label={t('caseView.migrationChannel')}
                  placeholder={t('intake.choose')}
                  clearable
                  data={optionsOf('migrationChannel')}
                  {...form.getInputProps(`${at}.migrationChannel`)}
                />
                <TextInput
                  label={t('intake.occupationAbroad')}
                  {...form.getInputProps(`${at}.occupationAbroad`)}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <RegionPicker
                  label={t('caseView.origin')}
                  value={victim.originRegionCode}
                  onChange={(code) => form.setFieldValue(`${at}.originRegionCode`, code)}
                  error={form.errors[`${at}.originRegionCode`]}
                />
                <TextInput
                  label={t('intake.originStreet')}
                  description={t('intake.originStreetHint')}
                  autoComplete="off"
                  {...form.getInputProps(`${at}.originStreet`)}
                />
              </SimpleGrid>
              {victim.currentSituation === 'deceased' && (
                <Fieldset variant="filled" legend={t('intake.death')}>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput
                      type="date"
                      label={t('intake.deathDate')}
                      {...form.getInputProps(`${at}.deathDate`)}
                    />
                    <Select
                      label={t('intake.deathCountry')}
                      placeholder={t('intake.chooseCountry')}
                      searchable
                      clearable
                      data={countries}
                      {...form.getInputProps(`${at}.deathCountry`)}
                    />
                    <TextInput
                      label={t('intake.deathCause')}
                      {...form.getInputProps(`${at}.deathCause`)}
                    />
                    <Select
                      label={t('intake.remainsStatus')}
                      placeholder={t('intake.choose')}
                      clearable
                      data={optionsOf('remainsStatus')}
                      {...form.getInputProps(`${at}.remainsStatus`)}
                    />
                  </SimpleGrid>
                </Fieldset>
              )}
              <FamilyMembers form={form} victim={index} />
              {form.values.victims.length > 1 && (
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => form.removeListItem('victims', index)}>
                    {t('intake.removeVictim', { number: index + 1 })}
                  </Button>
                </Group>
              )}
            </Stack>
          </Fieldset>
        );
      })}
      <Group>
        <Button variant="default" onClick={() => form.insertListItem('victims', { ...NEW_VICTIM })}>
          {t('intake.addVictim')}
        </Button>
      </Group>
    </Stack>
  );
}
