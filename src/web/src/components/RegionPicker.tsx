import { Combobox, Loader, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';

interface RegionPickerProps {
  label: string;
  value: string | null;
  onChange: (code: string | null) => void;
  error?: React.ReactNode;
  /** The full path of the region already chosen (`value`), shown when editing a record. */
  initialPath?: string;
}

/**
 * A region found by name and chosen by its full Kemendagri path ("Taman Agung, Kalianda,
 * Kabupaten Lampung Selatan, Lampung"): two villages of one name are told apart.
 */
export function RegionPicker({ label, value, onChange, error, initialPath }: RegionPickerProps) {
  const { t } = useTranslation();
  const combobox = useCombobox();
  const [text, setText] = useState(initialPath ?? '');
  const [chosenPath, setChosenPath] = useState<string | null>(initialPath ?? null);
  const [search] = useDebouncedValue(text.trim(), 250);
  const found = useQuery({
    queryKey: ['regions', 'search', search],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/regions', {
          params: { query: { q: search, limit: 10, offset: 0 } },
        }),
      ),
    enabled: search.length >= 2 && search !== chosenPath,
    staleTime: Infinity,
  });
  // A value given from outside (a draft reopened) is shown by its path, looked up once.
  const given = useQuery({
    queryKey: ['regions', [value]],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/regions', {
          params: { query: { codes: [value!], limit: 100, offset: 0 } },
        }),
      ),
    enabled: value !== null && chosenPath === null && text === '',
    staleTime: Infinity,
  });
  const shown =
    value !== null && chosenPath === null && text === ''
      ? (given.data?.items.find((region) => region.code === value)?.fullPath ?? value)
      : text;
  const options = found.data?.items ?? [];
  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(code) => {
        const region = options.find((option) => option.code === code);
        onChange(code);
        setChosenPath(region?.fullPath ?? code);
        setText(region?.fullPath ?? code);
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <TextInput
          label={label}
          description={t('intake.regionHint')}
          value={shown}
          error={error}
          autoComplete="off"
          rightSection={found.isFetching ? <Loader size="xs" /> : null}
          onChange={(event) => {
            setText(event.currentTarget.value);
            if (value !== null) onChange(null);
            setChosenPath(null);
            combobox.openDropdown();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={options.length === 0 || chosenPath !== null}>
        <Combobox.Options>
          {options.map((region) => (
            <Combobox.Option value={region.code} key={region.code}>
              {region.fullPath}
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
