import { MessageLanguage } from '../agencies/agency.enums';
import { CaseAccess } from '../cases/case-access';
import { UserRole } from '../users/user-role';
import { renderAssignment, renderTransfer } from './case-moves-message-copy';

const AGENCY = 'a0000000-0000-4000-8000-000000000001';
const OTHER = 'a0000000-0000-4000-8000-000000000002';
const user = (role: UserRole, id: string, agencyId = AGENCY) => ({ id, role, agencyId });

describe('CaseAccess.canAssign', () => {
  const supervisor = user(UserRole.Supervisor, 'sup');
  const caseworker = user(UserRole.Caseworker, 'cw');
  const unassigned = { owningAgencyId: AGENCY, assignedCaseworkerId: null };
  const colleagues = { owningAgencyId: AGENCY, assignedCaseworkerId: 'cw2' };

  it('lets supervisors of the owning agency and admins give any case to anyone, or take it back', () => {
    for (const target of ['cw', 'cw2', null]) {
      expect(CaseAccess.canAssign(supervisor, colleagues, target)).toBe(true);
      expect(CaseAccess.canAssign(user(UserRole.Admin, 'adm', OTHER), colleagues, target)).toBe(
        true,
      );
    }
    expect(CaseAccess.canAssign(user(UserRole.Supervisor, 's2', OTHER), unassigned, 'cw')).toBe(
      false,
    );
  });

  it('lets a caseworker take an unassigned case of their agency for themselves, and nothing else', () => {
    expect(CaseAccess.canAssign(caseworker, unassigned, 'cw')).toBe(true);
    expect(CaseAccess.canAssign(caseworker, unassigned, 'cw2')).toBe(false);
    expect(CaseAccess.canAssign(caseworker, unassigned, null)).toBe(false);
    expect(CaseAccess.canAssign(caseworker, colleagues, 'cw')).toBe(false);
    expect(CaseAccess.canAssign(user(UserRole.Caseworker, 'cw', OTHER), unassigned, 'cw')).toBe(
      false,
    );
  });

  it('never lets viewers or liaisons assign', () => {
    for (const role of [UserRole.Viewer, UserRole.AgencyLiaison])
      expect(CaseAccess.canAssign(user(role, 'v'), unassigned, 'v')).toBe(false);
  });
});

describe('case move messages', () => {
  it('list the case numbers in the recipient’s language, and nothing else about the cases', () => {
    const numbers = ['LPG-2024-000123', 'LPG-2024-000124'];
    const id = renderAssignment({
      language: MessageLanguage.Indonesian,
      recipientName: 'Dewi Lestari',
      caseNumbers: numbers,
      queueUrl: 'https://jejak.example/api/v1/queues/mine',
    });
    expect(id.subject).toBe('[Jejak] 2 kasus ditugaskan kepada Anda');
    expect(id.text).toContain('Yth. Dewi Lestari,');
    for (const number of numbers) expect(id.text).toContain(`- ${number}`);
    const en = renderAssignment({
      language: MessageLanguage.English,
      recipientName: 'Dewi Lestari',
      caseNumbers: numbers.slice(0, 1),
      queueUrl: 'https://jejak.example/api/v1/queues/mine',
    });
    expect(en.subject).toBe('[Jejak] 1 case assigned to you');
    expect(en.text).toContain('The following case is assigned to you:');
  });

  it('say who asked, who decides and what was decided', () => {
    const base = {
      recipientName: 'Budi',
      caseNumber: 'LPG-2024-000123',
      fromAgency: 'Disnakertrans Lampung Selatan',
      toAgency: 'BP3MI Lampung',
      transferUrl: 'https://jejak.example/api/v1/transfers/t1',
    };
    const requested = renderTransfer({
      ...base,
      language: MessageLanguage.Indonesian,
      event: 'requested',
    });
    expect(requested.subject).toBe(
      '[Jejak] Permintaan pemindahan kasus LPG-2024-000123 ke BP3MI Lampung',
    );
    expect(requested.text).toContain('Disnakertrans Lampung Selatan meminta');
    const refused = renderTransfer({
      ...base,
      language: MessageLanguage.English,
      event: 'refused',
    });
    expect(refused.subject).toBe('[Jejak] Transfer of case LPG-2024-000123: refused');
    expect(refused.text).toContain('was refused by BP3MI Lampung');
    const accepted = renderTransfer({
      ...base,
      language: MessageLanguage.Indonesian,
      event: 'accepted',
    });
    expect(accepted.text).toContain('Kasus kini ditangani oleh BP3MI Lampung.');
  });
});
