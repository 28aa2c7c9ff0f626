import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiErrorBody } from '../../api/client';
import { fieldErrorText } from '../../api/field-errors';
import { publicApi } from '../../api/public-client';
import { PublicFrame } from '../../components/PublicFrame';
import { fragmentToken } from './fragment-token';

/** The API's rule (CompletePasswordSetupDto): 12 to 200 characters, not only spaces. */
const PASSWORD_LENGTH = { min: 12, max: 200 };

type Problem = 'invalid' | 'tooMany' | 'unreachable';

/**
 * Where the emailed password link leads. The token is read from the fragment and then taken out
 * of the address bar: the link works once, and nobody should find it in the history afterwards.
 */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const [token] = useState(() => fragmentToken('set-password', { forget: true }));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { password: '', repeat: '' },
    validate: {
      password: (value) =>
        value === ''
          ? t('setPassword.required')
          : value.length < PASSWORD_LENGTH.min
            ? t('setPassword.tooShort')
            : value.length > PASSWORD_LENGTH.max
              ? t('setPassword.tooLong')
              : value.trim() === ''
                ? t('setPassword.blank')
                : null,
      repeat: (value, values) => (value !== values.password ? t('setPassword.mismatch') : null),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setSubmitting(true);
    try {
      const { error, response } = await publicApi.POST('/api/v1/auth/password-setup', {
        body: { token, password: values.password },
      });
      if (response.status === 204) {
        setSaved(true);
        return;
      }
      const body = error as ApiErrorBody | undefined;
      const passwordErrors = body?.details?.fields?.filter((field) => field.field === 'password');
      if (response.status === 429) setProblem('tooMany');
      else if (response.status === 400 && passwordErrors?.length)
        form.setFieldError('password', fieldErrorText(passwordErrors[0], t));
      else setProblem('invalid');
    } catch {
      setProblem('unreachable');
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <PublicFrame size="xs">
      <Title order={1}>{t('setPassword.title')}</Title>
      {!token ? (
        <Alert color="red" role="alert">
          {t('setPassword.incomplete')}
        </Alert>
      ) : saved ? (
        <Stack>
          <Alert color="green" role="status">
            {t('setPassword.saved')}
          </Alert>
          <Button component={Link} to="/login" size="md">
            {t('setPassword.signIn')}
          </Button>
        </Stack>
      ) : (
        <>
          <Text>{t('setPassword.intro')}</Text>
          {problem && (
            <Alert color="red" role="alert">
              {t(`setPassword.${problem}`)}
            </Alert>
          )}
          <Paper withBorder p="md" radius="md">
            <form onSubmit={submit} noValidate>
              <Stack>
                <PasswordInput
                  label={t('setPassword.password')}
                  description={t('setPassword.rules')}
                  autoComplete="new-password"
                  required
                  size="md"
                  visibilityToggleButtonProps={{ 'aria-label': t('setPassword.togglePassword') }}
                  key={form.key('password')}
                  {...form.getInputProps('password')}
                />
                <PasswordInput
                  label={t('setPassword.repeat')}
                  autoComplete="new-password"
                  required
                  size="md"
                  visibilityToggleButtonProps={{ 'aria-label': t('setPassword.togglePassword') }}
                  key={form.key('repeat')}
                  {...form.getInputProps('repeat')}
                />
                <Button type="submit" size="md" loading={submitting} fullWidth>
                  {submitting ? t('setPassword.submitting') : t('setPassword.submit')}
                </Button>
              </Stack>
            </form>
          </Paper>
        </>
      )}
      {problem === 'invalid' && (
        <Anchor component={Link} to="/login">
          {t('setPassword.signIn')}
        </Anchor>
      )}
    </PublicFrame>
  );
}
