import { UserRole } from '../users/user-role';
import { ReceivingAccess } from './receiving-access';

const RECEIVING = '00000000-0000-4000-8000-00000000000a';
const REFERRING = '00000000-0000-4000-8000-00000000000b';
const ASSIGNEE = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

const referral = (extra: object = {}) => ({
  agencyId: RECEIVING,
  referringAgencyId: REFERRING,
  sentAt: new Date('2026-12-01T00:00:00Z'),
  assigneeId: ASSIGNEE,
  ...extra,
});
const user = (role: UserRole, id = OTHER, agencyId = RECEIVING) => ({ id, role, agencyId });

describe('who at the receiving agency reads, answers and assigns a referral', () => {
  it("lets its liaisons, supervisors and caseworkers read what was sent, not its viewers or another agency's staff", () => {
    for (const role of [UserRole.AgencyLiaison, UserRole.Supervisor, UserRole.Caseworker])
      expect([role, ReceivingAccess.canRead(user(role), referral())]).toEqual([role, true]);
    expect(ReceivingAccess.canRead(user(UserRole.Viewer), referral())).toBe(false);
    expect(ReceivingAccess.canRead(user(UserRole.Admin), referral())).toBe(false);
    expect(ReceivingAccess.canRead(user(UserRole.Supervisor, OTHER, REFERRING), referral())).toBe(
      false,
    );
    expect(ReceivingAccess.canRead(user(UserRole.Supervisor), referral({ sentAt: null }))).toBe(
      false,
    );
    // A case the receiving agency took over is read as its own case, not as incoming.
    expect(
      ReceivingAccess.canRead(
        user(UserRole.Supervisor),
        referral({ referringAgencyId: RECEIVING }),
      ),
    ).toBe(false);
  });

  it('lets the assigned caseworker answer, not another; liaisons and supervisors always', () => {
    expect(ReceivingAccess.canAnswer(user(UserRole.Caseworker, ASSIGNEE), referral())).toBe(true);
    expect(ReceivingAccess.canAnswer(user(UserRole.Caseworker, OTHER), referral())).toBe(false);
    expect(
      ReceivingAccess.canAnswer(
        user(UserRole.Caseworker, ASSIGNEE),
        referral({ assigneeId: null }),
      ),
    ).toBe(false);
    expect(ReceivingAccess.canAnswer(user(UserRole.AgencyLiaison), referral())).toBe(true);
    expect(ReceivingAccess.canAnswer(user(UserRole.Supervisor), referral())).toBe(true);
  });

  it('lets only its supervisors assign', () => {
    expect(ReceivingAccess.canAssign(user(UserRole.Supervisor), referral())).toBe(true);
    for (const role of [UserRole.AgencyLiaison, UserRole.Caseworker, UserRole.Admin])
      expect([role, ReceivingAccess.canAssign(user(role, ASSIGNEE), referral())]).toEqual([
        role,
        false,
      ]);
  });
});
