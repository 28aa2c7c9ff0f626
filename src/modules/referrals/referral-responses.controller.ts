import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/authenticated-user';
import { ReferralResponseDto } from './dto/referral-input.dto';
import { ReferralSharedViewDto } from './dto/referral-output.dto';
import { ReferralResponsesService } from './referral-responses.service';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { REFERRAL_RESPONSE_EXAMPLES } from './dto/referral.examples';

/**
 * For people at the receiving agency without an account: the token from the message is their
 * only credential. Bad, tampered, expired and revoked tokens all get the same 404. Not rate
 * limited like sign-in: a token is a 256-bit MAC, so there is nothing to guess.
 */
@ApiTags('referral responses')
@Controller('referral-responses')
export class ReferralResponsesController {
  constructor(private readonly responses: ReferralResponsesService) {}

  /** The shared summary of the referral. Every opening is audited. */
  @Public()
  @ApiRoute('viewReferralByLink')
  @Get(':token')
  view(
    @Param('token') token: string,
    @Req() request: { id?: unknown },
  ): Promise<ReferralSharedViewDto> {
    return this.responses.viewWithLink(token, requestIdOf(request));
  }

  /** Acknowledge, decline (with a reason), report progress, or complete (with an outcome). */
  @Public()
  @ApiRoute('respondToReferralByLink', { errors: [409], examples: REFERRAL_RESPONSE_EXAMPLES })
  @Post(':token')
  @HttpCode(200)
  respond(
    @Param('token') token: string,
    @Body() dto: ReferralResponseDto,
    @Req() request: { id?: unknown },
  ): Promise<ReferralSharedViewDto> {
    return this.responses.respondWithLink(token, dto, requestIdOf(request));
  }
}

function requestIdOf(request: { id?: unknown }): string {
  return typeof request.id === 'string' ? request.id : '';
}
