import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from './session';
import { requestSession, type SignInProblem } from './sign-in';

/**
 * Signing in again over the screen whose session lapsed, as the same person: the screen stays
 * as it was (half-filled forms included) and comes back once the password is given. Someone else
 * at the computer signs out instead, which leaves nothing of the previous person's forms.
 */
export function SessionLapsedDialog() {
  const { t } = useTranslation();
  const { session, lapsed, signIn, signOut } = useSession();
  const [problem, setProblem] = useState<SignInProblem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { password: '' },
    validate: { password: (value) => (value === '' ? t('validation.required') : null) },
  });
  useEffect(() => {
    if (!lapsed) return;
    document.body.setAttribute('data-session-lapsed', '');
    return () => document.body.removeAttribute('data-session-lapsed');
  }, [lapsed]);
  if (!session) return null;
  const email = session.user.email;

  const submit = form.onSubmit(async ({ password }) => {
    setProblem(null);
    setSubmitting(true);
    const outcome = await requestSession(email, password);
    setSubmitting(false);
    if ('session' in outcome) {
      // The same account only: another person's session must not inherit this screen.
      if (outcome.session.user.id !== session.user.id) return signOut();
      form.reset();
      signIn(outcome.session);
    } else if ('fields' in outcome) form.setFieldError('password', t('validation.required'));
    else setProblem(outcome.problem);
  });

  return (
    <Modal
      opened={lapsed}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title={t('signIn.lapsedTitle')}
      centered
      // In place, not in a portal: every portal is hidden while the session is lapsed (app.css).
      withinPortal={false}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text>{t('signIn.lapsedBody', { email })}</Text>
          {problem && (
            <Alert color="red" role="alert">
              {t(`signIn.${problem}`)}
            </Alert>
          )}
          {/* For the browser's password manager: the account being signed in to. */}
          <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
          <PasswordInput
            label={t('signIn.password')}
            autoComplete="current-password"
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.togglePassword') }}
            required
            data-autofocus
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Group justify="space-between">
            <Button variant="default" onClick={() => signOut()}>
              {t('signIn.lapsedSignOut')}
            </Button>
            <Button type="submit" loading={submitting}>
              {t('signIn.lapsedSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
