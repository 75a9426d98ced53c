import { Module } from '@nestjs/common';
import { HttpMetrics } from './metrics/http-metrics';
import { LedgerMetrics } from './metrics/ledger-metrics';
import { LedgerMetricsRepository } from './metrics/ledger-metrics.repository';
import { MetricsRegistry } from './metrics/metrics-registry';
import { MetricsService } from './metrics/metrics.service';
import { ReadinessService } from './readiness/readiness.service';

/** Metrics (Prometheus) and readiness of one API process. */
@Module({
  providers: [MetricsRegistry, HttpMetrics, LedgerMetricsRepository, LedgerMetrics, MetricsService, ReadinessService],
  exports: [HttpMetrics, MetricsService, ReadinessService],
})
export class ObservabilityModule {}
