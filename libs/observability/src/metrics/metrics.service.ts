import { Injectable } from '@nestjs/common';
import { LedgerMetrics } from './ledger-metrics';
import { MetricsRegistry } from './metrics-registry';

@Injectable()
export class MetricsService {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly ledger: LedgerMetrics,
  ) {}

  /** Every metric in Prometheus's text format, the ledger's read fresh. */
  async scrape(): Promise<string> {
    await this.ledger.refresh();
    return this.metrics.registry.metrics();
  }
}
