export enum AgencyType {
  Bp2mi = 'bp2mi',
  Bp3mi = 'bp3mi',
  Disnakertrans = 'disnakertrans',
  Police = 'police',
  Immigration = 'immigration',
  SocialAffairs = 'social_affairs',
  WomenChildProtection = 'women_child_protection',
  EmbassyConsulate = 'embassy_consulate',
  LegalAid = 'legal_aid',
  VillageGovernment = 'village_government',
  InsuranceBenefits = 'insurance_benefits',
  Ngo = 'ngo',
  Other = 'other',
}

export enum AgencyLevel {
  National = 'national',
  Province = 'province',
  Regency = 'regency',
  Village = 'village',
  Abroad = 'abroad',
}

export enum MessageLanguage {
  Indonesian = 'id',
  English = 'en',
}
