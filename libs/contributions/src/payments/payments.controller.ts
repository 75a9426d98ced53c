import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, AuthenticatedRequest, PostsToLedger, principalOf, Roles } from '@app/auth';
import { DomainError, ErrorCode, validationError } from '@app/common';
import { JournalEntryResponse, LedgerService, toEntryResponse } from '@app/ledger';
import {
  CreatePaymentDto,
  ListPaymentsQuery,
  PaymentDetailResponse,
  PaymentDryRunResponse,
  PaymentPage,
  PaymentResponse,
  PaymentReversalResponse,
  ReversePaymentDto,
} from './payments.dto';
import { PaymentsService, PaymentView, RecordedPayment, ReversalResult } from './payments.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError(ErrorCode.NotFound, 'no payment has that id'),
});

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('v1/payments')
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly ledger: LedgerService,
  ) {}

  @Post()
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary:
      'Record a contribution received: applied to the oldest outstanding assessment first (or the designated year first); any excess is an advance',
  })
  @ApiCreatedResponse({ type: PaymentResponse })
  @ApiOkResponse({ type: PaymentDryRunResponse, description: 'A dry run: what would be recorded and posted' })
  async create(
    @Body() body: CreatePaymentDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<RecordedPayment & { entries?: JournalEntryResponse[] }> {
    // The opening-position import's key: only that import may set it (one payment per key).
    if (body.metadata && Object.prototype.hasOwnProperty.call(body.metadata, 'importKey')) {
      throw validationError('metadata.importKey', 'is reserved for payments brought in by the opening-position import');
    }
    const recorded = await this.payments.record(body, principalOf(request).tokenId);
    if ((request.query as Record<string, unknown>).dryRun !== 'true') return recorded;
    // A preview shows the entries themselves: read inside the dry run's transaction, before it is undone.
    const baseCurrency = await this.ledger.baseCurrency();
    const entries: JournalEntryResponse[] = [];
    for (const id of recorded.entryIds) entries.push(toEntryResponse(await this.ledger.get(id), baseCurrency));
    return { ...recorded, entries };
  }

  @Post(':id/reversal')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: 'Reverse a payment: its entry is reversed and what it paid is outstanding again from that date',
  })
  @ApiCreatedResponse({ type: PaymentReversalResponse })
  reverse(
    @Param('id', uuid) id: string,
    @Body() body: ReversePaymentDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<ReversalResult> {
    return this.payments.reverse(id, body.date, body.reason, principalOf(request).tokenId);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Payments in the order recorded, optionally of one member, with cursor pagination' })
  @ApiOkResponse({ type: PaymentPage })
  list(@Query() q: ListPaymentsQuery): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
    return this.payments.list({
      member: q.member,
      from: q.from,
      to: q.to,
      cursor: q.cursor === undefined ? undefined : Number(q.cursor),
      limit: q.limit ?? 100,
    });
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary:
      'One payment: where its money went (per fiscal year), its advance, and every allocation made or taken back',
  })
  @ApiOkResponse({ type: PaymentDetailResponse })
  get(@Param('id', uuid) id: string): Promise<PaymentView> {
    return this.payments.get(id);
  }
}
