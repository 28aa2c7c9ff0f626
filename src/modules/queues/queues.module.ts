import { Module } from '@nestjs/common';
import { CaseMovesModule } from '../case-moves/case-moves.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { CaseQueueRepository } from './case-queue.repository';
import { CaseListController, QueuesController } from './queues.controller';
import { QueueCountsCache } from './queue-counts-cache';
import { QueuesService } from './queues.service';

/**
 * Supervisors' and caseworkers' queues: a read model over case records and their referrals, and
 * the incoming referrals and transfers as the referrals and case-moves modules give them.
 */
@Module({
  imports: [ReferralsModule, CaseMovesModule],
  controllers: [CaseListController, QueuesController],
  providers: [QueuesService, CaseQueueRepository, QueueCountsCache],
})
export class QueuesModule {}
