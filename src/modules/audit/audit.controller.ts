import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { AuditQueryDto, AuditEventResponseDto } from './dto/audit.dto';
import { AuditQueryService } from './audit-query.service';
import { ApiRoute } from '../../common/openapi/api-route.decorator';
import { afterIdPage, type ListPage } from '../../common/http/pagination.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly auditQueries: AuditQueryService) {}

  /**
   * The audit trail of one record, or of every record of a kind: admins, and supervisors for their
   * agency's cases, staff and agency.
   */
  @ApiRoute('listAuditEvents', { errors: [403, 404], list: AuditEventResponseDto })
  @Get()
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: AuditQueryDto,
  ): Promise<ListPage<AuditEventResponseDto>> {
    return this.auditQueries.list(actor, query).then((items) => afterIdPage(items, query.limit));
  }
}
