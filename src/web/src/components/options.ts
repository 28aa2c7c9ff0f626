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
