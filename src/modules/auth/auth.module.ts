import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AgenciesModule } from '../agencies/agencies.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { loginThrottlerOptions } from './login-throttling';

@Module({
  imports: [
    UsersModule,
    AgenciesModule,
    // The access-token key is a KeyObject made once at boot: jsonwebtoken would otherwise try a
    // string secret as a PEM key on every verify.
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.keys.accessTokens.key }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loginThrottlerOptions(config),
    }),
  ],
  controllers: [AuthController],
  providers: [AccessTokenService, AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
