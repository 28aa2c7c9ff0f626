import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { ValidationFailedError, VersionConflictError } from '../../common/errors/app-error';
import {
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  postgresErrorCode,
} from '../../database/postgres-errors';
import { updateIfVersionMatches } from '../../database/versioned-update';
import { User } from './user.entity';
import { UserRole } from './user-role';
import { UserEmailTakenError, UserNotFoundError } from './users.errors';

export interface NewUser {
  email: string;
  fullName: string;
  role: UserRole;
  agencyId: string;
  passwordHash?: string | null;
}

export interface UserListFilter {
  agencyId?: string;
  role?: UserRole;
  includeDisabled: boolean;
  limit: number;
  offset: number;
}

export type UserChanges = Partial<Pick<User, 'fullName' | 'role' | 'agencyId'>>;

/** What the auth guard needs on every request: a primary-key read of five columns. */
export type UserAuthState = Pick<User, 'id' | 'role' | 'agencyId' | 'disabledAt' | 'tokenVersion'>;

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  private repo(manager?: EntityManager): Repository<User> {
    return manager ? manager.getRepository(User) : this.users;
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** Staff names for "uploaded by" and the like, disabled accounts included. */
  async fullNamesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.users.find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, fullName: true },
    });
    return new Map(rows.map((row) => [row.id, row.fullName]));
  }

  async findAuthState(id: string): Promise<UserAuthState | null> {
    const rows = await this.users.query<UserAuthState[]>(
      `SELECT id, role, agency_id AS "agencyId", disabled_at AS "disabledAt",
              token_version AS "tokenVersion"
       FROM users WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  findByEmailWithPassword(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
  }

  findPasswordHash(id: string): Promise<string | null> {
    return this.users
      .createQueryBuilder('user')
      .select('user.passwordHash', 'hash')
      .where('user.id = :id', { id })
      .getRawOne<{ hash: string | null }>()
      .then((row) => row?.hash ?? null);
  }

  async exists(manager?: EntityManager): Promise<boolean> {
    return (
      (await this.repo(manager).createQueryBuilder().select('1').limit(1).getRawOne()) !== undefined
    );
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  /** Locks the active admins' rows until the transaction ends, then counts them. */
  async lockAndCountActiveAdmins(manager: EntityManager): Promise<number> {
    const rows = await manager
      .getRepository(User)
      .createQueryBuilder('user')
      .select('user.id')
      .where('user.role = :role AND user.disabledAt IS NULL', { role: UserRole.Admin })
      .setLock('pessimistic_write')
      .getMany();
    return rows.length;
  }

  async list(filter: UserListFilter): Promise<{ items: User[]; total: number }> {
    const query = this.users
      .createQueryBuilder('user')
      .orderBy('user.fullName', 'ASC')
      .addOrderBy('user.id', 'ASC');
    if (filter.agencyId) query.andWhere('user.agencyId = :agencyId', { agencyId: filter.agencyId });
    if (filter.role) query.andWhere('user.role = :role', { role: filter.role });
    if (!filter.includeDisabled) query.andWhere('user.disabledAt IS NULL');
    const [items, total] = await query.take(filter.limit).skip(filter.offset).getManyAndCount();
    return { items, total };
  }

  /** The active staff of an agency who may be given cases, by name. */
  findActiveAssignees(agencyId: string, roles: readonly UserRole[]): Promise<User[]> {
    return this.users
      .createQueryBuilder('user')
      .where('user.agencyId = :agencyId AND user.disabledAt IS NULL', { agencyId })
      .andWhere('user.role IN (:...roles)', { roles })
      .orderBy('user.fullName', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .getMany();
  }

  async create(data: NewUser, manager?: EntityManager): Promise<User> {
    const repository = this.repo(manager);
    try {
      return await repository.save(
        repository.create({
          ...data,
          email: data.email.trim().toLowerCase(),
          passwordHash: data.passwordHash ?? null,
          passwordChangedAt: data.passwordHash ? new Date() : null,
        }),
      );
    } catch (error) {
      if (postgresErrorCode(error) === PG_UNIQUE_VIOLATION) throw new UserEmailTakenError();
      throw error;
    }
  }

  async update(
    id: string,
    expectedVersion: number,
    changes: UserChanges,
    manager?: EntityManager,
  ): Promise<User> {
    let result;
    try {
      result = await updateIfVersionMatches(this.repo(manager), id, expectedVersion, changes);
    } catch (error) {
      // The agency was deleted between the check and the write.
      if (postgresErrorCode(error) === PG_FOREIGN_KEY_VIOLATION) {
        throw ValidationFailedError.forField(
          'agencyId',
          'agencyId does not name an existing agency',
        );
      }
      throw error;
    }
    if (result.outcome === 'not_found') throw new UserNotFoundError();
    if (result.outcome === 'stale') throw new VersionConflictError('user', result.currentVersion);
    return result.row;
  }

  /** Disabling also bumps the token version, so tokens already issued stop working at once. */
  async setDisabled(id: string, disabled: boolean, manager?: EntityManager): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({
        disabledAt: disabled ? () => 'now()' : null,
        tokenVersion: () => 'token_version + 1',
        version: () => 'version + 1',
      })
      .where('id = :id', { id })
      .execute();
  }

  async setPassword(id: string, passwordHash: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({
        passwordHash,
        passwordChangedAt: () => 'now()',
        tokenVersion: () => 'token_version + 1',
        version: () => 'version + 1',
      })
      .where('id = :id', { id })
      .execute();
  }

  /**
   * Takes the user's row lock. Everything that touches a user's password links takes it first,
   * so those transactions queue up in one order instead of deadlocking.
   */
  async lockForUpdate(id: string, manager: EntityManager): Promise<boolean> {
    const rows = await manager.query<unknown[]>('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [
      id,
    ]);
    return rows.length === 1;
  }

  async recordLogin(id: string): Promise<void> {
    // Not a user edit: leaves version and updated_at alone so it cannot cause edit conflicts.
    await this.users.query('UPDATE users SET last_login_at = now() WHERE id = $1', [id]);
  }
}
