import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { Public } from '../auth/authenticated-user';
import { MetricsNotServedError, MetricsTokenRequiredError } from './metrics.errors';
import { MetricsRegistry } from './metrics-registry';
import { carriesMetricsToken } from './metrics-token';

/**
 * Prometheus's scrape target, outside the API: its own token (METRICS_TOKEN), not a user's, and
 * absent (404) when no token is configured.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsRegistry,
  ) {}

  @Public()
  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const token = this.config.metrics.token;
    if (token === undefined) throw new MetricsNotServedError();
    if (!carriesMetricsToken(authorization, token)) throw new MetricsTokenRequiredError();
    reply.header('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
