import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobService } from '../../jobs/job.service';
import { Public } from '../auth/authenticated-user';
import { ApiRoute } from '../../common/openapi/api-route.decorator';

const CHECK_TIMEOUT_MS = 3000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobService,
  ) {}

  /** 200 when PostgreSQL and the job queue answer, 503 otherwise. */
  @Public()
  @ApiRoute('getHealth', { errors: [503] })
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            await this.dataSource.query('SELECT 1');
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('queue')
          .attempt(async () => {
            // Reaches the queue's store (Redis or PostgreSQL) through BullMQ itself.
            const counts = await Promise.all(
              this.jobs.allQueues().map((queue) => queue.getJobCounts('waiting', 'failed')),
            );
            return {
              waiting: counts.reduce((sum, c) => sum + (c.waiting ?? 0), 0),
              failed: counts.reduce((sum, c) => sum + (c.failed ?? 0), 0),
            };
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ]);
  }
}
