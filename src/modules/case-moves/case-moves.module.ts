import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { CasesModule } from '../cases/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { CaseAssignmentsService } from './case-assignments.service';
import { CaseMovesAuditPolicy } from './case-moves-audit-policy';
import { CaseMovesNotificationKinds } from './case-moves-notification-kinds';
import { CaseMovesController, TransfersController } from './case-moves.controller';
import { CaseMovesRepository } from './case-moves.repository';
import { CaseTransfersService } from './case-transfers.service';
import { ClosureDecisionsService } from './closure-decisions.service';
import { IncomingTransfersReader } from './incoming-transfers.reader';

/**
 * Cases that move: bulk assignment and closure decisions from a queue, and transfers between
 * agencies. Its own tables are `case_transfers` and `case_assignment_notices`; cases change
 * through the case records' repository.
 */
@Module({
  imports: [CasesModule, AgenciesModule, UsersModule, NotificationsModule],
  controllers: [CaseMovesController, TransfersController],
  providers: [
    CaseMovesRepository,
    CaseAssignmentsService,
    ClosureDecisionsService,
    CaseTransfersService,
    CaseMovesNotificationKinds,
    CaseMovesAuditPolicy,
    IncomingTransfersReader,
  ],
  // The supervisors' queues count and page the open incoming transfers through the reader.
  exports: [IncomingTransfersReader],
})
export class CaseMovesModule {}
