import { IsBoolean, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { BooleanQuery } from '../../../common/http/boolean-query';
import { PaginationQueryDto } from '../../../common/http/pagination.dto';
import { UserRole } from '../user-role';

export class ListUsersQueryDto extends PaginationQueryDto {
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @IsOptional()
  @IsEnum(UserRole)
  role?: UserRole;

  /** Include disabled accounts (default false). */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  includeDisabled: boolean = false;
}

export class ListAssigneesQueryDto {
  /** Admins: the agency whose staff to list (required for them). Supervisors get their own. */
  @IsOptional()
  @IsUUID()
  agencyId?: string;
}
