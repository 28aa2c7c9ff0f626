/**
 * Case enumerations. Where the IOM Human Trafficking Case Data Standard 2.0 (HTCDS) has a
 * picklist, its value names are kept verbatim so exports stay comparable with international data;
 * Indonesian specifics are added beside them.
 */

export enum IncidentType {
  Trafficking = 'trafficking',
  DeathAbroad = 'death_abroad',
  NonProceduralPlacement = 'non_procedural_placement',
  UnpaidWages = 'unpaid_wages',
  AbuseOrViolence = 'abuse_or_violence',
  DetentionAbroad = 'detention_abroad',
  StrandedOrMissing = 'stranded_or_missing',
  Other = 'other',
}

/** HTCDS vic_TypeOfExploitation, plus forced criminality (online scam compounds). */
export enum ExploitationType {
  ForcedLabour = 'ForcedLabour',
  SexualExploitation = 'SexualExploitation',
  ChildLabour = 'ChildLabour',
  ForcedMarriage = 'ForcedMarriage',
  Servitude = 'Servitude',
  ForcedMilitaryByNonStateActors = 'ForcedMilitaryByNonStateActors',
  OrganRemoval = 'OrganRemoval',
  ForcedBegging = 'ForcedBegging',
  ForcedAdoption = 'ForcedAdoption',
  Surrogacy = 'Surrogacy',
  ForcedCriminality = 'ForcedCriminality',
  OnlineScam = 'OnlineScam',
  Other = 'Other',
}

/** HTCDS vic_MethodsOfControl. */
export enum MethodOfControl {
  PhysicalThreats = 'PhysicalThreats',
  ThreatsLawEnforcement = 'ThreatsLawEnforcement',
  ThreatensChildrenFamily = 'ThreatensChildrenFamily',
  DebtBondage = 'DebtBondage',
  FalsePromises = 'FalsePromises',
  PhysicalAbuse = 'PhysicalAbuse',
  SexualAbuse = 'SexualAbuse',
  TakesEarnings = 'TakesEarnings',
  RestrictsFinancialAccess = 'RestrictsFinancialAccess',
  RestrictsMedicalCare = 'RestrictsMedicalCare',
  WithholdsNecessities = 'WithholdsNecessities',
  PsychologicalAbuse = 'PsychologicalAbuse',
  PsychoactiveSubstance = 'PsychoactiveSubstance',
  ExcessiveWorkingHours = 'ExcessiveWorkingHours',
  WithholdsDocuments = 'WithholdsDocuments',
  Other = 'Other',
}

/** HTCDS vic_MethodOfRecruitment, plus informal brokers (calo / sponsor) common in Indonesia. */
export enum RecruitmentMethod {
  AtAPlaceOfBusiness = 'AtAPlaceOfBusiness',
  AtAnEducationalInstitution = 'AtAnEducationalInstitution',
  AtWork = 'AtWork',
  ThroughOnlineSocialNetworks = 'ThroughOnlineSocialNetworks',
  ThroughAnOnlineAdvertisement = 'ThroughAnOnlineAdvertisement',
  ThroughATelevisionAdvert = 'ThroughATelevisionAdvert',
  ThroughANewspaperAdvert = 'ThroughANewspaperAdvert',
  ThroughFamilyOrFamilyEvents = 'ThroughFamilyOrFamilyEvents',
  ThroughFriendsOrSocialEvents = 'ThroughFriendsOrSocialEvents',
  ThroughInformalBroker = 'ThroughInformalBroker',
  ThroughLicensedPlacementCompany = 'ThroughLicensedPlacementCompany',
  Other = 'Other',
}

/** HTCDS vic_RecruitmentWebsitesAndApps. */
export enum RecruitmentPlatform {
  Facebook = 'Facebook',
  Instagram = 'Instagram',
  WhatsApp = 'WhatsApp',
  Telegram = 'Telegram',
  FacebookMessenger = 'FacebookMessenger',
  Viber = 'Viber',
  SnapChat = 'SnapChat',
  Line = 'Line',
  FourSale = '4Sale',
  WeChat = 'WeChat',
  QQ = 'QQ',
  QZone = 'QZone',
  TikTok = 'TikTok',
  Twitter = 'Twitter',
  Other = 'Other',
}

export enum CaseSource {
  Family = 'family',
  VillageHead = 'village_head',
  Media = 'media',
  Hotline = 'hotline',
  EmbassyReport = 'embassy_report',
  Police = 'police',
  OtherAgency = 'other_agency',
  SelfReport = 'self_report',
  Other = 'other',
}

export enum CasePriority {
  Critical = 'critical',
  High = 'high',
  Normal = 'normal',
  Low = 'low',
}

export enum CaseStatus {
  Intake = 'intake',
  Open = 'open',
  InAssistance = 'in_assistance',
  ClosureRequested = 'closure_requested',
  Closed = 'closed',
  Reopened = 'reopened',
  ClosedDuplicate = 'closed_duplicate',
  ClosedUnfounded = 'closed_unfounded',
}
