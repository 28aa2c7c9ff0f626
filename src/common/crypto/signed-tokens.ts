import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** The kinds of row a bearer link names; each is signed under its own key. */
export type SignedTokenPurpose = 'actionLinks' | 'passwordLinks';

/**
 * What each purpose's tokens were bound to when APP_SECRET signed them directly; only action links
 * outlive an upgrade (they wait for weeks in partner agencies' mailboxes).
 */
const LEGACY_LABEL: Partial<Record<SignedTokenPurpose, string>> = {
  actionLinks: 'referral-response',
};

/** The key version an install starts with; legacy signatures live only as long as it does. */
export const INITIAL_KEY_VERSION = 1;

export interface VerifiedToken {
  id: string;
  /**
   * Signed with APP_SECRET itself before keys had a purpose: valid only for rows made then, and
   * only while the purpose's key version is still the initial one.
   */
  legacy: boolean;
}

/**
 * `<row id>.<HMAC of it>`: a link that names its row and proves we issued it for this purpose. The
 * row still decides whether the link is live (expiry, revocation, use).
 */
@Injectable()
export class SignedTokens {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  sign(purpose: SignedTokenPurpose, id: string): string {
    return `${id}.${mac(this.config.keys[purpose].key, id)}`;
  }

  /** The row id a token names if the MAC is ours for this purpose; undefined for anything else. */
  verify(purpose: SignedTokenPurpose, token: string): VerifiedToken | undefined {
    const parts = token.split('.');
    const [id, given] = parts;
    if (parts.length !== 2 || !id || !given || !isUUID(id)) return undefined;
    if (sameText(given, mac(this.config.keys[purpose].key, id))) return { id, legacy: false };
    const legacyLabel = LEGACY_LABEL[purpose];
    // Raising the purpose's key version retires what APP_SECRET signed directly along with v1.
    if (
      legacyLabel !== undefined &&
      this.config.keys[purpose].version === INITIAL_KEY_VERSION &&
      sameText(given, mac(this.config.legacyAppSecret, `${legacyLabel}:${id}`))
    )
      return { id, legacy: true };
    return undefined;
  }
}

function mac(key: KeyObject | string, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
