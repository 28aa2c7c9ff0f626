import { createHmac } from 'node:crypto';
import { INITIAL_KEY_VERSION } from '../../common/crypto/signed-tokens';
import type { AppConfig } from '../../config/app-config';

export interface WebhookSecretHolder {
  id: string;
  webhookSecretVersion: number;
  /** Still on the secret derived from APP_SECRET itself, as before keys had a purpose. */
  webhookSecretLegacy: boolean;
}

/**
 * The key an agency's webhooks are signed with. Derived rather than stored, so there is no
 * secret column to leak: bumping the agency's webhook_secret_version gives that agency a new one,
 * raising WEBHOOK_KEY_VERSION gives every agency a new one. An agency that received its secret
 * before keys had a purpose keeps it until its secret is rotated or WEBHOOK_KEY_VERSION is raised.
 */
export function webhookSecretFor(
  config: Pick<AppConfig, 'keys' | 'legacyAppSecret'>,
  agency: WebhookSecretHolder,
): string {
  const legacy = agency.webhookSecretLegacy && config.keys.webhooks.version === INITIAL_KEY_VERSION;
  const key = legacy ? config.legacyAppSecret : config.keys.webhooks.key;
  return createHmac('sha256', key)
    .update(`webhook-signing:${agency.id}:${agency.webhookSecretVersion}`)
    .digest('base64url');
}
