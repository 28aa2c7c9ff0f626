/** What a referral asks the receiving agency to do. */
export enum ReferralService {
  RepatriationLiving = 'repatriation_living',
  RepatriationRemains = 'repatriation_remains',
  RescueConsular = 'rescue_consular',
  PoliceInvestigation = 'police_investigation',
  LegalAid = 'legal_aid',
  RestitutionClaim = 'restitution_claim',
  InsuranceBenefitClaim = 'insurance_benefit_claim',
  MedicalCare = 'medical_care',
  PsychosocialSupport = 'psychosocial_support',
  Shelter = 'shelter',
  FamilyTracing = 'family_tracing',
  IdentityDocuments = 'identity_documents',
  SkillsTraining = 'skills_training',
  EconomicSupport = 'economic_support',
  Other = 'other',
}

export enum ReferralPriority {
  Critical = 'critical',
  High = 'high',
  Normal = 'normal',
  Low = 'low',
}

export enum ReferralStatus {
  Draft = 'draft',
  Sent = 'sent',
  Acknowledged = 'acknowledged',
  InProgress = 'in_progress',
  Completed = 'completed',
  Declined = 'declined',
  Cancelled = 'cancelled',
}

/** Whose consent covers sharing personal data with the receiving agency. */
export enum ReferralConsent {
  Victim = 'victim',
  Family = 'family',
  Guardian = 'guardian',
  NotObtained = 'not_obtained',
}

/**
 * Personal fields a referral may share with the receiving agency, on a need-to-know basis. Nothing
 * personal is shared unless listed.
 */
export enum SharedField {
  FullName = 'full_name',
  Sex = 'sex',
  Age = 'age',
  DateOfBirth = 'date_of_birth',
  Nik = 'nik',
  Passport = 'passport',
  Phone = 'phone',
  OriginAddress = 'origin_address',
  CurrentSituation = 'current_situation',
  DeathDetails = 'death_details',
  FamilyContacts = 'family_contacts',
}

export enum ReferralOutcome {
  Achieved = 'achieved',
  PartiallyAchieved = 'partially_achieved',
  NotAchieved = 'not_achieved',
}

export enum SlaUnit {
  WorkingDays = 'working_days',
  Hours = 'hours',
  Minutes = 'minutes',
  Seconds = 'seconds',
}

/** What the receiving agency does through the API or its action link. */
export enum ReferralResponseAction {
  Acknowledge = 'acknowledge',
  Decline = 'decline',
  Progress = 'progress',
  Complete = 'complete',
}

/** States in which the receiving agency still owes an answer or the work. */
export const OPEN_REFERRAL_STATUSES = [
  ReferralStatus.Sent,
  ReferralStatus.Acknowledged,
  ReferralStatus.InProgress,
] as const;
