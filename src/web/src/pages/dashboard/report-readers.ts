import type { SignedInUser } from '../../session/session';

/**
 * Who the summary report counts cases for: staff their agency's, admins every agency's. A
 * liaison's report counts nothing (they list no case), so the dashboard is not offered to them.
 */
const REPORT_READERS: ReadonlySet<SignedInUser['role']> = new Set([
  'admin',
  'supervisor',
  'caseworker',
  'viewer',
]);

export function readsReports(role: SignedInUser['role'] | undefined): boolean {
  return role !== undefined && REPORT_READERS.has(role);
}
