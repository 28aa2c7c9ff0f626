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
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useSession } from '../session/session';
import { requestSession, type SignInProblem } from '../session/sign-in';

export function SignInPage() {
  const { t } = useTranslation();
  const { session, ended, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [problem, setProblem] = useState<SignInProblem | null>(null);
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
    const outcome = await requestSession(values.email, values.password);
    setSubmitting(false);
    if ('session' in outcome) {
      signIn(outcome.session);
      void navigate(returnTo, { replace: true });
    } else if ('fields' in outcome)
      for (const field of outcome.fields)
        form.setFieldError(
          field,
          field === 'email' ? t('validation.email') : t('validation.required'),
        );
    else setProblem(outcome.problem);
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
