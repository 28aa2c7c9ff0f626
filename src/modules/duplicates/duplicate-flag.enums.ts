/** Why two victims may be the same person. */
export enum DuplicateReason {
  /** The same NIK (their keyed hashes are equal). */
  SameNik = 'same_nik',
  /** A similar name, the same year of birth and the same regency or city of origin. */
  SimilarName = 'similar_name',
}

export enum FlagStatus {
  Open = 'open',
  /** Decided to be the same person: the deciding side's victim took the other's personId. */
  Linked = 'linked',
  /** Decided to be different people. */
  Dismissed = 'dismissed',
}
