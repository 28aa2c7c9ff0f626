import { Anchor, AppShell, Box, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet } from 'react-router';
import { useSession } from '../session/session';
import { SessionLapsedDialog } from '../session/SessionLapsedDialog';
import { AdminNavLinks } from '../pages/admin/AdminNavLinks';
import { readsReports } from '../pages/dashboard/report-readers';
import { maySearch } from '../pages/search/roles';
import { LanguageSwitch } from './LanguageSwitch';

/** The signed-in frame: a header with who is signed in, the language and signing out; the menu. */
export function Layout() {
  const { t } = useTranslation();
  const { session, lapsed, signOut } = useSession();
  const records = session?.user.role === 'caseworker' || session?.user.role === 'supervisor';
  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <Anchor href="#main" className="skip-link">
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Title order={2} size="h3">
            {t('app.name')}
          </Title>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {session && (
              <Text size="sm" visibleFrom="sm">
                {t('app.signedInAs', { name: session.user.fullName })} (
                {t(`values.userRole.${session.user.role}`)})
              </Text>
            )}
            <Button variant="default" size="xs" onClick={() => signOut()}>
              {t('app.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('app.navigation')}>
        <NavLink component={RouterNavLink} to="/cases" end label={t('cases.title')} />
        {records && (
          <NavLink component={RouterNavLink} to="/cases/new" label={t('intake.newCase')} />
        )}
        {readsReports(session?.user.role) && (
          <NavLink component={RouterNavLink} to="/dashboard" label={t('dashboard.nav')} />
        )}
        {maySearch(session?.user.role) && (
          <NavLink component={RouterNavLink} to="/search" label={t('search.nav')} />
        )}
        {/* Supervisors and caseworkers work what other agencies refer to theirs. */}
        {records && (
          <NavLink
            component={RouterNavLink}
            to="/referrals/incoming"
            label={t('incomingReferrals.nav')}
          />
        )}
        {session?.user.role === 'supervisor' && (
          <NavLink component={RouterNavLink} to="/transfers" label={t('transfers.nav')} />
        )}
        <AdminNavLinks />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {/* Hidden, not unmounted: what was typed on the screen survives signing in again. */}
        <Box hidden={lapsed}>
          <Outlet />
        </Box>
        <SessionLapsedDialog />
      </AppShell.Main>
    </AppShell>
  );
}
