import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AuditLogQuery {
  @ApiPropertyOptional({ description: 'First day (UTC), inclusive', example: '2005-01-01' })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last day (UTC), inclusive', example: '2005-12-31' })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: "The actor's id: an API token's or a person's (`actor.id` in the answer)", format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  actor?: string;

  @ApiPropertyOptional({ description: 'The action, exactly as listed (e.g. `POST /v1/payments`, `login`, `user changed`)', example: 'login' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  action?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (nextCursor)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'must be a nextCursor value' })
  cursor?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AuditActorDto {
  @ApiProperty({ enum: ['token', 'user'], description: 'An API token (a machine) or a person signed in to the console' })
  kind: 'token' | 'user';

  @ApiProperty({ format: 'uuid' }) id: string;

  @ApiProperty({ description: "The token's name or the person's username", example: 'mlopez' }) name: string;
}

export class AuditLogEntryDto {
  @ApiProperty({ example: '1042', description: 'Position in the log (ascending in time)' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt: string;

  @ApiProperty({ type: AuditActorDto, nullable: true, description: 'Who acted; null for the command line, the system, or a refused sign-in' })
  actor: AuditActorDto | null;

  @ApiProperty({ type: String, nullable: true, example: 'secretariat', description: "The actor's role then (or 'cli', 'system')" })
  actorRole: string | null;

  @ApiProperty({ example: 'POST /v1/payments' }) action: string;
  @ApiProperty({ type: String, nullable: true, example: 'id=5b0e…' }) target: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ enum: ['success', 'failure', 'rejected'] }) outcome: string;
  @ApiProperty({ example: 201 }) statusCode: number;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Facts of the event (never a password or secret)' })
  detail: Record<string, unknown> | null;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogEntryDto], description: 'Newest first' }) items: AuditLogEntryDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next (older) page' })
  nextCursor: string | null;
}
