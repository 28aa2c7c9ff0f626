/** Where a transfer stands; only `requested` is open (at most one per case). */
export enum TransferStatus {
  Requested = 'requested',
  Accepted = 'accepted',
  Refused = 'refused',
  Withdrawn = 'withdrawn',
}

/** A row of `case_transfers`. */
export interface CaseTransfer {
  id: string;
  caseId: string;
  fromAgencyId: string;
  toAgencyId: string;
  status: TransferStatus;
  reason: string;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  responseReason: string | null;
  version: number;
}
