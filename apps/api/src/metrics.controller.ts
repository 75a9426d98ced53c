import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { METRICS_CONTENT_TYPE, MetricsService } from '@app/observability';
import { MetricsAccessGuard } from './metrics-access.guard';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Public()
  @UseGuards(MetricsAccessGuard)
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics: requests and latency by route, postings, chain head, database pool',
    description:
      'Served to callers on the loopback without a token; when the server has METRICS_TOKEN set, ' +
      'every caller sends `Authorization: Bearer <METRICS_TOKEN>` (API tokens do not open it).',
  })
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
