import { NavLink, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink } from 'react-router';
import { useSession } from '../../session/session';

// Apart from the screens themselves, which are loaded only when an admin opens one.
const SCREENS = [
  ['users', 'admin.nav.users'],
  ['agencies', 'admin.nav.agencies'],
  ['sla-policies', 'admin.nav.sla'],
  ['holidays', 'admin.nav.holidays'],
  ['notifications', 'admin.nav.notifications'],
] as const;

/** The menu's admin part, shown to admins only. */
export function AdminNavLinks() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (session?.user.role !== 'admin') return null;
  return (
    <>
      <Text size="xs" fw={700} tt="uppercase" px="sm" mt="md" mb={4} id="admin-nav-title">
        {t('admin.nav.title')}
      </Text>
      <div role="group" aria-labelledby="admin-nav-title">
        {SCREENS.map(([path, label]) => (
          <NavLink key={path} component={RouterNavLink} to={`/admin/${path}`} label={t(label)} />
        ))}
      </div>
    </>
  );
}
