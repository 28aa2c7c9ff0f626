import { InitialSchema1764115200000 } from './1764115200000-InitialSchema';
import { LoadReferenceData1764115200001 } from './1764115200001-LoadReferenceData';
import { PasswordEmailFailures1764115200002 } from './1764115200002-PasswordEmailFailures';
import { CaseRecords1764201600000 } from './1764201600000-CaseRecords';
import { Referrals1764288000000 } from './1764288000000-Referrals';
import { ReferralResponses1765000000400 } from './1765000000400-ReferralResponses';

/**
 * Every migration, in order. Listed rather than globbed so the app, the CLI and Jest load the same
 * set; test/migrations.spec.ts fails when a migration file is missing here.
 */
export const MIGRATIONS = [
  InitialSchema1764115200000,
  LoadReferenceData1764115200001,
  PasswordEmailFailures1764115200002,
  CaseRecords1764201600000,
  Referrals1764288000000,
  ReferralResponses1765000000400,
];
