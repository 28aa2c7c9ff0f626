import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * This process's Prometheus metrics. One registry per application rather than prom-client's
 * global one: tests start many applications in one process, and each must count its own.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'jejak_' });
    this.httpDuration = new Histogram({
      name: 'jejak_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status, from arrival to the last byte sent',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /**
   * Fastify `onResponse` hook timing every request, from its arrival (Fastify's clock starts
   * before any hook) to the last byte sent. The route is the matched pattern
   * (`/api/v1/cases/:id`), never the path: paths carry ids and case numbers, and a label per id
   * would grow without end.
   */
  readonly timeRequests = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: () => void,
  ): void => {
    const route = request.is404 ? undefined : request.routeOptions.url;
    this.httpDuration.observe(
      {
        method: request.method,
        route: typeof route === 'string' ? route : 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  };
}
