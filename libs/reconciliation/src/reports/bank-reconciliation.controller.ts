import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ANY_ROLE, AuthenticatedRequest, principalOf, Roles } from '@app/auth';
import { ApiFileResponse, DomainError, ErrorCode } from '@app/common';
import { assertDate } from '@app/ledger';
import { CODE_PATTERN, DATE_PATTERN } from '../http/params';
import { ReconciliationPackLang } from '../pack/reconciliation-pack';
import { ReconciliationPackService } from '../pack/reconciliation-pack.service';
import { ReconciliationChecksReport, RegisterChecksService } from '../register-checks/register-checks.service';
import { renderReconciliationPack } from './reconciliation-pack.document';
import {
  BankReconciliationReport,
  BankReconciliationService,
  PreparationView,
  Signer,
  SignOffView,
} from './bank-reconciliation.service';
import {
  BankReconciliationResponse,
  PreparationResponse,
  ReconciliationChecksResponse,
  SignOffResponse,
} from './bank-reconciliation-responses.dto';

export class BankReconciliationQuery {
  @ApiPropertyOptional({ description: 'Bank account code; the default bank account when absent', example: 'OPERATING' })
  @IsOptional()
  @Matches(CODE_PATTERN)
  bankAccount?: string;

  @ApiProperty({ description: 'As at this date (inclusive)', example: '2024-03-31' })
  @Matches(DATE_PATTERN, { message: 'asOf must be YYYY-MM-DD' })
  asOf: string;
}

export class PrepareSignOffDto {
  @ApiProperty({ example: 'OPERATING' })
  @Matches(CODE_PATTERN)
  bankAccount: string;

  @ApiProperty({ example: '2024-03-31' })
  @Matches(DATE_PATTERN, { message: 'asOf must be YYYY-MM-DD' })
  asOf: string;
}

export class ListSignOffsQuery {
  @ApiPropertyOptional({ example: 'OPERATING' })
  @IsOptional()
  @Matches(CODE_PATTERN)
  bankAccount?: string;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ListPreparationsQuery extends ListSignOffsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only the preparations nobody has reviewed yet' })
  @IsOptional()
  @IsIn(['true', 'false'])
  awaitingReview?: 'true' | 'false';
}

const preparationId = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError(ErrorCode.NotFound, 'no bank reconciliation preparation has that id'),
});

/** The caller who signs: a person by their user id, a machine by its token id. */
function signerOf(request: AuthenticatedRequest): Signer {
  const p = principalOf(request);
  return { name: p.name, actor: `${p.kind}:${p.tokenId}`, actorTokenId: p.tokenId };
}

export class AsOfQuery {
  @ApiProperty({ example: '2024-03-31' })
  @Matches(DATE_PATTERN, { message: 'asOf must be YYYY-MM-DD' })
  asOf: string;
}

export const PACK_FORMATS = ['json', 'pdf', 'xlsx'] as const;

export class ReconciliationReportQuery extends AsOfQuery {
  @ApiPropertyOptional({
    enum: PACK_FORMATS,
    description:
      'json (default): the register checks; pdf or xlsx: the reconciliation pack — every bank account’s ' +
      'reconciliation with its sign-off, and every register check with its explanation',
    example: 'pdf',
  })
  @IsOptional()
  @IsIn(PACK_FORMATS)
  format?: (typeof PACK_FORMATS)[number];

  @ApiPropertyOptional({
    enum: ['es', 'en'],
    description: 'Language of the pdf or xlsx (Spanish by default)',
    example: 'es',
  })
  @IsOptional()
  @IsIn(['es', 'en'])
  lang?: ReconciliationPackLang;
}

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/reports')
export class BankReconciliationController {
  constructor(
    private readonly reconciliation: BankReconciliationService,
    private readonly checks: RegisterChecksService,
    private readonly pack: ReconciliationPackService,
  ) {}

  @Get('bank-reconciliation')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary:
      'Bank reconciliation as at a date: difference = statementBalance − (ledgerBalance + Σ unmatched statement lines − ' +
      'Σ unmatched ledger items); reconciled when it is 0 and nothing unmatched is older than the matching window',
  })
  @ApiOkResponse({ type: BankReconciliationResponse })
  get(@Query() q: BankReconciliationQuery): Promise<BankReconciliationReport> {
    return this.reconciliation.get(q.bankAccount, assertDate(q.asOf, 'asOf'));
  }

  @Post('bank-reconciliation/preparations')
  @Roles('secretariat', 'admin')
  @ApiOperation({
    summary:
      'Prepare the bank reconciliation as at a date for sign-off: its figures are stored with the caller (the signed-in ' +
      'person, or the token) as preparer, awaiting review by someone else',
  })
  @ApiCreatedResponse({ type: PreparationResponse })
  prepare(@Body() body: PrepareSignOffDto, @Req() request: AuthenticatedRequest): Promise<PreparationView> {
    return this.reconciliation.prepare({ bankAccount: body.bankAccount, asOf: assertDate(body.asOf, 'asOf'), by: signerOf(request) });
  }

  @Get('bank-reconciliation/preparations')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Prepared bank reconciliations (awaiting review, or reviewed: signOffId), latest date first' })
  @ApiOkResponse({ type: [PreparationResponse] })
  preparations(@Query() q: ListPreparationsQuery): Promise<PreparationView[]> {
    return this.reconciliation.listPreparations(q.bankAccount, q.awaitingReview === 'true', q.limit ?? 50);
  }

  @Post('bank-reconciliation/preparations/:id/review')
  @Roles('secretariat', 'admin')
  @ApiOperation({
    summary:
      'Review a prepared bank reconciliation: the sign-off is written with the preparer and the caller as reviewer. ' +
      '422 (rule sign-off.reviewer-is-preparer) when the caller prepared it; 409 when reviewed already ' +
      '(sign-off.already-reviewed) or when its figures moved since it was prepared (sign-off.figures-changed)',
  })
  @ApiCreatedResponse({ type: SignOffResponse })
  review(@Param('id', preparationId) id: string, @Req() request: AuthenticatedRequest): Promise<SignOffView> {
    return this.reconciliation.review({ preparationId: id, by: signerOf(request) });
  }

  @Get('bank-reconciliation/sign-offs')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Signed-off bank reconciliations, latest date first' })
  @ApiOkResponse({ type: [SignOffResponse] })
  signOffs(@Query() q: ListSignOffsQuery): Promise<SignOffView[]> {
    return this.reconciliation.listSignOffs(q.bankAccount, q.limit ?? 50);
  }

  @Get('reconciliation')
  @Roles('auditor', 'admin', 'secretariat')
  @ApiOperation({
    summary:
      'The TS reconciliation report: every register check (trial balance per fund, roll-ups, hash chain, each bank account, ' +
      'and those other modules contribute) as at a date; format=pdf|xlsx gives the whole reconciliation pack',
  })
  @ApiFileResponse({ description: 'The checks (format=json), or the reconciliation pack', json: ReconciliationChecksResponse, formats: ['pdf', 'xlsx'] })
  async registerChecks(
    @Query() q: ReconciliationReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReconciliationChecksReport | StreamableFile> {
    const asOf = assertDate(q.asOf, 'asOf');
    const format = q.format ?? 'json';
    if (format === 'json') return this.checks.run(asOf);
    const rendered = await renderReconciliationPack(await this.pack.build(asOf), format, q.lang ?? 'es');
    response.setHeader('Content-Type', rendered.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${rendered.fileName}"`);
    return new StreamableFile(rendered.body);
  }
}
