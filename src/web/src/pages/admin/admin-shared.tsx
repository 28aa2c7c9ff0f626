import { Alert, Anchor, Button, Group, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, type ApiErrorBody, type ApiFieldError, data } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { useSession } from '../../session/session';

/** The admin screens are the admin's: anyone else is told so, not shown an empty page. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { session } = useSession();
  if (session?.user.role === 'admin') return children;
  return (
    <Stack>
      <Title order={1}>{t('admin.noAccess.title')}</Title>
      <Text>{t('admin.noAccess.body')}</Text>
      <Anchor component={Link} to="/cases">
        {t('app.backHome')}
      </Anchor>
    </Stack>
  );
}

/** `contactEmails[0]` (the API's field path) as the form's `contactEmails.0`. */
function formPath(apiField: string): string {
  return apiField.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * A field error in the reader's language: what the admin catalogue says of that field (its
 * format, or the service's own checks, which name no rule), else the catalogue's word for the
 * API's rule, else the API's message.
 */
export function adminFieldErrorText(error: ApiFieldError, t: TFunction): string {
  const field = formPath(error.field).split('.')[0];
  const own = t(`admin.fieldChecks.${field}`, { defaultValue: '' });
  return own !== '' ? own : fieldErrorText(error, t);
}

/** What the API's refusal means, in the reader's language, by its stable code. */
export function problemText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) return problemOf(error.body, t);
  return t('admin.errors.unreachable');
}

export function problemOf(body: ApiErrorBody | undefined, t: TFunction): string {
  const code = body?.code;
  if (code?.endsWith('.VERSION_CONFLICT')) return t('admin.errors.versionConflict');
  const text = code ? t(`admin.errors.${code.replace(/\./g, '_')}`, { defaultValue: '' }) : '';
  return text !== '' ? text : t('admin.errors.failed');
}

type SetFieldError = (path: string, error: string) => void;

/**
 * Puts an API refusal on the form: field errors on their fields (an error code that belongs to
 * one field, such as a taken email, on that field too). Returns what is left to say above the
 * form, or null when the fields say it all.
 */
export function showRefusal(
  refusal: { error?: unknown; response: Response },
  setFieldError: SetFieldError,
  t: TFunction,
  fieldOfCode: Record<string, string> = {},
): string {
  const body = refusal.error as ApiErrorBody | undefined;
  const fields = body?.details?.fields ?? [];
  if (refusal.response.status === 400 && fields.length > 0) {
    for (const field of fields) setFieldError(formPath(field.field), adminFieldErrorText(field, t));
    return t('admin.errors.invalid');
  }
  const field = body?.code ? fieldOfCode[body.code] : undefined;
  if (field) {
    setFieldError(field, problemOf(body, t));
    return t('admin.errors.invalid');
  }
  return problemOf(body, t);
}

/** A list that could not be loaded, and a way to try again. */
export function LoadFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" role="alert">
      <Group justify="space-between">
        <Text>{t('admin.loadFailed')}</Text>
        <Button size="xs" variant="white" onClick={onRetry}>
          {t('cases.retry')}
        </Button>
      </Group>
    </Alert>
  );
}

/** "Are you sure?" for what cannot simply be undone, with what went wrong if it did. */
export function ConfirmDialog({
  opened,
  title,
  body,
  confirmLabel,
  onConfirm,
  onClose,
  busy,
  problem,
}: {
  opened: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  busy: boolean;
  problem: string | null;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': t('admin.close') }}
    >
      <Stack>
        {typeof body === 'string' ? <Text>{body}</Text> : body}
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('admin.cancel')}
          </Button>
          <Button color="red.9" onClick={onConfirm} loading={busy}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function useAgency(id: string | null | undefined) {
  return useQuery({
    queryKey: ['agency', id],
    queryFn: async () =>
      data(await api.GET('/api/v1/agencies/{id}', { params: { path: { id: id! } } })),
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

/** An agency by its short name, once known. */
export function AgencyName({ id }: { id: string | null | undefined }) {
  const agency = useAgency(id);
  if (!id) return null;
  return <>{agency.data?.shortName ?? '…'}</>;
}

/**
 * An agency chosen from the directory by typing part of its name; the directory is searched by
 * the API, so it works with thousands of agencies.
 */
export function AgencyPicker({
  label,
  value,
  onChange,
  error,
  required,
  clearable,
}: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  error?: ReactNode;
  required?: boolean;
  clearable?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const chosen = useAgency(value);
  const found = useQuery({
    queryKey: ['agencies', 'search', debounced],
    queryFn: async () =>
      data(
        await api.GET('/api/v1/agencies', {
          params: { query: { limit: 20, offset: 0, ...(debounced ? { q: debounced } : {}) } },
        }),
      ),
    staleTime: 30_000,
  });
  const options = (found.data?.items ?? []).map((agency) => ({
    value: agency.id,
    label: agency.shortName,
  }));
  if (chosen.data && !options.some((option) => option.value === chosen.data.id))
    options.unshift({ value: chosen.data.id, label: chosen.data.shortName });
  return (
    <Select
      label={label}
      placeholder={t('admin.agencyPicker.placeholder')}
      searchable
      clearable={clearable}
      required={required}
      data={options}
      value={value}
      onChange={onChange}
      // Uncontrolled: the Select shows the chosen agency's name once the directory has it.
      onSearchChange={setSearch}
      // The API has filtered already; Mantine's own filter would hide a match on the full name.
      filter={({ options: all }) => all}
      nothingFoundMessage={t('admin.agencyPicker.nothingFound')}
      error={error}
    />
  );
}
