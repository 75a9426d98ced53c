import { Module } from '@nestjs/common';
import { ObservabilityModule } from '@app/observability';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsController } from './metrics.controller';
import { ReadinessController } from './readiness.controller';

/** What operators and their tools call: `/metrics` and `/health/ready` (`/health` stays in AppModule). */
@Module({
  imports: [ObservabilityModule],
  controllers: [MetricsController, ReadinessController],
  providers: [MetricsAccessGuard],
})
export class OperationsModule {}
