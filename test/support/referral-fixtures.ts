import { randomBytes } from 'node:crypto';
import { UserRole } from '../../src/modules/users/user-role';
import { createCase, ahmadJayaniCase } from './case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './factories';
import { TestApp } from './test-app';

export interface ReferralWorld {
  admin: SignedInUser;
  caseworker: SignedInUser;
  supervisor: SignedInUser;
  referringAgencyId: string;
  receivingAgencyId: string;
  liaison: SignedInUser;
  /** Addresses the receiving agency is reached at. */
  agencyEmail: string;
  escalationEmail: string;
  caseId: string;
  caseNumber: string;
  victimId: string;
  familyMemberIds: string[];
}

/**
 * A referring agency with a caseworker and a supervisor, the Ahmad Jayani case, and a receiving
 * agency (legal aid) with a contact address, an escalation contact, a liaison and, when given,
 * a webhook URL.
 */
export async function referralWorld(
  t: TestApp,
  options: { webhookUrl?: string; preferredLanguage?: 'id' | 'en'; timeZone?: string } = {},
): Promise<ReferralWorld> {
  const tag = randomBytes(3).toString('hex');
  const referring = await createAgency(t);
  const receiving = await createAgency(t, { name: `LBH Bandar Lampung ${tag}` });
  const agencyEmail = `lbh-${tag}@example.org`;
  const escalationEmail = `kepala-lbh-${tag}@example.org`;
  await t.db.query(
    `UPDATE agencies SET contact_emails = $2, escalation_contact_name = 'Kepala LBH',
            escalation_contact_email = $3, webhook_url = $4, preferred_language = $5, time_zone = $6
     WHERE id = $1`,
    [
      receiving.id,
      [agencyEmail],
      escalationEmail,
      options.webhookUrl ?? null,
      options.preferredLanguage ?? 'id',
      options.timeZone ?? 'Asia/Jakarta',
    ],
  );
  const admin = await createUser(t, UserRole.Admin, { agencyId: referring.id });
  const caseworker = await createUser(t, UserRole.Caseworker, { agencyId: referring.id });
  const supervisor = await createUser(t, UserRole.Supervisor, { agencyId: referring.id });
  const liaison = await createUser(t, UserRole.AgencyLiaison, { agencyId: receiving.id });
  const created = (await createCase(
    t,
    caseworker,
    ahmadJayaniCase({ supervisorId: supervisor.id, assignedCaseworkerId: caseworker.id }),
  )) as {
    id: string;
    caseNumber: string;
    victims: Array<{ id: string; familyMembers: Array<{ id: string }> }>;
  };
  return {
    admin,
    caseworker,
    supervisor,
    liaison,
    referringAgencyId: referring.id,
    receivingAgencyId: receiving.id,
    agencyEmail,
    escalationEmail,
    caseId: created.id,
    caseNumber: created.caseNumber,
    victimId: created.victims[0].id,
    familyMemberIds: created.victims[0].familyMembers.map((m) => m.id),
  };
}

/** Sets the policy for one service and priority, through the admin API. */
export async function setPolicy(
  t: TestApp,
  admin: SignedInUser,
  service: string,
  priority: string,
  changes: Record<string, unknown>,
): Promise<void> {
  const listed = await t
    .http()
    .get(`/api/v1/sla-policies?service=${service}&priority=${priority}`)
    .set(...bearer(admin));
  const policy = (listed.body.items as Array<{ id: string; version: number }>)[0];
  const updated = await t
    .http()
    .patch(`/api/v1/sla-policies/${policy.id}`)
    .set(...bearer(admin))
    .send({ version: policy.version, ...changes });
  if (updated.status !== 200)
    throw new Error(`policy update failed: ${updated.status} ${JSON.stringify(updated.body)}`);
}

/** A policy measured in seconds, so a whole reminder chain plays out within a test. */
export const SECONDS_POLICY = {
  acknowledgeAmount: 2,
  acknowledgeUnit: 'seconds',
  completeAmount: 6,
  completeUnit: 'seconds',
  remindBeforeDueAmount: 2,
  remindBeforeDueUnit: 'seconds',
  overdueEveryAmount: 2,
  overdueEveryUnit: 'seconds',
  escalateAfterReminders: 2,
};

/** The action link's token, as found in a message body. */
export function tokenFromText(text: string): string {
  const match = /(?:\/respond#token=|\/api\/v1\/referral-responses\/)([A-Za-z0-9_.-]+)/.exec(text);
  if (!match) throw new Error(`no action link in: ${text}`);
  return match[1];
}
