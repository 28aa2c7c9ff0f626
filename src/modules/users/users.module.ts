import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { PasswordHasher } from '../auth/password-hasher';
import { FirstAdminInitializer } from './first-admin.initializer';
import { PasswordSetupToken } from './password-setup-token.entity';
import { PasswordSetupTokensRepository } from './password-setup-tokens.repository';
import { PasswordSetupService } from './password-setup.service';
import { SignedInUsers } from './signed-in-users';
import { StaffAuditPolicy } from './staff-audit-policy';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, PasswordSetupToken]), AgenciesModule],
  controllers: [UsersController],
  providers: [
    UsersRepository,
    PasswordSetupTokensRepository,
    PasswordSetupService,
    PasswordHasher,
    StaffAuditPolicy,
    UsersService,
    FirstAdminInitializer,
    SignedInUsers,
  ],
  exports: [UsersRepository, PasswordSetupService, PasswordHasher, SignedInUsers],
})
export class UsersModule {}
