import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ForbiddenError } from '../../common/errors/app-error';
import { UserRole } from '../users/user-role';

/** Who is acting: what services receive to decide what the caller may read and change. */
export interface AuthenticatedUser {
  id: string;
  role: UserRole;
  agencyId: string;
  /** The request being served, so audit entries can be matched to logs. */
  requestId?: string;
}

export const IS_PUBLIC = 'jejak:public';
/** Opens a route to callers without a token (login, health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);

export function requireRole(actor: AuthenticatedUser, ...allowed: UserRole[]): void {
  if (!allowed.includes(actor.role)) throw new ForbiddenError();
}
