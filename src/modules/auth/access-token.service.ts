import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

export interface AccessTokenClaims {
  sub: string;
  /** The user's token version when issued; a later bump (disable, password change) voids it. */
  tv: number;
}

const ISSUER = 'jejak';
const AUDIENCE = 'jejak-api';
/** Signed-in sessions one process serves at once, with room to spare. */
const VERIFIED_TOKENS = 10_000;

@Injectable()
export class AccessTokenService {
  private readonly verified = new Map<string, { claims: AccessTokenClaims; expiresAtMs: number }>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  issue(userId: string, tokenVersion: number): Promise<string> {
    return this.jwt.signAsync({ sub: userId, tv: tokenVersion } satisfies AccessTokenClaims, {
      algorithm: 'HS256',
      expiresIn: this.ttlSeconds,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  /**
   * The claims of a genuine, unexpired token, or undefined. A token once verified is remembered
   * until it expires: a client sends the same one with every request, and checking its signature
   * and parsing it each time was a tenth of a case read. Whether the user may still use it (token
   * version, disabled) is the guard's question, asked on every request all the same.
   */
  async verify(token: string): Promise<AccessTokenClaims | undefined> {
    const now = Date.now();
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > now) return known.claims;
      this.verified.delete(token);
    }
    let claims: AccessTokenClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
    } catch {
      return undefined;
    }
    if (typeof claims.sub !== 'string' || !Number.isInteger(claims.tv)) return undefined;
    if (typeof claims.exp === 'number') {
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
      this.verified.set(token, { claims, expiresAtMs: claims.exp * 1000 });
    }
    return claims;
  }
}
