import {
  All,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  StreamableFile,
} from '@nestjs/common';
import { ApiExcludeEndpoint, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { DOCUMENT_CONTENT_RESPONSE, documentFile } from '../documents/document-download';
import { Public } from '../auth/authenticated-user';
import { ReferralResponseDto } from './dto/referral-input.dto';
import { ReferralSharedViewDto } from './dto/referral-output.dto';
import { RESPONSE_TOKEN_HEADER } from './referral-links.service';
import { ReferralResponsesService } from './referral-responses.service';
import { ReferralTokenInPathError } from './referrals.errors';

const TOKEN_HEADER_DOC = {
  name: RESPONSE_TOKEN_HEADER,
  required: true,
  description:
    'The token of the action link (the `token` of `/respond#token=…`, or `actionToken` in a webhook)',
};
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { REFERRAL_RESPONSE_EXAMPLES } from './dto/referral.examples';

/**
 * For people at the receiving agency without an account: the token from the message is their
 * only credential. It travels in a header, never in the path or query, which reverse proxies and
 * CDNs write to their logs. Bad, tampered, expired and revoked tokens all get the same 404. Not
 * rate limited like sign-in: a token is a 256-bit MAC, so there is nothing to guess.
 */
@ApiTags('referral responses')
@Controller('referral-responses')
export class ReferralResponsesController {
  constructor(private readonly responses: ReferralResponsesService) {}

  /** The shared summary of the referral. Every opening is audited. */
  @Public()
  @ApiHeader(TOKEN_HEADER_DOC)
  @ApiRoute('viewReferralByLink', { errors: [404] })
  @Get()
  view(
    @Headers(RESPONSE_TOKEN_HEADER) token: unknown,
    @Req() request: { id?: unknown },
  ): Promise<ReferralSharedViewDto> {
    return this.responses.viewWithLink(tokenOf(token), requestIdOf(request));
  }

  /** Acknowledge, decline (with a reason), report progress, or complete (with an outcome). */
  @Public()
  @ApiHeader(TOKEN_HEADER_DOC)
  @ApiRoute('respondToReferralByLink', {
    errors: [404, 409],
    examples: REFERRAL_RESPONSE_EXAMPLES,
  })
  @Post()
  @HttpCode(200)
  respond(
    @Headers(RESPONSE_TOKEN_HEADER) token: unknown,
    @Body() dto: ReferralResponseDto,
    @Req() request: { id?: unknown },
  ): Promise<ReferralSharedViewDto> {
    return this.responses.respondWithLink(tokenOf(token), dto, requestIdOf(request));
  }

  /** A document the referral shares (listed in the view's `documents`), streamed. Audited. */
  @Public()
  @ApiHeader(TOKEN_HEADER_DOC)
  @ApiRoute('downloadReferralDocumentByLink', { errors: [404, 409] })
  @ApiOkResponse(DOCUMENT_CONTENT_RESPONSE)
  @Get('documents/:documentId')
  async downloadDocument(
    @Headers(RESPONSE_TOKEN_HEADER) token: unknown,
    @Param('documentId', uuidParam('documentId')) documentId: string,
    @Req() request: { id?: unknown },
  ): Promise<StreamableFile> {
    return documentFile(
      await this.responses.downloadDocumentWithLink(
        tokenOf(token),
        documentId,
        requestIdOf(request),
      ),
    );
  }

  /**
   * The address links used to have, with the token in the path. It answers 404 for any method,
   * without looking at the token (never verified, audited or echoed), so nothing can be read or
   * answered that way; the message says where the token goes now.
   */
  @Public()
  @ApiExcludeEndpoint()
  // Fastify's wildcard: any rest of the path after the old prefix.
  @All('*')
  tokenInPath(): never {
    throw new ReferralTokenInPathError();
  }
}

function tokenOf(header: unknown): string {
  return typeof header === 'string' ? header.trim() : '';
}

function requestIdOf(request: { id?: unknown }): string {
  return typeof request.id === 'string' ? request.id : '';
}
