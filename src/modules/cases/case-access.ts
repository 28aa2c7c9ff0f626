import { UserRole } from '../users/user-role';
import { CaseStatus } from './case.enums';
import { isClosed, transitionsFrom } from './case-workflow';
import type { AuthenticatedUser } from '../auth/authenticated-user';

/** What a case looks like to the access rules. */
export interface CaseScope {
  owningAgencyId: string;
}

/**
 * Who may see and change a case. Staff of the owning agency see its cases; admins see all. A
 * partner agency's liaison never reads a case: the referrals module shows them what a referral to
 * their agency shares, and nothing else. Callers answer "not found" whenever reading is refused,
 * so that the answer never confirms that a case exists.
 */
export const CaseAccess = {
  canRead(actor: AuthenticatedUser, scope: CaseScope): boolean {
    if (actor.role === UserRole.Admin) return true;
    if (actor.role === UserRole.AgencyLiaison) return false;
    return scope.owningAgencyId === actor.agencyId;
  },

  canWrite(actor: AuthenticatedUser, scope: CaseScope): boolean {
    if (actor.role === UserRole.Admin) return true;
    if (actor.role !== UserRole.Caseworker && actor.role !== UserRole.Supervisor) return false;
    return scope.owningAgencyId === actor.agencyId;
  },

  /** Full NIK, passport, phone numbers and street addresses: read only on purpose, and audited. */
  canRevealIdentity(actor: AuthenticatedUser, scope: CaseScope): boolean {
    return CaseAccess.canWrite(actor, scope);
  },

  /**
   * Exact search by NIK, passport or phone answers "this number is on record", which is as good
   * as reading it: only for roles that may read identities somewhere (never viewers or liaisons).
   */
  maySearchByIdentity(actor: AuthenticatedUser): boolean {
    return (
      actor.role === UserRole.Admin ||
      actor.role === UserRole.Caseworker ||
      actor.role === UserRole.Supervisor
    );
  },

  /** Viewers get no identifiers at all, not even the masked last four digits. */
  seesMaskedIdentifiers(actor: AuthenticatedUser): boolean {
    return actor.role !== UserRole.Viewer;
  },

  /**
   * Who may give a case to someone (or take it from them): admins, and supervisors of the owning
   * agency. A caseworker of the owning agency may only take an unassigned case for themselves,
   * as they do from the `unassigned` queue; they never hand cases to others or take a colleague's.
   */
  canAssign(
    actor: AuthenticatedUser,
    scope: CaseScope & { assignedCaseworkerId: string | null },
    assigneeId: string | null,
  ): boolean {
    if (actor.role === UserRole.Admin) return true;
    if (scope.owningAgencyId !== actor.agencyId) return false;
    if (actor.role === UserRole.Supervisor) return true;
    return (
      actor.role === UserRole.Caseworker &&
      scope.assignedCaseworkerId === null &&
      assigneeId === actor.id
    );
  },

  /** What the caller may do with the case now (the case's `yourActions`). */
  actionsOn(
    actor: AuthenticatedUser,
    scope: CaseScope & { status: CaseStatus },
  ): { edit: boolean; revealIdentity: boolean; transitions: CaseStatus[]; transfer: boolean } {
    const edit = CaseAccess.canWrite(actor, scope);
    return {
      edit,
      revealIdentity: CaseAccess.canRevealIdentity(actor, scope),
      transitions: edit ? transitionsFrom(scope.status, CaseAccess.isSupervisor(actor)) : [],
      transfer: CaseAccess.canOfferTransfer(actor, scope),
    };
  },

  /**
   * Who may offer the case to another agency: a supervisor of the owning agency (or an admin),
   * while the case is not closed. Whether another offer already waits is the transfer's to say.
   */
  canOfferTransfer(actor: AuthenticatedUser, scope: CaseScope & { status: CaseStatus }): boolean {
    return (
      CaseAccess.isSupervisor(actor) && CaseAccess.canWrite(actor, scope) && !isClosed(scope.status)
    );
  },

  isSupervisor(actor: AuthenticatedUser): boolean {
    return actor.role === UserRole.Supervisor || actor.role === UserRole.Admin;
  },

  /** The agencies whose cases a list may show; undefined means every agency. */
  listableAgencies(actor: AuthenticatedUser): string[] | undefined {
    if (actor.role === UserRole.Admin) return undefined;
    if (actor.role === UserRole.AgencyLiaison) return [];
    return [actor.agencyId];
  },
};
