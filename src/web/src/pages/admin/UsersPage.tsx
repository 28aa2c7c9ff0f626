import { useOptions } from '../../components/options';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { ColumnHeadings, Loading } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { useAgencyTimeZone } from '../../session/session';
import {
  AgencyName,
  AgencyPicker,
  ConfirmDialog,
  LoadFailed,
  problemText,
  showRefusal,
} from './admin-shared';

type User = Schemas['UserResponseDto'];
type Role = User['role'];

const PAGE_SIZE = 50;
/** A state is read whole, never cut to "Belu…". */
const BADGE_STYLES = {
  root: { height: 'auto' },
  label: { overflow: 'visible', whiteSpace: 'normal' },
} as const;

interface UserForm {
  email: string;
  fullName: string;
  role: Role | null;
  agencyId: string | null;
}

/** Staff accounts: who may sign in, with which role, for which agency. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const timeZone = useAgencyTimeZone();
  const queryClient = useQueryClient();
  const [includeDisabled, setIncludeDisabled] = useState(true);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [disabling, setDisabling] = useState<User | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const users = useInfiniteQuery({
    queryKey: ['admin', 'users', includeDisabled],
    queryFn: async ({ pageParam }) =>
      data(
        await api.GET('/api/v1/users', {
          params: { query: { limit: PAGE_SIZE, offset: pageParam, includeDisabled } },
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (page) => {
      const next = (page.offset ?? 0) + page.items.length;
      return page.total !== null && next < page.total ? next : undefined;
    },
  });
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });

  const act = useMutation({
    mutationFn: async ({ user, action }: { user: User; action: 'disable' | 'enable' | 'link' }) => {
      const path = { params: { path: { id: user.id } } };
      if (action === 'disable') data(await api.POST('/api/v1/users/{id}/disable', path));
      else if (action === 'enable') data(await api.POST('/api/v1/users/{id}/enable', path));
      else {
        // 202 with no body: success is the status alone.
        const { response, error } = await api.POST('/api/v1/users/{id}/password-link', path);
        if (!response.ok) data({ error, response });
      }
      return { user, action };
    },
    onSuccess: ({ user, action }) => {
      setDisabling(null);
      const key = { disable: 'disabled', enable: 'enabled', link: 'linkSent' }[action];
      setNotice({ text: t(`admin.users.${key}`, { name: user.fullName }), ok: true });
      void refresh();
    },
    onError: (error) => {
      if (!disabling) setNotice({ text: problemText(error, t), ok: false });
    },
  });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>{t('admin.users.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('admin.users.create')}</Button>
      </Group>
      <Switch
        label={t('admin.users.includeDisabled')}
        checked={includeDisabled}
        onChange={(event) => setIncludeDisabled(event.currentTarget.checked)}
      />
      {notice && (
        <Alert
          color={notice.ok ? 'green' : 'red'}
          role={notice.ok ? 'status' : 'alert'}
          withCloseButton
          closeButtonLabel={t('admin.close')}
          onClose={() => setNotice(null)}
        >
          {notice.text}
        </Alert>
      )}
      {users.isPending && <Loading label={t('admin.loading')} />}
      {users.isError && <LoadFailed onRetry={() => void users.refetch()} />}
      {users.isSuccess && rows.length === 0 && <Text>{t('admin.users.empty')}</Text>}
      {rows.length > 0 && (
        <ScrollArea type="auto">
          <Table striped withTableBorder miw={900} captionSide="top">
            <Table.Caption>{t('admin.users.caption')}</Table.Caption>
            <ColumnHeadings
              labels={[
                t('admin.users.nameAndEmail'),
                t('admin.users.role'),
                t('admin.users.agency'),
                t('admin.users.state'),
                t('admin.users.lastLogin'),
                t('admin.actions'),
              ]}
            />
            <Table.Tbody>
              {rows.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Text size="sm" fw={700}>
                      {user.fullName}
                    </Text>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`values.userRole.${user.role}`)}</Table.Td>
                  <Table.Td>
                    <AgencyName id={user.agencyId} />
                  </Table.Td>
                  <Table.Td>
                    <UserState user={user} />
                  </Table.Td>
                  <Table.Td>
                    {user.lastLoginAt
                      ? formatDateTime(user.lastLoginAt, i18n.language, timeZone)
                      : t('admin.users.neverSignedIn')}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" maw={260}>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('admin.users.editOne', { name: user.fullName })}
                        onClick={() => setEditing(user)}
                      >
                        {t('admin.edit')}
                      </Button>
                      {user.disabled ? (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('admin.users.enableOne', { name: user.fullName })}
                          onClick={() => act.mutate({ user, action: 'enable' })}
                        >
                          {t('admin.users.enable')}
                        </Button>
                      ) : (
                        <>
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={t('admin.users.sendLinkOne', { name: user.fullName })}
                            onClick={() => act.mutate({ user, action: 'link' })}
                          >
                            {t('admin.users.sendLink')}
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            color="red.9"
                            aria-label={t('admin.users.disableOne', { name: user.fullName })}
                            onClick={() => {
                              act.reset();
                              setDisabling(user);
                            }}
                          >
                            {t('admin.users.disable')}
                          </Button>
                        </>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {rows.length > 0 && (
        <Group justify="space-between">
          <Text size="sm" aria-live="polite">
            {t('admin.users.shown', { count: rows.length, total: users.data?.pages[0].total })}
          </Text>
          {users.hasNextPage && (
            <Button onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
              {t('cases.loadMore')}
            </Button>
          )}
        </Group>
      )}
      <ConfirmDialog
        opened={disabling !== null}
        title={t('admin.users.disableTitle')}
        body={t('admin.users.disableBody', { name: disabling?.fullName ?? '' })}
        confirmLabel={t('admin.users.disable')}
        onConfirm={() => disabling && act.mutate({ user: disabling, action: 'disable' })}
        onClose={() => setDisabling(null)}
        busy={act.isPending}
        problem={disabling && act.isError ? problemText(act.error, t) : null}
      />
      <Modal
        closeButtonProps={{ 'aria-label': t('admin.close') }}
        opened={editing !== null}
        onClose={() => {
          setEditing(null);
          // Someone else's change may have refused this one: the list shows it when reopened.
          void refresh();
        }}
        title={editing === 'new' ? t('admin.users.create') : t('admin.users.edit')}
        size="lg"
      >
        {editing !== null && (
          <UserFormBody
            user={editing === 'new' ? null : editing}
            onSaved={(saved, created) => {
              setEditing(null);
              setNotice({
                text: t(created ? 'admin.users.created' : 'admin.users.saved', {
                  name: saved.fullName,
                }),
                ok: true,
              });
              void refresh();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function UserState({ user }: { user: User }) {
  const { t } = useTranslation();
  if (user.disabled)
    return (
      <Badge color="gray.8" variant="filled" tt="none" styles={BADGE_STYLES}>
        {t('admin.users.stateDisabled')}
      </Badge>
    );
  if (!user.hasPassword)
    return (
      <Badge color="blue.9" variant="filled" tt="none" styles={BADGE_STYLES}>
        {t('admin.users.stateInvited')}
      </Badge>
    );
  return (
    <Badge color="teal.9" variant="filled" tt="none" styles={BADGE_STYLES}>
      {t('admin.users.stateActive')}
    </Badge>
  );
}

/** A new account (which is emailed a link to choose a password), or a change to one. */
function UserFormBody({
  user,
  onSaved,
}: {
  user: User | null;
  onSaved: (user: User, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const valueOptions = useOptions();
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const required = (value: string | null) =>
    value === null || value.trim() === '' ? t('validation.required') : null;
  const form = useForm<UserForm>({
    mode: 'controlled',
    initialValues: {
      email: user?.email ?? '',
      fullName: user?.fullName ?? '',
      role: user?.role ?? null,
      agencyId: user?.agencyId ?? null,
    },
    validate: { email: required, fullName: required, role: required, agencyId: required },
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setSaving(true);
    try {
      const result = user
        ? await api.PATCH('/api/v1/users/{id}', {
            params: { path: { id: user.id } },
            body: {
              version: user.version,
              fullName: values.fullName.trim(),
              role: values.role!,
              agencyId: values.agencyId!,
            },
          })
        : await api.POST('/api/v1/users', {
            body: {
              email: values.email.trim(),
              fullName: values.fullName.trim(),
              role: values.role!,
              agencyId: values.agencyId!,
            },
          });
      if (result.data) onSaved(result.data, user === null);
      else
        setProblem(
          showRefusal(result, form.setFieldError, t, {
            'USER.EMAIL_TAKEN': 'email',
          }),
        );
    } catch {
      setProblem(t('admin.errors.unreachable'));
    } finally {
      setSaving(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <TextInput
          label={t('admin.users.email')}
          description={user ? t('admin.users.emailFixed') : t('admin.users.emailHint')}
          type="email"
          required
          disabled={user !== null}
          autoComplete="off"
          {...form.getInputProps('email')}
        />
        <TextInput
          label={t('admin.users.name')}
          required
          autoComplete="off"
          {...form.getInputProps('fullName')}
        />
        <Select
          label={t('admin.users.role')}
          placeholder={t('intake.choose')}
          required
          data={valueOptions('userRole')}
          {...form.getInputProps('role')}
        />
        <AgencyPicker
          label={t('admin.users.agency')}
          required
          value={form.values.agencyId}
          onChange={(id) => form.setFieldValue('agencyId', id)}
          error={form.errors.agencyId}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            {user ? t('admin.save') : t('admin.users.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
