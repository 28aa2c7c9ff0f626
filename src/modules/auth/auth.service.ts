import { Injectable } from '@nestjs/common';
import { PersonalDataCipher } from '../../common/crypto/personal-data-cipher';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { AuditService } from '../audit/audit.service';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { PasswordSetupService } from '../users/password-setup.service';
import { UsersRepository } from '../users/users.repository';
import { AccessTokenService } from './access-token.service';
import { CurrentPasswordIncorrectError, InvalidCredentialsError } from './auth.errors';
import { AuthenticatedUser } from './authenticated-user';
import { LoginResponseDto, MeResponseDto } from './dto/auth-response.dto';
import { ChangePasswordDto, CompletePasswordSetupDto } from './dto/password.dto';
import { LoginDto } from './dto/login.dto';
import { PasswordHasher } from './password-hasher';
import { User } from '../users/user.entity';
import { UserNotFoundError } from '../users/users.errors';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly agencies: AgenciesRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokenService,
    private readonly passwordSetup: PasswordSetupService,
    private readonly audit: AuditService,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** Every sign-in and every refusal is audited; the password never, a typed address never in clear. */
  async login(dto: LoginDto, requestId?: string): Promise<LoginResponseDto> {
    const user = await this.users.findByEmailWithPassword(dto.email);
    // Hash work is done even for unknown accounts, so timing does not tell which emails exist.
    const passwordMatches = await this.hasher.verify(dto.password, user?.passwordHash);
    if (!user) {
      // What an auditor needs is that, when and how often one unknown address was tried, not
      // the address (a mistyped colleague's, or a password typed in the wrong box): the entry is
      // keyed by a keyed hash of it, the same for every try of the same address.
      await this.audit.recordRead(null, {
        action: 'unknown_account.sign_in_refused',
        entityType: 'unknown_account',
        entityId: this.unknownAccountId(dto.email),
        requestId,
      });
      throw new InvalidCredentialsError();
    }
    if (!passwordMatches || user.disabledAt !== null) {
      const reason =
        user.disabledAt !== null
          ? 'account_disabled'
          : user.passwordHash
            ? 'wrong_password'
            : 'no_password_yet';
      await this.audit.recordRead(null, {
        action: 'user.sign_in_refused',
        entityType: 'user',
        entityId: user.id,
        agencyId: user.agencyId,
        requestId,
        changes: { reason },
      });
      throw new InvalidCredentialsError();
    }
    await this.users.recordLogin(user.id);
    await this.audit.recordRead(
      { id: user.id, role: user.role, agencyId: user.agencyId, requestId },
      { action: 'user.signed_in', entityType: 'user', entityId: user.id, agencyId: user.agencyId },
    );
    return this.startSession(user);
  }

  /** A stable pseudonymous id for an address with no account, as a version-8 uuid. */
  private unknownAccountId(email: string): string {
    const hex = this.cipher.blindIndex('sign-in email', email.trim().toLowerCase()).slice(0, 32);
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  async me(actor: AuthenticatedUser): Promise<MeResponseDto> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new UserNotFoundError();
    const agency = await this.agencies.findById(user.agencyId);
    return Object.assign(new MeResponseDto(), UserResponseDto.from(user), {
      agencyShortName: agency?.shortName ?? '',
    });
  }

  async completePasswordSetup(dto: CompletePasswordSetupDto, requestId?: string): Promise<void> {
    await this.passwordSetup.completeWithToken(dto.token, dto.password, requestId);
  }

  /** Changing the password signs the user out everywhere else too. */
  async changePassword(
    actor: AuthenticatedUser,
    dto: ChangePasswordDto,
  ): Promise<LoginResponseDto> {
    const currentHash = await this.users.findPasswordHash(actor.id);
    if (!currentHash || !(await this.hasher.verify(dto.currentPassword, currentHash))) {
      throw new CurrentPasswordIncorrectError();
    }
    await this.passwordSetup.setPasswordAndRevokeLinks(
      actor,
      await this.hasher.hash(dto.newPassword),
    );
    const user = await this.users.findById(actor.id);
    if (!user) throw new UserNotFoundError();
    return this.startSession(user);
  }

  private async startSession(user: User): Promise<LoginResponseDto> {
    return {
      accessToken: await this.tokens.issue(user.id, user.tokenVersion),
      tokenType: 'Bearer',
      expiresIn: this.tokens.ttlSeconds,
      user: UserResponseDto.from(user),
    };
  }
}
