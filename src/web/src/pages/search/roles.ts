import type { SignedInUser } from '../../session/session';

type Role = SignedInUser['role'];

/**
 * Who reads cases and so may search them: not a partner agency's liaison, who sees only what is
 * referred to their agency (the API would find nothing for them).
 */
export function maySearch(role: Role | undefined): boolean {
  return role !== undefined && role !== 'agency_liaison';
}

/**
 * The API's rule for identity numbers: searching by NIK or phone, and learning that a victim may
 * be recorded twice, is for admins, supervisors and caseworkers, never for viewers or liaisons.
 */
export function maySearchByIdentity(role: Role | undefined): boolean {
  return role === 'admin' || role === 'supervisor' || role === 'caseworker';
}
