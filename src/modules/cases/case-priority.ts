import { CurrentSituation } from '../victims/victim.enums';
import { CasePriority, IncidentType } from './case.enums';

export interface PriorityFacts {
  incidentType: IncidentType;
  victims: Array<{ currentSituation: CurrentSituation; minorAtRecruitment: boolean | null }>;
}

/** A group this large is handled as a priority whatever else is known. */
export const MANY_VICTIMS = 10;

const STILL_AT_RISK_ABROAD = [CurrentSituation.Detained, CurrentSituation.Missing];

/**
 * The priority the facts suggest; caseworkers may override it with a reason.
 * - critical: a death, a victim detained or missing abroad, or a minor still abroad;
 * - high: a minor, many victims, or an incident of death, detention or disappearance abroad;
 * - normal otherwise. Low is only ever chosen by a person.
 */
export function suggestPriority(facts: PriorityFacts): CasePriority {
  const { victims } = facts;
  const minorAbroad = victims.some(
    (v) =>
      v.minorAtRecruitment === true &&
      [CurrentSituation.Abroad, CurrentSituation.Hospitalised, ...STILL_AT_RISK_ABROAD].includes(
        v.currentSituation,
      ),
  );
  if (
    victims.some((v) => v.currentSituation === CurrentSituation.Deceased) ||
    victims.some((v) => STILL_AT_RISK_ABROAD.includes(v.currentSituation)) ||
    minorAbroad
  ) {
    return CasePriority.Critical;
  }
  if (
    victims.some((v) => v.minorAtRecruitment === true) ||
    victims.length >= MANY_VICTIMS ||
    [
      IncidentType.DeathAbroad,
      IncidentType.DetentionAbroad,
      IncidentType.StrandedOrMissing,
    ].includes(facts.incidentType)
  ) {
    return CasePriority.High;
  }
  return CasePriority.Normal;
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
