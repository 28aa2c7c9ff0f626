export enum UserRole {
  Admin = 'admin',
  Supervisor = 'supervisor',
  Caseworker = 'caseworker',
  /** A partner agency's focal point: sees what is referred to their agency. */
  AgencyLiaison = 'agency_liaison',
  Viewer = 'viewer',
}
