import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { validationError } from '@app/common';
import { Roles } from '../roles';
import { AuditLogPageDto, AuditLogQuery } from './audit-log.dto';
import { AuditRow } from './audit.repository';
import { AuditService } from './audit.service';

function calendarDate(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw validationError(field, 'must be a calendar date YYYY-MM-DD');
  }
  return value;
}

const toEntry = (r: AuditRow): AuditLogPageDto['items'][number] => ({
  id: r.id,
  occurredAt: r.occurredAt.toISOString(),
  actor: r.actorId && r.actorKind && r.actorName ? { kind: r.actorKind, id: r.actorId, name: r.actorName } : null,
  actorRole: r.actorRole,
  action: r.action,
  target: r.target,
  requestId: r.requestId,
  outcome: r.outcome,
  statusCode: r.statusCode,
  detail: r.detail,
});

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'Read the audit log, newest first, filtered, with cursor pagination',
    description:
      'Every write (accepted or refused) of an authenticated caller, sign-ins and sign-outs, failed sign-ins of real ' +
      'users, and changes to users. Requests without valid credentials are not in it.',
  })
  @ApiOkResponse({ type: AuditLogPageDto })
  async list(@Query() q: AuditLogQuery): Promise<AuditLogPageDto> {
    const from = calendarDate(q.from, 'from');
    const to = calendarDate(q.to, 'to');
    if (from !== undefined && to !== undefined && from > to) throw validationError('to', 'must not be before from');
    const limit = q.limit ?? 100;
    const rows = await this.audit.list({
      fromInclusive: from,
      toInclusive: to,
      actorId: q.actor,
      action: q.action,
      beforeId: q.cursor,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { items: page.map(toEntry), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }
}
