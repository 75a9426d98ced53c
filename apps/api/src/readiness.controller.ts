import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { DomainError, ErrorCode } from '@app/common';
import { ReadinessService } from '@app/observability';

export interface ReadyResponse {
  status: 'ready';
  database: 'up';
  migrations: { applied: number; pending: string[] };
}

@ApiTags('health')
@Controller('health')
export class ReadinessController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('ready')
  @Public()
  @ApiOperation({ summary: '200 when the database answers and every migration is applied; 503 naming what is missing' })
  @ApiOkResponse({ description: '`{status: "ready", database: "up", migrations: {applied, pending: []}}`' })
  @ApiServiceUnavailableResponse({
    description: 'problem+json `service_unavailable` with `database` ("up" | "down") and `pendingMigrations` when the database is up',
  })
  async ready(): Promise<ReadyResponse> {
    const r = await this.readiness.check();
    if (r.database === 'down') {
      throw new DomainError(ErrorCode.ServiceUnavailable, `not ready: the database does not answer (${r.reason})`, undefined, {
        database: 'down',
      });
    }
    if (!r.ready) {
      const n = r.pendingMigrations.length;
      throw new DomainError(
        ErrorCode.ServiceUnavailable,
        `not ready: ${n} migration${n === 1 ? '' : 's'} not applied (${r.pendingMigrations.join(', ')}); run \`npm run cli -- migrate\``,
        undefined,
        { database: 'up', pendingMigrations: r.pendingMigrations },
      );
    }
    return { status: 'ready', database: 'up', migrations: { applied: r.appliedMigrations, pending: [] } };
  }
}
