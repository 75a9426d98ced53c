import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';
import { routeLabel } from './route-label';

type Label = 'method' | 'route' | 'status';

// From a cached read to a year's GL export: exports stream for tens of seconds.
const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Requests and their latency by route template and status. */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<Label>;
  private readonly duration: Histogram<Label>;

  constructor(metrics: MetricsRegistry) {
    const labelNames: Label[] = ['method', 'route', 'status'];
    this.requests = new Counter({
      name: 'ledger_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status ("aborted": the client left first)',
      labelNames,
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'ledger_http_request_duration_seconds',
      help: 'Time from a request arriving to its last byte sent, by method, route template and status',
      labelNames,
      buckets: DURATION_BUCKETS_SECONDS,
      registers: [metrics.registry],
    });
  }

  /**
   * Express middleware, mounted before every other one: bodies refused by the parser and unknown
   * paths are counted as well, and a streamed export is timed to its last byte.
   */
  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    const startedNs = process.hrtime.bigint();
    response.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
      const labels = {
        method: request.method,
        route: routeLabel(request),
        status: response.writableFinished ? String(response.statusCode) : 'aborted',
      };
      this.requests.inc(labels);
      this.duration.observe(labels, seconds);
    });
    next();
  };
}
