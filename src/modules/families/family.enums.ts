export enum FamilyRelation {
  Mother = 'mother',
  Father = 'father',
  Spouse = 'spouse',
  Child = 'child',
  Sibling = 'sibling',
  Guardian = 'guardian',
  Other = 'other',
}

export enum FamilyNeed {
  CaseInformation = 'case_information',
  RemainsRepatriation = 'remains_repatriation',
  DeathBenefitOrInsurance = 'death_benefit_or_insurance',
  CompensationRestitution = 'compensation_restitution',
  PsychosocialSupport = 'psychosocial_support',
  EconomicSupport = 'economic_support',
}
