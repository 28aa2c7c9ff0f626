import { NavLink, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink as RouterNavLink, Route, Routes } from 'react-router';
import { useSession } from '../../session/session';
import { AdminOnly } from './admin-shared';
import { AgenciesPage } from './AgenciesPage';
import { HolidaysPage } from './HolidaysPage';
import { NotificationsPage } from './NotificationsPage';
import { SlaPoliciesPage } from './SlaPoliciesPage';
import { UsersPage } from './UsersPage';

/** The admin screens, under /admin; each says "no access" to anyone but an admin. */
export function AdminRoutes() {
  return (
    <AdminOnly>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="agencies" element={<AgenciesPage />} />
        <Route path="sla-policies" element={<SlaPoliciesPage />} />
        <Route path="holidays" element={<HolidaysPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
      </Routes>
    </AdminOnly>
  );
}

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
