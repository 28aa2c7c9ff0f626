import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../../common/errors/app-error';
import { SignedInUsers } from '../users/signed-in-users';
import { AccessTokenService } from './access-token.service';
import { AuthenticatedUser, IS_PUBLIC } from './authenticated-user';

/**
 * Every route needs a valid bearer token unless marked @Public(). The user's state comes from
 * SignedInUsers, which forgets a user the moment the row changes, so a disabled account or a
 * changed role takes effect on the next request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly users: SignedInUsers,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user?: AuthenticatedUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthenticatedError();

    const claims = await this.tokens.verify(token);
    if (!claims || !isUUID(claims.sub))
      throw new UnauthenticatedError('The token is invalid or has expired; sign in again');
    const user = await this.users.find(claims.sub);
    if (!user || user.disabledAt !== null || user.tokenVersion !== claims.tv) {
      throw new UnauthenticatedError('The token is no longer valid; sign in again');
    }
    request.user = {
      id: user.id,
      role: user.role,
      agencyId: user.agencyId,
      requestId: typeof request.id === 'string' ? request.id : undefined,
    };
    return true;
  }
}
