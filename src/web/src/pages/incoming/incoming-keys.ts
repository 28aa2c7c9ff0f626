/** Every page of the incoming list, whatever its filters: what an assignment or answer changes. */
export const INCOMING_KEY = ['referrals', 'incoming'] as const;

/** One received referral's shared view, by its id (an id names no person). */
export const receivedReferralKey = (id: string) => ['referrals', 'received', id] as const;
