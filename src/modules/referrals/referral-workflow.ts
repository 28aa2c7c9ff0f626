import { ReferralResponseAction, ReferralStatus } from './referral.enums';

/** What the receiving agency may do from each status. */
const RESPONSES: Record<ReferralStatus, ReferralResponseAction[]> = {
  [ReferralStatus.Draft]: [],
  // Starting work or finishing at once also acknowledges: nobody should have to click twice.
  [ReferralStatus.Sent]: [
    ReferralResponseAction.Acknowledge,
    ReferralResponseAction.Decline,
    ReferralResponseAction.Progress,
    ReferralResponseAction.Complete,
  ],
  [ReferralStatus.Acknowledged]: [
    ReferralResponseAction.Decline,
    ReferralResponseAction.Progress,
    ReferralResponseAction.Complete,
  ],
  [ReferralStatus.InProgress]: [ReferralResponseAction.Progress, ReferralResponseAction.Complete],
  [ReferralStatus.Completed]: [],
  [ReferralStatus.Declined]: [],
  [ReferralStatus.Cancelled]: [],
};

const STATUS_AFTER: Record<ReferralResponseAction, ReferralStatus> = {
  [ReferralResponseAction.Acknowledge]: ReferralStatus.Acknowledged,
  [ReferralResponseAction.Decline]: ReferralStatus.Declined,
  [ReferralResponseAction.Progress]: ReferralStatus.InProgress,
  [ReferralResponseAction.Complete]: ReferralStatus.Completed,
};

export function allowedResponses(status: ReferralStatus): ReferralResponseAction[] {
  return RESPONSES[status];
}

export function statusAfterResponse(action: ReferralResponseAction): ReferralStatus {
  return STATUS_AFTER[action];
}

/** The referring side may withdraw a referral until the receiving agency has finished with it. */
export function canCancel(status: ReferralStatus): boolean {
  return [
    ReferralStatus.Draft,
    ReferralStatus.Sent,
    ReferralStatus.Acknowledged,
    ReferralStatus.InProgress,
  ].includes(status);
}

export function isOpen(status: ReferralStatus): boolean {
  return [ReferralStatus.Sent, ReferralStatus.Acknowledged, ReferralStatus.InProgress].includes(
    status,
  );
}
