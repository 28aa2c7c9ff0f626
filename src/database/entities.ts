import { Agency } from '../modules/agencies/agency.entity';
import { AuditEvent } from '../modules/audit/audit-event.entity';
import { CaseNote } from '../modules/cases/case-note.entity';
import { Case } from '../modules/cases/case.entity';
import { FamilyMember } from '../modules/families/family-member.entity';
import { CasePerpetrator } from '../modules/perpetrators/case-perpetrator.entity';
import { Perpetrator } from '../modules/perpetrators/perpetrator.entity';
import { PerpetratorChangeProposal } from '../modules/perpetrators/perpetrator-change-proposal.entity';
import { Country } from '../modules/regions/country.entity';
import { Region } from '../modules/regions/region.entity';
import { PasswordSetupToken } from '../modules/users/password-setup-token.entity';
import { User } from '../modules/users/user.entity';
import { Victim } from '../modules/victims/victim.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { Holiday } from '../modules/referrals/holiday.entity';
import { ReferralResponseLink } from '../modules/referrals/referral-response-link.entity';
import { ReferralResponse } from '../modules/referrals/referral-response.entity';
import { Referral } from '../modules/referrals/referral.entity';
import { SlaPolicy } from '../modules/referrals/sla-policy.entity';
import { CaseTask } from '../modules/tasks/case-task.entity';
import { CaseDocument } from '../modules/documents/case-document.entity';

export const ENTITIES = [
  Agency,
  AuditEvent,
  Case,
  CaseDocument,
  CaseNote,
  CasePerpetrator,
  CaseTask,
  Country,
  FamilyMember,
  Holiday,
  Notification,
  PasswordSetupToken,
  Perpetrator,
  PerpetratorChangeProposal,
  Referral,
  ReferralResponse,
  ReferralResponseLink,
  Region,
  SlaPolicy,
  User,
  Victim,
];
