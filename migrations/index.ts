import { InitialSchema1764115200000 } from './1764115200000-InitialSchema';
import { LoadReferenceData1764115200001 } from './1764115200001-LoadReferenceData';
import { PasswordEmailFailures1764115200002 } from './1764115200002-PasswordEmailFailures';
import { CaseRecords1764201600000 } from './1764201600000-CaseRecords';
import { Referrals1764288000000 } from './1764288000000-Referrals';
import { AuditScopesAndPerpetratorProposals1765000000200 } from './1765000000200-AuditScopesAndPerpetratorProposals';
import { NotificationSettledOnce1765000000300 } from './1765000000300-NotificationSettledOnce';
import { ReferralResponses1765000000400 } from './1765000000400-ReferralResponses';
import { PurposeKeys1765000000500 } from './1765000000500-PurposeKeys';
import { IndexableListOrders1765000000600 } from './1765000000600-IndexableListOrders';
import { UserAuthChangeNotices1765000000700 } from './1765000000700-UserAuthChangeNotices';
import { DailyDigestRuns1765000000800 } from './1765000000800-DailyDigestRuns';
import { NotificationDestinations1765000000900 } from './1765000000900-NotificationDestinations';
import { ValueListDomains1765000001000 } from './1765000001000-ValueListDomains';
import { CaseQueues1765000001100 } from './1765000001100-CaseQueues';
import { InlinablePriorityRank1765000001110 } from './1765000001110-InlinablePriorityRank';
import { QueueOrdersWithinAgencies1765000001120 } from './1765000001120-QueueOrdersWithinAgencies';
import { IncomingReferrals1765000001200 } from './1765000001200-IncomingReferrals';
import { CaseMoves1765000001300 } from './1765000001300-CaseMoves';
import { PersonSearch1765000001400 } from './1765000001400-PersonSearch';
import { PerpetratorMerges1765000001600 } from './1765000001600-PerpetratorMerges';
import { NoLinksToMergedPerpetrators1765000001610 } from './1765000001610-NoLinksToMergedPerpetrators';
import { QueueStatusIndex1765000001700 } from './1765000001700-QueueStatusIndex';
import { RecruiterSuggestions1765000001800 } from './1765000001800-RecruiterSuggestions';
import { CaseDrafts1765000002100 } from './1765000002100-CaseDrafts';
import { CaseDocuments1765000002310 } from './1765000002310-CaseDocuments';
import { SavedFilters1765000002600 } from './1765000002600-SavedFilters';
import { ReportCaseColumns1765000002700 } from './1765000002700-ReportCaseColumns';

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
  AuditScopesAndPerpetratorProposals1765000000200,
  NotificationSettledOnce1765000000300,
  ReferralResponses1765000000400,
  PurposeKeys1765000000500,
  IndexableListOrders1765000000600,
  UserAuthChangeNotices1765000000700,
  DailyDigestRuns1765000000800,
  NotificationDestinations1765000000900,
  ValueListDomains1765000001000,
  CaseQueues1765000001100,
  InlinablePriorityRank1765000001110,
  QueueOrdersWithinAgencies1765000001120,
  IncomingReferrals1765000001200,
  CaseMoves1765000001300,
  PersonSearch1765000001400,
  PerpetratorMerges1765000001600,
  NoLinksToMergedPerpetrators1765000001610,
  QueueStatusIndex1765000001700,
  RecruiterSuggestions1765000001800,
  CaseDrafts1765000002100,
  CaseDocuments1765000002310,
  SavedFilters1765000002600,
  ReportCaseColumns1765000002700,
];
