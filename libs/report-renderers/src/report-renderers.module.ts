import { Module, OnModuleInit } from '@nestjs/common';
import { ContributionsModule, ContributionsRenderers } from '@app/contributions';
import { GrantsModule, GrantsRenderers } from '@app/grants';
import { LedgerModule } from '@app/ledger';
import { ReconciliationModule, ReconciliationPackRenderers } from '@app/reconciliation';
import { RENDER_FORMATS } from '@app/reports';
import { ReserveFundModule, ReserveFundRenderers } from '@app/reserve-fund';
import { AssessmentNoticesController } from './assessment-notices/assessment-notices.controller';
import { AssessmentNoticesService } from './assessment-notices/assessment-notices.service';
import { ContributionsFileRenderer } from './contributions/contributions.renderer';
import { GrantFileRenderer } from './grants/grants.renderer';
import { PACK_FILE_FORMATS, ReconciliationPackFileRenderer } from './reconciliation/reconciliation-pack.renderer';
import { ReserveFundFileRenderer } from './reserve-fund/reserve-fund.renderer';

/**
 * CSV, XLSX and PDF (Spanish and English) of the domain reports, and the PDF and XLSX of the
 * reconciliation pack, plugged into each domain lib's renderer hook at start-up, and the
 * assessment notices. The domain libs keep their routes and
 * their JSON; this module only formats what they computed.
 */
@Module({
  imports: [LedgerModule, ContributionsModule, GrantsModule, ReserveFundModule, ReconciliationModule],
  controllers: [AssessmentNoticesController],
  providers: [AssessmentNoticesService],
})
export class ReportRenderersModule implements OnModuleInit {
  constructor(
    private readonly contributions: ContributionsRenderers,
    private readonly grants: GrantsRenderers,
    private readonly reserveFund: ReserveFundRenderers,
    private readonly reconciliationPack: ReconciliationPackRenderers,
  ) {}

  onModuleInit(): void {
    this.contributions.register(new ContributionsFileRenderer());
    for (const format of RENDER_FORMATS) {
      this.grants.register(new GrantFileRenderer(format));
      this.reserveFund.register(new ReserveFundFileRenderer(format));
    }
    for (const format of PACK_FILE_FORMATS)
      this.reconciliationPack.register(new ReconciliationPackFileRenderer(format));
  }
}
