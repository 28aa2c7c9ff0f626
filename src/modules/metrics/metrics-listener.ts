import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MetricsRegistry } from './metrics-registry';
import { carriesMetricsToken } from './metrics-token';

/**
 * A worker-only process has no HTTP server, yet it is the one delivering notifications: with
 * METRICS_PORT it answers GET /metrics there, with the same token, and nothing else.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsListener.name);
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { token, port } = this.config.metrics;
    if (this.config.role !== 'worker' || token === undefined || port === undefined) return;
    const server = createServer((request, response) => {
      const answer = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
        response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
        response.end(body);
      };
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics')
        return answer(404, 'Not found\n');
      if (!carriesMetricsToken(request.headers.authorization, token))
        return answer(401, 'Send the metrics token as a bearer token\n');
      this.metrics.registry.metrics().then(
        (text) => answer(200, text, this.metrics.registry.contentType),
        () => answer(503, 'Metrics could not be collected\n'),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve());
    });
    this.server = server;
    this.logger.log({ port }, 'Serving /metrics');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
