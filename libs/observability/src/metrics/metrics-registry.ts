import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * The application's own registry (never prom-client's global one): each application instance,
 * including the several a test process boots, counts only its own requests.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    // Process figures (CPU, memory, event-loop lag, GC) under their usual names.
    collectDefaultMetrics({ register: this.registry });
  }
}
