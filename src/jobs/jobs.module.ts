import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobHandlerRegistry } from './job-handler.registry';
import { QueueName } from './job-names';
import { JobService } from './job.service';
import { QueueMetrics } from './queue-metrics';
import { queueOptions } from './queue-connection';
import { QueueErrorLog } from './queue-error-log';
import { QueueStoreWatch } from './queue-store-watch';

@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => queueOptions(config),
    }),
    ...Object.values(QueueName).map((name) => BullModule.registerQueue({ name })),
  ],
  providers: [JobService, JobHandlerRegistry, QueueErrorLog, QueueStoreWatch, QueueMetrics],
  exports: [JobService, JobHandlerRegistry, QueueErrorLog, QueueStoreWatch, BullModule],
})
export class JobsModule {}
