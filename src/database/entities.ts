import { Agency } from '../modules/agencies/agency.entity';
import { AuditEvent } from '../modules/audit/audit-event.entity';
import { CaseNote } from '../modules/cases/case-note.entity';
import { Case } from '../modules/cases/case.entity';
import { FamilyMember } from '../modules/families/family-member.entity';
import { CasePerpetrator } from '../modules/perpetrators/case-perpetrator.entity';
import { Perpetrator } from '../modules/perpetrators/perpetrator.entity';
import { Country } from '../modules/regions/country.entity';
import { Region } from '../modules/regions/region.entity';
import { PasswordSetupToken } from '../modules/users/password-setup-token.entity';
import { User } from '../modules/users/user.entity';
import { Victim } from '../modules/victims/victim.entity';

export const ENTITIES = [
  Agency,
  AuditEvent,
  Case,
  CaseNote,
  CasePerpetrator,
  Country,
  FamilyMember,
  PasswordSetupToken,
  Perpetrator,
  Region,
  User,
  Victim,
];
