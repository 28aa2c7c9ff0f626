import {
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RegionPicker } from '../../components/RegionPicker';
import { useAssignees, useCountryOptions, useOptions } from '../../components/options';
import type { CaseFilters } from './queue-url';

const SORTS = ['priority', 'lastActivity', 'created', 'incidentDate', 'nextDue'] as const;
const ASSIGNMENTS = ['assigned', 'unassigned', 'mine'] as const;

/**
 * The case list's filters, applied together: the address then changes once, so back and forward
 * step through whole sets of filters, not single keystrokes.
 */
export function CaseFiltersForm({
  filters,
  onApply,
  canPickAssignee,
}: {
  filters: CaseFilters;
  onApply: (filters: CaseFilters) => void;
  canPickAssignee: boolean;
}) {
  const { t } = useTranslation();
  const optionsOf = useOptions();
  const countries = useCountryOptions();
  const assignees = useAssignees(canPickAssignee);
  const [draft, setDraft] = useState<CaseFilters>(filters);
  const set = <Key extends keyof CaseFilters>(key: Key, value: CaseFilters[Key] | null) =>
    setDraft((current) => {
      const next = { ...current };
      if (
        value === null ||
        value === undefined ||
        value === '' ||
        (Array.isArray(value) && value.length === 0)
      )
        delete next[key];
      else next[key] = value;
      return next;
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, queue: filters.queue });
  };
  const list = <Key extends 'status' | 'priority' | 'incidentType' | 'exploitationType'>(
    key: Key,
  ) => ({
    value: (draft[key] ?? []) as string[],
    onChange: (value: string[]) => set(key, value as CaseFilters[Key]),
  });
  const date = (key: 'createdFrom' | 'createdTo' | 'incidentFrom' | 'incidentTo') => (
    <TextInput
      type="date"
      label={t(`queues.${key}`)}
      value={draft[key] ?? ''}
      onChange={(event) => set(key, event.currentTarget.value)}
    />
  );
  return (
    <form onSubmit={submit} aria-label={t('queues.filters')} noValidate>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
        <MultiSelect
          label={t('queues.status')}
          data={optionsOf('caseStatus')}
          {...list('status')}
        />
        <MultiSelect
          label={t('queues.priority')}
          data={optionsOf('casePriority')}
          {...list('priority')}
        />
        <Select
          label={t('queues.assignment')}
          placeholder={t('queues.assignmentAny')}
          clearable
          data={ASSIGNMENTS.map((value) => ({
            value,
            label: t(`queues.assignmentValues.${value}`),
          }))}
          value={draft.assignment ?? null}
          onChange={(value) => set('assignment', value as CaseFilters['assignment'])}
        />
        {canPickAssignee && (
          <Select
            label={t('queues.assignee')}
            placeholder={t('queues.assignmentAny')}
            searchable
            clearable
            data={(assignees.data?.items ?? []).map((person) => ({
              value: person.id,
              label: person.fullName,
            }))}
            value={draft.assignedCaseworkerId ?? null}
            onChange={(value) => set('assignedCaseworkerId', value)}
          />
        )}
        <RegionPicker
          label={t('queues.originRegion')}
          value={draft.originRegion ?? null}
          onChange={(code) => set('originRegion', code)}
        />
        <Select
          label={t('queues.country')}
          placeholder={t('intake.chooseCountry')}
          searchable
          clearable
          data={countries}
          value={draft.exploitationCountry ?? null}
          onChange={(value) => set('exploitationCountry', value)}
        />
        <MultiSelect
          label={t('queues.incidentType')}
          searchable
          data={optionsOf('incidentType')}
          {...list('incidentType')}
        />
        <MultiSelect
          label={t('queues.exploitationType')}
          searchable
          data={optionsOf('exploitationType')}
          {...list('exploitationType')}
        />
        <Select
          label={t('queues.overdue')}
          placeholder={t('queues.overdueAny')}
          clearable
          data={[
            { value: 'true', label: t('queues.overdueYes') },
            { value: 'false', label: t('queues.overdueNo') },
          ]}
          value={draft.overdue === undefined ? null : String(draft.overdue)}
          onChange={(value) => set('overdue', value === null ? null : value === 'true')}
        />
        <NumberInput
          label={t('queues.inactiveDays')}
          min={1}
          max={3650}
          allowDecimal={false}
          allowNegative={false}
          value={draft.inactiveDays ?? ''}
          onChange={(value) => set('inactiveDays', typeof value === 'number' ? value : null)}
        />
        {date('createdFrom')}
        {date('createdTo')}
        {date('incidentFrom')}
        {date('incidentTo')}
        <Select
          label={t('queues.sort')}
          allowDeselect={false}
          data={SORTS.map((value) => ({ value, label: t(`queues.sortValues.${value}`) }))}
          value={draft.sort ?? 'priority'}
          onChange={(value) => set('sort', value as CaseFilters['sort'])}
        />
      </SimpleGrid>
      <Group mt="sm" gap="sm">
        <Button type="submit">{t('queues.apply')}</Button>
        <Button variant="default" onClick={() => onApply({ queue: filters.queue })}>
          {t('queues.clear')}
        </Button>
      </Group>
    </form>
  );
}
