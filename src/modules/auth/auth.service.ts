import { Injectable } from '@nestjs/common';
import { AgenciesRepository } from '../agencies/agencies.repository';
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
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const user = await this.users.findByEmailWithPassword(dto.email);
    // Hash work is done even for unknown accounts, so timing does not tell which emails exist.
    const passwordMatches = await this.hasher.verify(dto.password, user?.passwordHash);
    if (!user || !passwordMatches || user.disabledAt !== null) throw new InvalidCredentialsError();
    await this.users.recordLogin(user.id);
    return this.startSession(user);
  }

  async me(actor: AuthenticatedUser): Promise<MeResponseDto> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new UserNotFoundError();
    const agency = await this.agencies.findById(user.agencyId);
    return Object.assign(new MeResponseDto(), UserResponseDto.from(user), {
      agencyShortName: agency?.shortName ?? '',
    });
  }

  async completePasswordSetup(dto: CompletePasswordSetupDto): Promise<void> {
    await this.passwordSetup.completeWithToken(dto.token, dto.password);
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
      actor.id,
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
