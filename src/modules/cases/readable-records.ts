import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { FamilyMember } from '../families/family-member.entity';
import { FamilyMemberNotFoundError } from '../families/families.errors';
import { Victim } from '../victims/victim.entity';
import { VictimNotFoundError } from '../victims/victims.errors';
import { VictimsRepository } from '../victims/victims.repository';
import { CaseAccess } from './case-access';
import { Case } from './case.entity';
import { CaseNotFoundError } from './cases.errors';
import { CasesRepository } from './cases.repository';

/**
 * Loads a case record (a case, a victim, a family member) together with the case that decides
 * who may see it. A record the caller may not read is "not found", exactly like a missing one.
 */
@Injectable()
export class ReadableRecords {
  constructor(
    private readonly cases: CasesRepository,
    private readonly victims: VictimsRepository,
  ) {}

  async caseFor(actor: AuthenticatedUser, caseId: string): Promise<Case> {
    const record = await this.cases.findById(caseId);
    if (!record || !CaseAccess.canRead(actor, record)) throw new CaseNotFoundError();
    return record;
  }

  async victimFor(
    actor: AuthenticatedUser,
    victimId: string,
  ): Promise<{ victim: Victim; record: Case }> {
    const victim = await this.victims.findById(victimId);
    const record = victim ? await this.cases.findById(victim.caseId) : null;
    if (!victim || !record || !CaseAccess.canRead(actor, record)) throw new VictimNotFoundError();
    return { victim, record };
  }

  async familyMemberFor(
    actor: AuthenticatedUser,
    id: string,
  ): Promise<{ member: FamilyMember; victim: Victim; record: Case }> {
    const member = await this.victims.findFamilyMember(id);
    const victim = member ? await this.victims.findById(member.victimId) : null;
    const record = victim ? await this.cases.findById(victim.caseId) : null;
    if (!member || !victim || !record || !CaseAccess.canRead(actor, record))
      throw new FamilyMemberNotFoundError();
    return { member, victim, record };
  }
}
