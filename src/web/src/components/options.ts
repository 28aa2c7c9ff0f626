import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { countryName } from '../format';
import { enValues, idValues, type ValueLabels } from '../i18n/values';

/** Select options for the API's code lists, labelled in the reader's language. */
export function useOptions() {
  const { i18n } = useTranslation();
  const labels: ValueLabels = i18n.language === 'en' ? enValues : idValues;
  return <Key extends keyof ValueLabels>(key: Key) =>
    Object.entries(labels[key]).map(([value, label]) => ({ value, label: label }));
}

/** Countries by their name in the reader's language, sorted as they read. */
export function useCountryOptions() {
  const { i18n } = useTranslation();
  const countries = useQuery({
    queryKey: ['countries'],
    queryFn: async () => data(await api.GET('/api/v1/countries')),
    staleTime: Infinity,
  });
  return (countries.data?.items ?? [])
    .map((country) => ({ value: country.code, label: countryName(country.code, i18n.language) }))
    .sort((a, b) => a.label.localeCompare(b.label, i18n.language));
}

export interface AgencyOption {
  value: string;
  label: string;
}

/**
 * Active agencies whose names match what the reader typed (asked once they pause typing, up to
 * 100), as the options of a searchable Select: `except` (the case's own agency) left out, and the
 * agency already chosen kept while the typed text narrows the rest.
 */
export function useAgencyOptions(
  typed: string,
  except: string,
  chosen: AgencyOption | null,
): AgencyOption[] {
  const [search] = useDebouncedValue(typed.trim(), 250);
  const agencies = useQuery({
    queryKey: ['agencies', 'active', search],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/agencies', {
          params: {
            query: { active: true, limit: 100, offset: 0, ...(search ? { q: search } : {}) },
          },
        }),
      ),
    staleTime: 60_000,
  });
  const options = (agencies.data?.items ?? [])
    .filter((agency) => agency.id !== except)
    .map((agency) => ({ value: agency.id, label: agency.name }));
  if (chosen && !options.some((option) => option.value === chosen.value)) options.unshift(chosen);
  return options;
}

/**
 * The caller's agency's active caseworkers and supervisors by name, for the supervisors who give
 * them cases and incoming referrals.
 */
export function useAssignees(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'assignees'],
    queryFn: async () => data(await api.GET('/api/v1/users/assignees')),
    enabled,
    staleTime: 60_000,
  });
}
