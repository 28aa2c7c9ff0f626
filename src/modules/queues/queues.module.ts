import { Module } from '@nestjs/common';
import { ReferralsModule } from '../referrals/referrals.module';
import { CaseQueueRepository } from './case-queue.repository';
import { CaseListController, QueuesController } from './queues.controller';
import { QueuesService } from './queues.service';

/**
 * Supervisors' and caseworkers' queues: a read model over case records and their referrals, and
 * the incoming referrals as the referrals module gives them.
 */
@Module({
  imports: [ReferralsModule],
  controllers: [CaseListController, QueuesController],
  providers: [QueuesService, CaseQueueRepository],
})
export class QueuesModule {}
