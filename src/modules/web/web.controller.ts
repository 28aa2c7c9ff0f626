import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/authenticated-user';
import { RESPOND_HTML, RESPOND_JS } from './respond.page';
import { SET_PASSWORD_HTML, SET_PASSWORD_JS } from './set-password.page';

@ApiExcludeController()
@Controller()
export class WebController {
  @Public()
  @Get('set-password')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  setPasswordPage(): string {
    return SET_PASSWORD_HTML;
  }

  @Public()
  @Get('set-password.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  setPasswordScript(): string {
    return SET_PASSWORD_JS;
  }

  /** Where the action link in referral messages leads: the token stays in the fragment. */
  @Public()
  @Get('respond')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  respondPage(): string {
    return RESPOND_HTML;
  }

  @Public()
  @Get('respond.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  respondScript(): string {
    return RESPOND_JS;
  }
}
