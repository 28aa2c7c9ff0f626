import { CaseStatus } from './case.enums';

interface TransitionRule {
  to: CaseStatus;
  /** Closing and reopening are a supervisor's decision. */
  supervisorOnly: boolean;
}

const rule = (to: CaseStatus, supervisorOnly = false): TransitionRule => ({ to, supervisorOnly });

const CLOSED_STATES = [CaseStatus.Closed, CaseStatus.ClosedDuplicate, CaseStatus.ClosedUnfounded];

export const CASE_TRANSITIONS: Record<CaseStatus, TransitionRule[]> = {
  [CaseStatus.Intake]: [
    rule(CaseStatus.Open),
    rule(CaseStatus.ClosedDuplicate, true),
    rule(CaseStatus.ClosedUnfounded, true),
  ],
  [CaseStatus.Open]: [
    rule(CaseStatus.InAssistance),
    rule(CaseStatus.ClosureRequested),
    rule(CaseStatus.ClosedDuplicate, true),
    rule(CaseStatus.ClosedUnfounded, true),
  ],
  [CaseStatus.InAssistance]: [rule(CaseStatus.ClosureRequested)],
  // A supervisor approves (closed) or sends the case back (in_assistance).
  [CaseStatus.ClosureRequested]: [rule(CaseStatus.Closed, true), rule(CaseStatus.InAssistance)],
  [CaseStatus.Closed]: [rule(CaseStatus.Reopened, true)],
  [CaseStatus.ClosedDuplicate]: [rule(CaseStatus.Reopened, true)],
  [CaseStatus.ClosedUnfounded]: [rule(CaseStatus.Reopened, true)],
  [CaseStatus.Reopened]: [rule(CaseStatus.InAssistance), rule(CaseStatus.ClosureRequested)],
};

export type TransitionVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'illegal'; allowedTargets: CaseStatus[] }
  | { allowed: false; reason: 'needs_supervisor' };

export function judgeTransition(
  from: CaseStatus,
  to: CaseStatus,
  isSupervisor: boolean,
): TransitionVerdict {
  const rules = CASE_TRANSITIONS[from];
  const match = rules.find((r) => r.to === to);
  if (!match) return { allowed: false, reason: 'illegal', allowedTargets: rules.map((r) => r.to) };
  if (match.supervisorOnly && !isSupervisor) return { allowed: false, reason: 'needs_supervisor' };
  return { allowed: true };
}

/** Where a case may go from `from`, for a supervisor (or admin) or anyone else who may change it. */
export function transitionsFrom(from: CaseStatus, isSupervisor: boolean): CaseStatus[] {
  return CASE_TRANSITIONS[from]
    .filter((r) => judgeTransition(from, r.to, isSupervisor).allowed)
    .map((r) => r.to);
}

export function isClosed(status: CaseStatus): boolean {
  return CLOSED_STATES.includes(status);
}
