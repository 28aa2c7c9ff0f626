import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsListener } from './metrics-listener';
import { MetricsRegistry } from './metrics-registry';

/** Prometheus metrics: the registry every part adds its own to, and where they are scraped. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsRegistry, MetricsListener],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
