import { CurrentSituation } from '../victims/victim.enums';
import { CasePriority, IncidentType } from './case.enums';

export interface PriorityFacts {
  incidentType: IncidentType;
  victims: Array<{ currentSituation: CurrentSituation; minorAtRecruitment: boolean | null }>;
}

/** A group this large is handled as a priority whatever else is known. */
export const MANY_VICTIMS = 10;

const STILL_AT_RISK_ABROAD = [CurrentSituation.Detained, CurrentSituation.Missing];

/** Why a priority is suggested: each fact that raised it, most serious first. */
export enum PriorityReason {
  VictimDeceased = 'victim_deceased',
  VictimDetainedOrMissing = 'victim_detained_or_missing',
  MinorStillAbroad = 'minor_still_abroad',
  MinorAtRecruitment = 'minor_at_recruitment',
  ManyVictims = 'many_victims',
  SeriousIncidentType = 'serious_incident_type',
}

export interface PrioritySuggestion {
  priority: CasePriority;
  /** Every fact that holds, not only the one that decided: a caseworker overriding sees them all. */
  reasons: PriorityReason[];
}

const CRITICAL_REASONS = [
  PriorityReason.VictimDeceased,
  PriorityReason.VictimDetainedOrMissing,
  PriorityReason.MinorStillAbroad,
];

const SERIOUS_INCIDENTS = [
  IncidentType.DeathAbroad,
  IncidentType.DetentionAbroad,
  IncidentType.StrandedOrMissing,
];

/**
 * The priority the facts suggest, and why; caseworkers may override it with a reason.
 * - critical: a death, a victim detained or missing abroad, or a minor still abroad;
 * - high: a minor, many victims, or an incident of death, detention or disappearance abroad;
 * - normal otherwise. Low is only ever chosen by a person.
 */
export function explainPriority(facts: PriorityFacts): PrioritySuggestion {
  const { victims } = facts;
  const holds: Record<PriorityReason, boolean> = {
    [PriorityReason.VictimDeceased]: victims.some(
      (v) => v.currentSituation === CurrentSituation.Deceased,
    ),
    [PriorityReason.VictimDetainedOrMissing]: victims.some((v) =>
      STILL_AT_RISK_ABROAD.includes(v.currentSituation),
    ),
    [PriorityReason.MinorStillAbroad]: victims.some(
      (v) =>
        v.minorAtRecruitment === true &&
        [CurrentSituation.Abroad, CurrentSituation.Hospitalised, ...STILL_AT_RISK_ABROAD].includes(
          v.currentSituation,
        ),
    ),
    [PriorityReason.MinorAtRecruitment]: victims.some((v) => v.minorAtRecruitment === true),
    [PriorityReason.ManyVictims]: victims.length >= MANY_VICTIMS,
    [PriorityReason.SeriousIncidentType]: SERIOUS_INCIDENTS.includes(facts.incidentType),
  };
  const reasons = Object.values(PriorityReason).filter((reason) => holds[reason]);
  const priority = reasons.some((reason) => CRITICAL_REASONS.includes(reason))
    ? CasePriority.Critical
    : reasons.length > 0
      ? CasePriority.High
      : CasePriority.Normal;
  return { priority, reasons };
}

export function suggestPriority(facts: PriorityFacts): CasePriority {
  return explainPriority(facts).priority;
}

/**
 * Whether someone was under 18 at recruitment: from the birth date and the recruitment (or
 * incident) date when both are known, else from an estimated age; unknown otherwise.
 */
export function minorAtRecruitment(input: {
  dateOfBirth: string | null;
  estimatedAge: number | null;
  recruitmentDate: string | null;
}): boolean | null {
  if (input.dateOfBirth && input.recruitmentDate) {
    const birth = new Date(`${input.dateOfBirth}T00:00:00Z`);
    const eighteenth = new Date(birth);
    eighteenth.setUTCFullYear(birth.getUTCFullYear() + 18);
    return new Date(`${input.recruitmentDate}T00:00:00Z`) < eighteenth;
  }
  if (input.estimatedAge !== null) return input.estimatedAge < 18;
  return null;
}
