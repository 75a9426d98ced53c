import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ANY_ROLE, AuthenticatedRequest, PostsToLedger, principalOf, Roles } from '@app/auth';
import { Dec, OptionalRate } from '@app/common';
import { JournalEntryResponse, toEntryResponse } from '@app/ledger';
import {
  ACCOUNT_CODE_PATTERN,
  bankAccountCode,
  CODE_PATTERN,
  ID_PATTERN,
  matchId,
  statementLineId,
} from '../http/params';
import { MatchRow } from './matches.repository';
import { MAX_MANUAL_ITEMS, MatchingService } from './matching.service';

export class CreateMatchDto {
  @ApiProperty({
    type: [String],
    description: 'Statement line ids (from the reconciliation report)',
    example: ['1042'],
  })
  @IsArray()
  @ArrayMaxSize(MAX_MANUAL_ITEMS)
  @Matches(ID_PATTERN, { each: true, message: 'each statement line id must be a decimal id string' })
  statementLineIds: string[];

  @ApiProperty({
    type: [String],
    description: 'Posting ids (postingId in the reconciliation report)',
    example: ['5531', '5532'],
  })
  @IsArray()
  @ArrayMaxSize(MAX_MANUAL_ITEMS)
  @Matches(ID_PATTERN, { each: true, message: 'each posting id must be a decimal id string' })
  postingIds: string[];
}

export class UnmatchQuery {
  @ApiPropertyOptional({
    description: 'Why the match is undone (kept in its history)',
    example: 'matched to the wrong receipt',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class ListMatchesQuery {
  @ApiPropertyOptional({ enum: ['active', 'all'], description: 'all includes undone matches', example: 'all' })
  @IsOptional()
  @IsIn(['active', 'all'])
  status?: 'active' | 'all';

  @ApiPropertyOptional({
    description: 'Only matches made before this instant (the matchedAt of the last one of the previous page)',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/)
  before?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class RecordBankEntryDto {
  @ApiProperty({
    description: 'The other side of the entry: expense (5500 bank charges) or revenue (4400 interest)',
    example: '5500',
  })
  @Matches(ACCOUNT_CODE_PATTERN, { message: 'account must be an account code' })
  account: string;

  @ApiProperty({ description: 'Fund of both lines', example: 'GEN' })
  @Matches(CODE_PATTERN, { message: 'fund must be a fund code' })
  fund: string;

  @ApiProperty({ example: 'Bank charges, March 2024' })
  @IsString()
  @Length(1, 500)
  description: string;

  @OptionalRate('Base units per unit of the line currency; required when it is not the base currency', '1.0842')
  rate?: string;
}

export class MatchResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'OPERATING' }) bankAccount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ enum: ['auto', 'manual', 'entry'] }) method: string;
  @ApiProperty({ enum: ['reference', 'amount-date', 'one-to-many', 'reversal-pair', 'manual', 'entry'] }) rule: string;
  @ApiProperty({ enum: ['active', 'unmatched'] }) status: 'active' | 'unmatched';
  @ApiProperty({ type: [String] }) statementLineIds: string[];
  @ApiProperty({ type: [String] }) postingIds: string[];
  @ApiProperty({ example: '2024-03-12', description: 'Latest date among its items: complete as at that date' })
  settlesOn: string;
  @ApiProperty() matchedAt: string;
  @ApiProperty({ nullable: true, type: String }) matchedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) unmatchedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) unmatchedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class AutoMatchResponse {
  @ApiProperty({ example: 118, description: 'Matches made' }) matched: number;
  @ApiProperty({ example: 119 }) statementLines: number;
  @ApiProperty({ example: 121 }) postings: number;
  @ApiProperty({ example: { reference: 80, 'amount-date': 36, 'one-to-many': 1, 'reversal-pair': 1 } })
  byRule: Record<string, number>;
}

export class BankEntryResponse {
  @ApiProperty({ type: JournalEntryResponse, description: 'The journal entry posted (as GET /v1/journal-entries/{id})' })
  entry: ReturnType<typeof toEntryResponse>;
  @ApiProperty({ type: MatchResponse }) match: MatchResponse;
}

