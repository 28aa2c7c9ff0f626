import { Injectable } from '@nestjs/common';
import { offsetPage } from '../../common/http/pagination.dto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ValidationFailedError } from '../../common/errors/app-error';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { AuditService, describeChanges, FieldDisclosure } from '../audit/audit.service';
import { AuthenticatedUser, requireRole } from '../auth/authenticated-user';
import { CreateUserDto } from './dto/create-user.dto';
import { ListAssigneesQueryDto, ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { AssigneeDto, UserListResponseDto, UserResponseDto } from './dto/user-response.dto';
import { PasswordSetupPurpose } from './password-setup-token.entity';
import { PasswordSetupService } from './password-setup.service';
import { User } from './user.entity';
import { UserRole } from './user-role';
import { LastAdminError, SelfDisableError, UserNotFoundError } from './users.errors';
import { SignedInUsers } from './signed-in-users';
import { UsersRepository } from './users.repository';

/** The roles that are given cases to work (as CaseAssignmentsService accepts them). */
const CASE_WORKING_ROLES = [UserRole.Caseworker, UserRole.Supervisor] as const;

/** What the audit log shows of a staff change: role and agency by value, names only as changed. */
const USER_AUDIT_FIELDS: Record<string, FieldDisclosure> = {
  email: 'redacted',
  fullName: 'redacted',
  role: 'value',
  agencyId: 'value',
};

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly agencies: AgenciesRepository,
    private readonly passwordSetup: PasswordSetupService,
    private readonly audit: AuditService,
    private readonly signedIn: SignedInUsers,
  ) {}

  async list(actor: AuthenticatedUser, query: ListUsersQueryDto): Promise<UserListResponseDto> {
    requireRole(actor, UserRole.Admin);
    const rows = await this.users.list({
      agencyId: query.agencyId,
      role: query.role,
      includeDisabled: query.includeDisabled,
      limit: query.limit,
      offset: query.offset,
    });
    return offsetPage(rows, query, (u) => UserResponseDto.from(u));
  }

  /**
   * Who a supervisor may give their agency's cases to (its active caseworkers and supervisors),
   * for the queue's bulk assignment: supervisors see their own agency's, admins name one.
   */
  async assignees(actor: AuthenticatedUser, query: ListAssigneesQueryDto): Promise<AssigneeDto[]> {
    requireRole(actor, UserRole.Supervisor, UserRole.Admin);
    const agencyId = actor.role === UserRole.Admin ? query.agencyId : actor.agencyId;
    if (!agencyId)
      throw ValidationFailedError.forField('agencyId', 'agencyId is required for an admin');
    const users = await this.users.findActiveAssignees(agencyId, CASE_WORKING_ROLES);
    return users.map((user) => ({ id: user.id, fullName: user.fullName, role: user.role }));
  }

  async get(actor: AuthenticatedUser, id: string): Promise<UserResponseDto> {
    requireRole(actor, UserRole.Admin);
    return UserResponseDto.from(await this.findOrFail(id));
  }

  /** The new user receives a one-time link to choose a password; nobody else ever knows it. */
  async create(actor: AuthenticatedUser, dto: CreateUserDto): Promise<UserResponseDto> {
    requireRole(actor, UserRole.Admin);
    await this.assertAgencyExists(dto.agencyId);
    const { user, tokenId } = await this.dataSource.transaction(async (manager) => {
      const created = await this.users.create(dto, manager);
      const issued = await this.passwordSetup.issue(
        created.id,
        PasswordSetupPurpose.Invitation,
        actor.id,
        manager,
      );
      await this.audit.recordMany(manager, actor, [
        {
          action: 'user.created',
          entityType: 'user',
          entityId: created.id,
          agencyId: created.agencyId,
          changes: describeChanges(
            null,
            created as unknown as Record<string, unknown>,
            USER_AUDIT_FIELDS,
          ),
        },
        passwordLinkEntry(created, PasswordSetupPurpose.Invitation),
      ]);
      return { user: created, tokenId: issued };
    });
    await this.passwordSetup.requestEmail(tokenId);
    return UserResponseDto.from(user);
  }

  async update(actor: AuthenticatedUser, id: string, dto: UpdateUserDto): Promise<UserResponseDto> {
    requireRole(actor, UserRole.Admin);
    const { version, ...changes } = dto;
    if (changes.agencyId !== undefined) await this.assertAgencyExists(changes.agencyId);
    const updated = await this.dataSource.transaction(async (manager) => {
      const current = await this.findOrFail(id);
      if (
        current.role === UserRole.Admin &&
        changes.role !== undefined &&
        changes.role !== UserRole.Admin
      ) {
        await this.assertAnotherActiveAdmin(current, manager);
      }
      const saved = await this.users.update(id, version, changes, manager);
      const entry = {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        changes: describeChanges(
          current as unknown as Record<string, unknown>,
          saved as unknown as Record<string, unknown>,
          USER_AUDIT_FIELDS,
        ),
      };
      // A move between agencies concerns the supervisors of both.
      await this.audit.recordMany(manager, actor, [
        { ...entry, agencyId: current.agencyId },
        ...(saved.agencyId === current.agencyId ? [] : [{ ...entry, agencyId: saved.agencyId }]),
      ]);
      return saved;
    });
    this.signedIn.forget(id);
    return UserResponseDto.from(updated);
  }

  /** Takes effect at once: the user's tokens stop working on their next request. */
  async disable(actor: AuthenticatedUser, id: string): Promise<UserResponseDto> {
    requireRole(actor, UserRole.Admin);
    if (id === actor.id) throw new SelfDisableError();
    await this.dataSource.transaction(async (manager) => {
      const current = await this.findOrFail(id);
      if (current.disabledAt) return;
      if (current.role === UserRole.Admin) await this.assertAnotherActiveAdmin(current, manager);
      await this.users.setDisabled(id, true, manager);
      await this.passwordSetup.revokeOpenLinks(id, manager);
      await this.audit.record(manager, actor, {
        action: 'user.disabled',
        entityType: 'user',
        entityId: id,
        agencyId: current.agencyId,
      });
    });
    this.signedIn.forget(id);
    return UserResponseDto.from(await this.findOrFail(id));
  }

  async enable(actor: AuthenticatedUser, id: string): Promise<UserResponseDto> {
    requireRole(actor, UserRole.Admin);
    const current = await this.findOrFail(id);
    if (current.disabledAt) {
      await this.dataSource.transaction(async (manager) => {
        await this.users.setDisabled(id, false, manager);
        await this.audit.record(manager, actor, {
          action: 'user.enabled',
          entityType: 'user',
          entityId: id,
          agencyId: current.agencyId,
        });
      });
      this.signedIn.forget(id);
    }
    return UserResponseDto.from(await this.findOrFail(id));
  }

  /** Sends a fresh password link (invitation again, or a reset); earlier links stop working. */
  async sendPasswordLink(actor: AuthenticatedUser, id: string): Promise<void> {
    requireRole(actor, UserRole.Admin);
    const user = await this.findOrFail(id);
    if (user.disabledAt) {
      throw ValidationFailedError.forField(
        'id',
        'the user is disabled; enable the account before sending a link',
      );
    }
    const purpose = user.passwordChangedAt
      ? PasswordSetupPurpose.Reset
      : PasswordSetupPurpose.Invitation;
    const tokenId = await this.dataSource.transaction(async (manager) => {
      const issued = await this.passwordSetup.issue(user.id, purpose, actor.id, manager);
      await this.audit.record(manager, actor, passwordLinkEntry(user, purpose));
      return issued;
    });
    await this.passwordSetup.requestEmail(tokenId);
  }

  private async findOrFail(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFoundError();
    return user;
  }

  private async assertAgencyExists(agencyId: string): Promise<void> {
    if (!(await this.agencies.findById(agencyId))) {
      throw ValidationFailedError.forField('agencyId', 'agencyId does not name an existing agency');
    }
  }

  // Counted inside the transaction that demotes or disables, with the admins locked, so two
  // admins cannot remove each other at the same moment.
  private async assertAnotherActiveAdmin(target: User, manager: EntityManager): Promise<void> {
    const activeAdmins = await this.users.lockAndCountActiveAdmins(manager);
    if (activeAdmins <= 1 && target.disabledAt === null) throw new LastAdminError();
  }
}

function passwordLinkEntry(user: User, purpose: PasswordSetupPurpose) {
  return {
    action: 'user.password_link_issued',
    entityType: 'user',
    entityId: user.id,
    agencyId: user.agencyId,
    changes: { purpose },
  };
}
