/** HTCDS prs_Gender. */
export enum Gender {
  Feminine = 'Feminine',
  Masculine = 'Masculine',
  TransgenderFeminine = 'TransgenderFeminine',
  TransgenderMasculine = 'TransgenderMasculine',
  NonConforming = 'NonConforming',
  NonSpecifiedUnknown = 'NonSpecifiedUnknown',
}

export enum MigrationChannel {
  Procedural = 'procedural',
  NonProcedural = 'non_procedural',
  Unknown = 'unknown',
}

export enum CurrentSituation {
  Abroad = 'abroad',
  Detained = 'detained',
  Missing = 'missing',
  Hospitalised = 'hospitalised',
  Deceased = 'deceased',
  Repatriated = 'repatriated',
  Home = 'home',
}

export enum RemainsStatus {
  AwaitingRepatriation = 'awaiting_repatriation',
  Repatriated = 'repatriated',
  BuriedAbroad = 'buried_abroad',
}

/** HTCDS vic_TraffickingStatus. */
export enum TraffickingStatus {
  Possible = 'PossibleVictimOfTrafficking',
  Actual = 'ActualVictimOfTrafficking',
  NotAVictim = 'NotAVictimOfTrafficking',
}

/** HTCDS vic_TraffickingStatusDecisionMakingOrg. */
export enum TraffickingStatusDecidedBy {
  Police = 'Police',
  Ngo = 'NGO',
  CourtOrProsecution = 'CourtOrProsecution',
  NonPoliceGovernmentalOrganization = 'NonPoliceGovernmentalOrganization',
  Other = 'Other',
}
