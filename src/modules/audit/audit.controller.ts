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

  /** The audit trail of one record: supervisors (their agency's cases) and admins. */
  @Get()
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Query() query: AuditQueryDto,
  ): Promise<AuditEventResponseDto[]> {
    return this.auditQueries.forEntity(actor, query);
  }
}
