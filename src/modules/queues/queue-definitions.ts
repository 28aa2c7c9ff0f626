import { CasePriority, CaseStatus } from '../cases/case.enums';
import { UserRole } from '../users/user-role';
import { CaseAssignment, ListCasesQueryDto } from './dto/list-cases-query.dto';

/** A case still being worked: every status but the three closed ones. */
export const OPEN_CASE_STATUSES = [
  CaseStatus.Intake,
  CaseStatus.Open,
  CaseStatus.InAssistance,
  CaseStatus.ClosureRequested,
  CaseStatus.Reopened,
];

/** An open case nobody has changed for this long is stale. */
export const STALE_AFTER_DAYS = 30;

export enum QueueName {
  Unassigned = 'unassigned',
  Mine = 'mine',
  CriticalOpen = 'critical_open',
  OverdueReferrals = 'overdue_referrals',
  /** Not cases: the open referrals other agencies sent to the caller's (see IncomingReferralQueue). */
  IncomingReferrals = 'incoming_referrals',
  AwaitingClosureApproval = 'awaiting_closure_approval',
  Stale = 'stale',
  Reopened = 'reopened',
}

/** The filters that make a named queue; they take the place of the same filters of the request. */
type QueueFilters = Pick<
  ListCasesQueryDto,
  'status' | 'priority' | 'assignment' | 'overdue' | 'inactiveDays'
>;

export interface QueueDefinition {
  name: QueueName;
  label: { id: string; en: string };
  filters: QueueFilters;
  /** Who has this queue; every role that lists cases when absent. */
  roles?: UserRole[];
}

/** The named queues, in the order a supervisor's side bar shows them. */
export const QUEUES: QueueDefinition[] = [
  {
    name: QueueName.Unassigned,
    label: { id: 'Belum ditugaskan', en: 'Unassigned' },
    filters: { status: OPEN_CASE_STATUSES, assignment: CaseAssignment.Unassigned },
  },
  {
    name: QueueName.Mine,
    label: { id: 'Kasus saya', en: 'My cases' },
    filters: { status: OPEN_CASE_STATUSES, assignment: CaseAssignment.Mine },
    roles: [UserRole.Caseworker, UserRole.Supervisor],
  },
  {
    name: QueueName.CriticalOpen,
    label: { id: 'Kritis, masih terbuka', en: 'Critical, still open' },
    filters: { status: OPEN_CASE_STATUSES, priority: [CasePriority.Critical] },
  },
  {
    name: QueueName.OverdueReferrals,
    label: { id: 'Rujukan lewat tenggat', en: 'Overdue referrals' },
    filters: { status: OPEN_CASE_STATUSES, overdue: true },
  },
  {
    name: QueueName.AwaitingClosureApproval,
    label: { id: 'Menunggu persetujuan penutupan', en: 'Awaiting closure approval' },
    filters: { status: [CaseStatus.ClosureRequested] },
  },
  {
    name: QueueName.Stale,
    label: {
      id: `Tanpa aktivitas ${STALE_AFTER_DAYS} hari`,
      en: `No activity for ${STALE_AFTER_DAYS} days`,
    },
    filters: { status: OPEN_CASE_STATUSES, inactiveDays: STALE_AFTER_DAYS },
  },
  {
    name: QueueName.Reopened,
    label: { id: 'Dibuka kembali', en: 'Reopened' },
    filters: { status: [CaseStatus.Reopened] },
  },
];

/**
 * The queue of referrals sent to the caller's agency and still open, earliest deadline first. Its
 * rows are the referrals module's, read through its IncomingReferralsReader.
 */
export const INCOMING_REFERRALS_QUEUE = {
  name: QueueName.IncomingReferrals,
  label: { id: 'Rujukan masuk', en: 'Incoming referrals' },
  /** After this case queue in the side bar. */
  after: QueueName.OverdueReferrals,
} as const;

/** The caller's queues: those of their role, if their role lists cases at all. */
export function queuesFor(role: UserRole): QueueDefinition[] {
  if (role === UserRole.AgencyLiaison) return [];
  return QUEUES.filter((queue) => !queue.roles || queue.roles.includes(role));
}
