import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthService } from './auth.service';
import { type AuthenticatedUser, CurrentUser, Public } from './authenticated-user';
import { LoginResponseDto, MeResponseDto } from './dto/auth-response.dto';
import { LoginDto } from './dto/login.dto';
import { ChangePasswordDto, CompletePasswordSetupDto } from './dto/password.dto';
import { ApiRoute, RateLimited } from '../../common/openapi/api-route.decorator';
import { LOGIN_EXAMPLES } from './dto/auth.examples';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchanges email and password for a bearer token. Rate limited per address and account. */
  @Public()
  @RateLimited()
  @ApiRoute('login', { errors: [401], examples: LOGIN_EXAMPLES })
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() request: { id?: unknown }): Promise<LoginResponseDto> {
    return this.auth.login(dto, requestIdOf(request));
  }

  /** Sets a password with the one-time token from an emailed link. */
  @Public()
  @RateLimited()
  @ApiRoute('completePasswordSetup', { errors: [404] })
  @Post('auth/password-setup')
  @HttpCode(204)
  completePasswordSetup(
    @Body() dto: CompletePasswordSetupDto,
    @Req() request: { id?: unknown },
  ): Promise<void> {
    return this.auth.completePasswordSetup(dto, requestIdOf(request));
  }

  /** The signed-in user. */
  @ApiBearerAuth()
  @ApiRoute('getMe')
  @Get('me')
  me(@CurrentUser() actor: AuthenticatedUser): Promise<MeResponseDto> {
    return this.auth.me(actor);
  }

  /** Changes your password; other sessions and pending password links end, and a new token is returned. */
  @ApiBearerAuth()
  @RateLimited()
  @ApiRoute('changeMyPassword')
  @Post('me/password')
  @HttpCode(200)
  changePassword(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<LoginResponseDto> {
    return this.auth.changePassword(actor, dto);
  }
}

/** The request id the logger gave this request, for audit entries nobody signed in carries. */
function requestIdOf(request: { id?: unknown }): string | undefined {
  return typeof request.id === 'string' && request.id !== '' ? request.id : undefined;
}
