export * from './observability.module';
export * from './metrics/http-metrics';
export * from './metrics/metrics-access';
export * from './metrics/metrics-registry';
export * from './metrics/metrics.service';
export * from './metrics/route-label';
export * from './readiness/readiness.service';
export * from './logging/log-format';
