import {
  Alert,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, type ApiErrorBody } from '../api/client';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useSession } from '../session/session';

type Problem = 'failed' | 'tooMany' | 'unreachable';

export function SignInPage() {
  const { t } = useTranslation();
  const { session, ended, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) =>
        value.trim() === ''
          ? t('validation.required')
          : /^\S+@\S+\.\S+$/.test(value.trim())
            ? null
            : t('validation.email'),
      password: (value) => (value === '' ? t('validation.required') : null),
    },
  });
  const returnTo = (location.state as { from?: string } | null)?.from ?? '/cases';
  if (session) return <Navigate to={returnTo} replace />;

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setSubmitting(true);
    try {
      const { data, error, response } = await api.POST('/api/v1/auth/login', {
        body: { email: values.email.trim(), password: values.password },
      });
      if (data) {
        signIn({
          token: data.accessToken,
          user: data.user,
          expiresAt: Date.now() + data.expiresIn * 1000,
        });
        void navigate(returnTo, { replace: true });
        return;
      }
      const body = error as ApiErrorBody | undefined;
      if (response.status === 429) setProblem('tooMany');
      else if (response.status === 400 && body?.details?.fields?.length)
        // The API's own field messages, on the fields (it checks the same rules as the form).
        for (const field of body.details.fields)
          form.setFieldError(
            field.field,
            field.field === 'email' ? t('validation.email') : t('validation.required'),
          );
      else setProblem('failed');
    } catch {
      setProblem('unreachable');
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <Container size={420} py="xl" component="main" id="main">
      <Stack gap="md">
        <LanguageSwitch />
        <Title order={1}>{t('signIn.title')}</Title>
        <Text>{t('app.tagline')}</Text>
        {ended === 'expired' && !problem && (
          <Alert color="yellow" role="status">
            {t('signIn.expired')}
          </Alert>
        )}
        {problem && (
          <Alert color="red" role="alert">
            {t(`signIn.${problem}`)}
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack>
              <TextInput
                label={t('signIn.email')}
                type="email"
                autoComplete="username"
                required
                key={form.key('email')}
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label={t('signIn.password')}
                autoComplete="current-password"
                visibilityToggleButtonProps={{ 'aria-label': t('signIn.togglePassword') }}
                required
                key={form.key('password')}
                {...form.getInputProps('password')}
              />
              <Button type="submit" loading={submitting} fullWidth>
                {submitting ? t('signIn.submitting') : t('signIn.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Container>
  );
}
