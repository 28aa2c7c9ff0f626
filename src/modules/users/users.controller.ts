import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type ListPage, wholeList } from '../../common/http/pagination.dto';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { CreateUserDto } from './dto/create-user.dto';
import { ListAssigneesQueryDto, ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { AssigneeDto, UserListResponseDto, UserResponseDto } from './dto/user-response.dto';
import { UsersService } from './users.service';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { CREATE_USER_EXAMPLES } from './dto/user.examples';

/** User administration: admins only (but for the list of assignees). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiRoute('listUsers', { errors: [403], list: UserResponseDto })
  @Get()
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListUsersQueryDto,
  ): Promise<UserListResponseDto> {
    return this.users.list(actor, query);
  }

  /**
   * The active caseworkers and supervisors cases can be assigned to, by name: a supervisor's own
   * agency's, or (admins) those of `agencyId`.
   */
  @ApiRoute('listAssignees', { errors: [403], list: AssigneeDto })
  @Get('assignees')
  async assignees(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: ListAssigneesQueryDto,
  ): Promise<ListPage<AssigneeDto>> {
    return wholeList(await this.users.assignees(actor, query));
  }

  @ApiRoute('getUser', { errors: [403] })
  @Get(':id')
  get(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<UserResponseDto> {
    return this.users.get(actor, id);
  }

  /** Creates the account and emails the user a one-time link to choose a password. */
  @ApiRoute('createUser', { errors: [403, 409], examples: CREATE_USER_EXAMPLES })
  @Post()
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: CreateUserDto,
  ): Promise<UserResponseDto> {
    return this.users.create(actor, dto);
  }

  /** Name, role or agency. Send the `version` you read: a stale one gets 409. */
  @ApiRoute('updateUser', { errors: [403, 409] })
  @Patch(':id')
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponseDto> {
    return this.users.update(actor, id, dto);
  }

  /** Cuts the user's access at once, including tokens already issued. */
  @ApiRoute('disableUser', { errors: [403, 409] })
  @Post(':id/disable')
  @HttpCode(200)
  disable(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<UserResponseDto> {
    return this.users.disable(actor, id);
  }

  @ApiRoute('enableUser', { errors: [403] })
  @Post(':id/enable')
  @HttpCode(200)
  enable(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<UserResponseDto> {
    return this.users.enable(actor, id);
  }

  /** Emails a fresh one-time password link; earlier links stop working. */
  @ApiRoute('sendPasswordLink', { errors: [403] })
  @Post(':id/password-link')
  @HttpCode(202)
  sendPasswordLink(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<void> {
    return this.users.sendPasswordLink(actor, id);
  }
}
