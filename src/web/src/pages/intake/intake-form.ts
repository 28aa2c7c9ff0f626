import type { Schemas } from '../../api/client';

type CaseInput = Schemas['CreateCaseDto'];
type VictimInput = Schemas['VictimInputDto'];
type FamilyInput = Schemas['FamilyMemberInputDto'];
type PerpetratorInput = Schemas['PerpetratorInputDto'];
type LinkInput = Schemas['CasePerpetratorLinkDto'];

/**
 * The intake form as the screens hold it: text where people type, null where nothing is chosen
 * yet. It is also what a draft keeps, so a field added here must keep reading old drafts (see
 * `restoreIntake`).
 */
export interface FamilyForm {
  fullName: string;
  relation: FamilyInput['relation'] | null;
  alive: boolean;
  age: number | string;
  phone: string;
  primaryContact: boolean;
  consentToContact: boolean;
}

export interface VictimForm {
  fullName: string;
  gender: VictimInput['gender'] | null;
  dateOfBirth: string;
  estimatedAge: number | string;
  currentSituation: VictimInput['currentSituation'] | null;
  originRegionCode: string | null;
  originStreet: string;
  nik: string;
  phone: string;
  migrationChannel: NonNullable<VictimInput['migrationChannel']> | null;
  occupationAbroad: string;
  deathDate: string;
  deathCountry: string | null;
  deathCause: string;
  remainsStatus: NonNullable<VictimInput['remainsStatus']> | null;
  familyMembers: FamilyForm[];
}

export interface RecruiterForm {
  /** A register record chosen instead of writing the recruiter anew. */
  existing: { id: string; fullName: string; aliases: string[] } | null;
  fullName: string;
  aliases: string;
  phones: string;
  socialHandles: string;
  homeRegionCode: string | null;
  roles: NonNullable<PerpetratorInput['roles']>;
  relationshipToVictims: NonNullable<LinkInput['relationshipToVictims']> | null;
  roleInCase: string;
}

export interface IntakeForm {
  title: string;
  incidentType: CaseInput['incidentType'] | null;
  source: CaseInput['source'] | null;
  incidentDate: string;
  exploitationCountry: string | null;
  exploitationCity: string;
  exploitationTypes: NonNullable<CaseInput['exploitationTypes']>;
  summary: string;
  victims: VictimForm[];
  recruiters: RecruiterForm[];
  /** Null keeps the suggested priority. */
  priority: NonNullable<CaseInput['priority']> | null;
  priorityOverrideReason: string;
}

export const NEW_FAMILY_MEMBER: FamilyForm = {
  fullName: '',
  relation: null,
  alive: true,
  age: '',
  phone: '',
  primaryContact: false,
  consentToContact: false,
};

export const NEW_VICTIM: VictimForm = {
  fullName: '',
  gender: null,
  dateOfBirth: '',
  estimatedAge: '',
  currentSituation: null,
  originRegionCode: null,
  originStreet: '',
  nik: '',
  phone: '',
  migrationChannel: null,
  occupationAbroad: '',
  deathDate: '',
  deathCountry: null,
  deathCause: '',
  remainsStatus: null,
  familyMembers: [],
};

export const NEW_RECRUITER: RecruiterForm = {
  existing: null,
  fullName: '',
  aliases: '',
  phones: '',
  socialHandles: '',
  homeRegionCode: null,
  roles: ['RecruiterOrIntermediary'],
  relationshipToVictims: null,
  roleInCase: '',
};

export const EMPTY_INTAKE: IntakeForm = {
  title: '',
  incidentType: null,
  source: null,
  incidentDate: '',
  exploitationCountry: null,
  exploitationCity: '',
  exploitationTypes: [],
  summary: '',
  victims: [{ ...NEW_VICTIM }],
  recruiters: [],
  priority: null,
  priorityOverrideReason: '',
};

/** A draft saved by an older version of the form, with today's fields filled in. */
export function restoreIntake(saved: Record<string, unknown>): IntakeForm {
  const form = { ...EMPTY_INTAKE, ...(saved as Partial<IntakeForm>) };
  return {
    ...form,
    victims: (form.victims ?? []).map((victim) => ({
      ...NEW_VICTIM,
      ...victim,
      familyMembers: (victim.familyMembers ?? []).map((member) => ({
        ...NEW_FAMILY_MEMBER,
        ...member,
      })),
    })),
    recruiters: (form.recruiters ?? []).map((recruiter) => ({ ...NEW_RECRUITER, ...recruiter })),
  };
}

