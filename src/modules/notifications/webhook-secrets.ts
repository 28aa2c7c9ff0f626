import { createHmac } from 'node:crypto';

/**
 * The key an agency's webhooks are signed with. Derived rather than stored, so there is no
 * secret column to leak; bumping the agency's webhook_secret_version gives it a new one.
 */
export function webhookSecretFor(appSecret: string, agencyId: string, version: number): string {
  return createHmac('sha256', appSecret)
    .update(`webhook-signing:${agencyId}:${version}`)
    .digest('base64url');
}
