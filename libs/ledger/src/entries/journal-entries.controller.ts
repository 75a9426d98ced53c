import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, AuthenticatedRequest, PostsToLedger, principalOf, Roles } from '@app/auth';
import { Dec, DomainError, ErrorCode, parsePositiveAmount, validationError } from '@app/common';
import { isIsoDate } from '../domain/fiscal-calendar';
import { EntrySource } from '../domain/posting';
import { toEntryResponse } from './entry-response';
import {
  CreateJournalEntryDto,
  JournalEntryPage,
  JournalEntryResponse,
  ListJournalEntriesQuery,
  ReverseJournalEntryDto,
} from './journal-entries.dto';
import { LedgerService } from './ledger.service';

/** A filter date the database would refuse (2005-02-30) is the client's mistake: a 400 naming it. */
const filterDate = (value: string | undefined, field: string): string | undefined => {
  if (value !== undefined && !isIsoDate(value)) throw validationError(field, 'must be a calendar date YYYY-MM-DD');
  return value;
};

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError(ErrorCode.NotFound, 'no journal entry has that id'),
});

/**
 * Entries no separate register stands behind (the journal is their only record, general-fund
 * expenditures and recorded bank items included): the only ones this route reverses.
 */
const FREELY_REVERSIBLE: readonly EntrySource[] = ['manual', 'expenditure', 'bank', 'opening', 'import'];

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/journal-entries')
export class JournalEntriesController {
  constructor(private readonly ledger: LedgerService) {}

  @Post()
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({ summary: 'Post a manual journal entry (balanced per fund in the base currency)' })
  @ApiCreatedResponse({ type: JournalEntryResponse })
  async create(@Body() body: CreateJournalEntryDto, @Req() request: AuthenticatedRequest): Promise<JournalEntryResponse> {
    const baseCurrency = await this.ledger.baseCurrency();
    const entry = await this.ledger.post({
      date: body.date,
      description: body.description,
      source: 'manual',
      metadata: body.metadata,
      actorTokenId: principalOf(request).tokenId,
      lines: body.lines.map((l, i) => ({
        account: l.account,
        fund: l.fund,
        side: l.side,
        // The DTO can only apply the currency's scale when `currency` is sent; without it the
        // base currency's applies, counted as written ("10.010" USD is refused, not read as 10.01).
        amount: parsePositiveAmount(l.amount, l.currency ?? baseCurrency, `lines[${i}].amount`),
        currency: l.currency,
        rate: l.rate === undefined ? undefined : new Dec(l.rate),
        member: l.member,
        grant: l.grant,
        budgetLine: l.budgetLine,
      })),
    });
    return toEntryResponse(entry, baseCurrency);
  }

  @Post(':id/reversal')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: 'Reverse an entry with a new, linked entry (at most once)',
    description: 'Only entries no separate register stands behind (manual, expenditure, bank, opening, import); a payment is reversed with POST /v1/payments/{id}/reversal, other register entries through their register (409 otherwise).',
  })
  @ApiCreatedResponse({ type: JournalEntryResponse, description: 'The reversing entry' })
  async reverse(
    @Param('id', uuid) id: string,
    @Body() body: ReverseJournalEntryDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<JournalEntryResponse> {
    const entry = await this.ledger.reverse(id, body.date, body.reason, principalOf(request).tokenId, FREELY_REVERSIBLE);
    return toEntryResponse(entry, await this.ledger.baseCurrency());
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'List entries in sequence order, filtered, with cursor pagination' })
  @ApiOkResponse({ type: JournalEntryPage })
  async list(@Query() q: ListJournalEntriesQuery): Promise<JournalEntryPage> {
    const limit = q.limit ?? 100;
    const { entries, baseCurrency } = await this.ledger.list({
      from: filterDate(q.from, 'from'),
      to: filterDate(q.to, 'to'),
      account: q.account,
      fund: q.fund,
      member: q.member,
      afterSequence: q.cursor === undefined ? undefined : Number(q.cursor),
      limit: limit + 1,
    });
    const page = entries.slice(0, limit);
    return {
      items: page.map((r) => toEntryResponse(r, baseCurrency)),
      nextCursor: entries.length > limit ? String(page[page.length - 1].sequence) : null,
    };
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One entry with its postings and hashes' })
  @ApiOkResponse({ type: JournalEntryResponse })
  async get(@Param('id', uuid) id: string): Promise<JournalEntryResponse> {
    return toEntryResponse(await this.ledger.get(id), await this.ledger.baseCurrency());
  }
}
