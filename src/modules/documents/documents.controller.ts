import { Body, Controller, Get, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type ListPage, wholeList } from '../../common/http/pagination.dto';
import { uuidParam } from '../../common/http/uuid-param.pipe';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { CaseRefPipe } from '../cases/case-ref.pipe';
import { DocumentDto, RemoveDocumentDto, UploadDocumentFormDto } from './dto/document.dto';
import { DocumentsService } from './documents.service';
import { DOCUMENT_CONTENT_RESPONSE, documentFile } from './document-download';
import { UPLOAD_LIMITS, type UploadPart } from './upload-parts';

/**
 * Documents of a case: death certificates, passports, contracts, police reports, powers of
 * attorney. Whoever may read the case lists them; whoever may change it uploads; whoever may see
 * identities (caseworkers and supervisors of the owning agency, admins) downloads, audited.
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /**
   * A multipart form: `kind`, optionally `victimId`, then `file` last. The type is read from the
   * content (PDF, JPEG, PNG, WebP, HEIC), whatever the name says: others get 415. At most 20 MiB
   * (413). The file is encrypted as it arrives; a refused upload leaves nothing behind.
   */
  @ApiRoute('uploadDocument', { errors: [403, 415] })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentFormDto })
  @ApiResponse({ status: 201, type: DocumentDto })
  @ApiResponse({
    status: 413,
    description: 'Terlalu besar / The document is larger than 20 MiB: nothing was saved',
    type: ErrorResponseDto,
  })
  @Post('cases/:id/documents')
  upload(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) caseId: string,
    @Req() request: FastifyRequest,
  ): Promise<DocumentDto> {
    return this.documents.upload(actor, caseId, partsOf(request));
  }

  /** Oldest first. `fileName` is null for viewers, who may not open documents. */
  @ApiRoute('listDocuments', { list: DocumentDto })
  @Get('cases/:id/documents')
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', CaseRefPipe) caseId: string,
  ): Promise<ListPage<DocumentDto>> {
    return this.documents.list(actor, caseId).then(wholeList);
  }

  /**
   * Removes a document and its content, with a reason: supervisors of the owning agency and
   * admins only (a document is evidence). Audited, and on the case's timeline.
   */
  @ApiRoute('removeDocument', { errors: [403] })
  @Post('documents/:documentId/removal')
  @HttpCode(204)
  remove(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('documentId', uuidParam('documentId')) documentId: string,
    @Body() dto: RemoveDocumentDto,
  ): Promise<void> {
    return this.documents.remove(actor, documentId, dto.reason);
  }

  /** The content, streamed. Every download is audited before its first byte. */
  @ApiRoute('downloadDocument', { errors: [403, 409] })
  @ApiOkResponse(DOCUMENT_CONTENT_RESPONSE)
  @Get('documents/:documentId/content')
  async download(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('documentId', uuidParam('documentId')) documentId: string,
  ): Promise<StreamableFile> {
    return documentFile(await this.documents.download(actor, documentId));
  }
}

function partsOf(request: FastifyRequest): AsyncIterable<UploadPart> {
  return request.parts({ limits: UPLOAD_LIMITS }) as AsyncIterable<UploadPart>;
}
