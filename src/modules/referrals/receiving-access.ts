import type { AuthenticatedUser } from '../auth/authenticated-user';
import { UserRole } from '../users/user-role';
import type { Referral } from './referral.entity';

/** Staff of a receiving agency who work its incoming referrals in Jejak, besides its liaisons. */
export const RECEIVING_STAFF_ROLES = [UserRole.Supervisor, UserRole.Caseworker];

type ReceivedReferral = Pick<Referral, 'agencyId' | 'referringAgencyId' | 'sentAt' | 'assigneeId'>;

/**
 * Who at the receiving agency sees a referral, and what they may do with it. They read only its
 * shared view, never the case: the referring agency's staff read the referral through the case
 * (CaseAccess), and should a case ever belong to the receiving agency, its staff read it so.
 */
export const ReceivingAccess = {
  /** Liaisons, supervisors and caseworkers of the agency it was sent to. */
  canRead(actor: AuthenticatedUser, referral: ReceivedReferral): boolean {
    return (
      (actor.role === UserRole.AgencyLiaison || RECEIVING_STAFF_ROLES.includes(actor.role)) &&
      actor.agencyId === referral.agencyId &&
      actor.agencyId !== referral.referringAgencyId &&
      referral.sentAt !== null
    );
  },

  /**
   * Acknowledge, progress, decline, complete: its liaisons (the focal point of an agency that only
   * answers), its supervisors, and the caseworker it is assigned to.
   */
  canAnswer(actor: AuthenticatedUser, referral: ReceivedReferral): boolean {
    if (!ReceivingAccess.canRead(actor, referral)) return false;
    if (actor.role === UserRole.Caseworker) return referral.assigneeId === actor.id;
    return true;
  },

  canAssign(actor: AuthenticatedUser, referral: ReceivedReferral): boolean {
    return ReceivingAccess.canRead(actor, referral) && actor.role === UserRole.Supervisor;
  },
};
