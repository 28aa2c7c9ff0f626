import { Navigate, Route, Routes } from 'react-router';
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
