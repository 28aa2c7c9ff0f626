/** HTCDS per_RoleInProcess. */
export enum PerpetratorRole {
  TravellingPartner = 'TravellingPartner',
  Transporter = 'Transporter',
  RecruiterOrIntermediary = 'RecruiterOrIntermediary',
  BrokerTravelAgent = 'BrokerTravelAgent',
  TransferredIndividual = 'TransferredIndividual',
  HarbouredIndividual = 'HarbouredIndividual',
  SoldIndividual = 'SoldIndividual',
  BoughtIndividual = 'BoughtIndividual',
  ReceivedIndividual = 'ReceivedIndividual',
  ControlledIndividual = 'ControlledIndividual',
  Smuggler = 'Smuggler',
  Abuser = 'Abuser',
  Kidnapper = 'Kidnapper',
  Exploiter = 'Exploiter',
  Other = 'Other',
}

export enum PerpetratorStatus {
  Suspected = 'suspected',
  ReportedToPolice = 'reported_to_police',
  NamedSuspect = 'named_suspect',
  Charged = 'charged',
  Convicted = 'convicted',
}

/** HTCDS vic_RelationshipToTrafficker. */
export enum RelationshipToVictim {
  Familial = 'Familial',
  Acquainted = 'Acquainted',
  Unacquainted = 'Unaquainted',
}