export function toMatchResponse(r: MatchRow): MatchResponse {
  return {
    id: r.id,
    bankAccount: r.bankAccount,
    currency: r.currency,
    method: r.method,
    rule: r.rule,
    status: r.unmatchedAt === null ? 'active' : 'unmatched',
    statementLineIds: r.lineIds,
    postingIds: r.postingIds,
    settlesOn: r.settlesOn,
    matchedAt: r.matchedAt,
    matchedBy: r.matchedBy,
    unmatchedAt: r.unmatchedAt,
    unmatchedBy: r.unmatchedBy,
    reason: r.unmatchReason,
  };
}

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/bank-accounts')
export class MatchesController {
  constructor(private readonly matching: MatchingService) {}

  @Post(':code/auto-match')
  @HttpCode(200)
  @Roles('secretariat', 'admin')
  @ApiOperation({
    summary:
      'Match unmatched statement lines with unmatched ledger postings (amount, date window, reference); ties are left for manual',
  })
  @ApiOkResponse({ type: AutoMatchResponse })
  autoMatch(
    @Param('code', bankAccountCode) code: string,
    @Req() request: AuthenticatedRequest,
  ): Promise<AutoMatchResponse> {
    return this.matching.autoMatch(code, principalOf(request).tokenId);
  }

  @Post(':code/matches')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Match statement lines with postings by hand; the amounts must add up exactly' })
  @ApiCreatedResponse({ type: MatchResponse })
  async match(
    @Param('code', bankAccountCode) code: string,
    @Body() body: CreateMatchDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<MatchResponse> {
    return toMatchResponse(
      await this.matching.match(code, body.statementLineIds, body.postingIds, principalOf(request).tokenId),
    );
  }

  @Delete(':code/matches/:id')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Undo a match; it stays in the history (status unmatched, who, when, why)' })
  @ApiOkResponse({ type: MatchResponse, description: 'The match, now unmatched' })
  async unmatch(
    @Param('code', bankAccountCode) code: string,
    @Param('id', matchId) id: string,
    @Query() q: UnmatchQuery,
    @Req() request: AuthenticatedRequest,
  ): Promise<MatchResponse> {
    return toMatchResponse(await this.matching.unmatch(code, id, q.reason, principalOf(request).tokenId));
  }

  @Get(':code/matches')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Matches of the bank account, latest first (status=all includes undone ones)' })
  @ApiOkResponse({ type: [MatchResponse] })
  async list(@Param('code', bankAccountCode) code: string, @Query() q: ListMatchesQuery): Promise<MatchResponse[]> {
    return (await this.matching.list(code, q.status === 'all', q.limit ?? 100, q.before)).map(toMatchResponse);
  }

  @Get(':code/matches/:id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One match with its history' })
  @ApiOkResponse({ type: MatchResponse })
  async get(@Param('code', bankAccountCode) code: string, @Param('id', matchId) id: string): Promise<MatchResponse> {
    return toMatchResponse(await this.matching.get(code, id));
  }

  @Post(':code/statement-lines/:id/entry')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary:
      'Record an unrecorded bank item (charges: Dr account / Cr bank; interest: Dr bank / Cr account) as a journal entry ' +
      'on the line’s booking date, and match the line with it',
  })
  @ApiCreatedResponse({ type: BankEntryResponse })
  async recordEntry(
    @Param('code', bankAccountCode) code: string,
    @Param('id', statementLineId) id: string,
    @Body() body: RecordBankEntryDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<BankEntryResponse> {
    const { entry, match, baseCurrency } = await this.matching.recordEntry(
      code,
      id,
      {
        account: body.account,
        fund: body.fund,
        description: body.description,
        rate: body.rate === undefined ? undefined : new Dec(body.rate),
      },
      principalOf(request).tokenId,
    );
    return { entry: toEntryResponse(entry, baseCurrency), match: toMatchResponse(match) };
  }
}