/** The steps of the intake, in order; an API field error opens the step its field is on. */
export const INTAKE_STEPS = ['incident', 'victims', 'recruiters', 'review'] as const;

export function stepOfApiField(field: string): number {
  if (field.startsWith('victims')) return 1;
  if (field.startsWith('perpetrators')) return 2;
  if (field.startsWith('priority')) return 3;
  return 0;
}

/** `victims[0].familyMembers[1].phone` (the API's path) as the form's `victims.0.familyMembers.1.phone`. */
export function formPathOf(apiField: string): string {
  return apiField
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^perpetrators\.(\d+)\.perpetrator\./, 'recruiters.$1.')
    .replace(/^perpetrators\./, 'recruiters.');
}

const text = (value: string) => value.trim();
const list = (value: string) =>
  value
    .split(/[\n,;]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
/** Only what was filled in: the API's defaults stand for the rest. */
function filled<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([, value]) =>
        value !== null &&
        value !== undefined &&
        value !== '' &&
        !(Array.isArray(value) && value.length === 0),
    ),
  ) as { [K in keyof T]?: Exclude<T[K], null> };
}

function victimBody(victim: VictimForm): VictimInput {
  const deceased = victim.currentSituation === 'deceased';
  return {
    ...filled({
      gender: victim.gender,
      dateOfBirth: victim.dateOfBirth,
      estimatedAge: victim.estimatedAge === '' ? null : Number(victim.estimatedAge),
      originRegionCode: victim.originRegionCode,
      originStreet: text(victim.originStreet),
      nik: text(victim.nik),
      phone: text(victim.phone),
      migrationChannel: victim.migrationChannel,
      occupationAbroad: text(victim.occupationAbroad),
      ...(deceased
        ? {
            deathDate: victim.deathDate,
            deathCountry: victim.deathCountry,
            deathCause: text(victim.deathCause),
            remainsStatus: victim.remainsStatus,
          }
        : {}),
      familyMembers: victim.familyMembers.map((member) => ({
        ...filled({
          age: member.age === '' ? null : Number(member.age),
          phone: text(member.phone),
        }),
        fullName: text(member.fullName),
        relation: member.relation!,
        alive: member.alive,
        primaryContact: member.primaryContact,
        consentToContact: member.consentToContact,
      })),
    }),
    fullName: text(victim.fullName),
    currentSituation: victim.currentSituation!,
  };
}

function recruiterBody(recruiter: RecruiterForm): LinkInput {
  const link = filled({
    relationshipToVictims: recruiter.relationshipToVictims,
    roleInCase: text(recruiter.roleInCase),
  });
  if (recruiter.existing) return { ...link, perpetratorId: recruiter.existing.id };
  return {
    ...link,
    perpetrator: {
      ...filled({
        aliases: list(recruiter.aliases),
        phones: list(recruiter.phones),
        socialHandles: list(recruiter.socialHandles),
        homeRegionCode: recruiter.homeRegionCode,
        roles: recruiter.roles,
      }),
      fullName: text(recruiter.fullName),
    },
  };
}

/** The API's `POST /cases` body for the form. */
export function createCaseBody(form: IntakeForm): CaseInput {
  return {
    ...filled({
      incidentDate: form.incidentDate,
      exploitationCountry: form.exploitationCountry,
      exploitationCity: text(form.exploitationCity),
      exploitationTypes: form.exploitationTypes,
      summary: text(form.summary),
      priority: form.priority,
      priorityOverrideReason: form.priority ? text(form.priorityOverrideReason) : '',
      perpetrators: form.recruiters.map(recruiterBody),
    }),
    title: text(form.title),
    incidentType: form.incidentType!,
    source: form.source!,
    victims: form.victims.map(victimBody),
  };
}

/** What the priority rule reads: no names, no identifiers. */
export function priorityFacts(form: IntakeForm): Schemas['PrioritySuggestionRequestDto'] | null {
  if (!form.incidentType) return null;
  return {
    incidentType: form.incidentType,
    ...filled({ incidentDate: form.incidentDate }),
    victims: form.victims.flatMap((victim) =>
      victim.currentSituation
        ? [
            {
              currentSituation: victim.currentSituation,
              ...filled({
                dateOfBirth: victim.dateOfBirth,
                estimatedAge: victim.estimatedAge === '' ? null : Number(victim.estimatedAge),
              }),
            },
          ]
        : [],
    ),
  };
}
