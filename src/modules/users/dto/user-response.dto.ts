import type { ListPage } from '../../../common/http/pagination.dto';
import { User } from '../user.entity';
import { UserRole } from '../user-role';

export class UserResponseDto {
  id!: string;
  email!: string;
  fullName!: string;
  role!: UserRole;
  agencyId!: string;
  /** False until the user has chosen a password through their link. */
  hasPassword!: boolean;
  disabled!: boolean;
  disabledAt!: Date | null;
  lastLoginAt!: Date | null;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(user: User): UserResponseDto {
    return Object.assign(new UserResponseDto(), {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      role: user.role,
      agencyId: user.agencyId,
      hasPassword: user.passwordChangedAt !== null,
      disabled: user.disabledAt !== null,
      disabledAt: user.disabledAt,
      lastLoginAt: user.lastLoginAt,
      version: user.version,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    });
  }
}

export type UserListResponseDto = ListPage<UserResponseDto>;

/**
 * Someone a supervisor may give cases to: the name to pick by and the role, nothing of how to
 * reach them.
 */
export class AssigneeDto {
  id!: string;
  fullName!: string;
  role!: UserRole;
}
