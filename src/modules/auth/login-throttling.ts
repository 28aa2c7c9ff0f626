import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../../config/app-config';

interface LoginRequest {
  ip?: string;
  user?: { id: string };
  body?: { email?: unknown };
}

/**
 * Two limits on sign-in: one per address and account (guessing one user's password), and a looser
 * one per address (trying many accounts). Only routes that use ThrottlerGuard are limited.
 */
export function loginThrottlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const ttl = config.auth.loginRateWindowSeconds * 1000;
  return {
    throttlers: [
      {
        name: 'per-account',
        ttl,
        limit: config.auth.loginRateLimit,
        getTracker: (req: LoginRequest) => {
          // Signed-in routes (changing one's password) count per user, sign-in per email.
          const account =
            req.user?.id ??
            (typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '');
          return `${req.ip ?? 'unknown'}|${account}`;
        },
      },
      {
        name: 'per-address',
        ttl,
        limit: config.auth.loginRateLimit * 6,
        getTracker: (req: LoginRequest) => req.ip ?? 'unknown',
      },
    ],
  };
}
