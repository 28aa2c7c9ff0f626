import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user';
import { AuditQueryDto, AuditEventResponseDto } from './dto/audit.dto';
import { AuditQueryService } from './audit-query.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly auditQueries: AuditQueryService) {}

  /**
   * The audit trail of one record, or of every record of a kind: admins, and supervisors for their
   * agency's cases, staff and agency.
   */
  @Get()
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: AuditQueryDto,
  ): Promise<AuditEventResponseDto[]> {
    return this.auditQueries.list(actor, query);
  }
}
