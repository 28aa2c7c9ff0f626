import { Module } from '@nestjs/common';
import { CaseQueueRepository } from './case-queue.repository';
import { CaseListController, QueuesController } from './queues.controller';
import { QueuesService } from './queues.service';

/** Supervisors' and caseworkers' queues: a read model over case records and their referrals. */
@Module({
  controllers: [CaseListController, QueuesController],
  providers: [QueuesService, CaseQueueRepository],
})
export class QueuesModule {}
