import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { ContributionsModule } from '../contributions.module';
import { OpeningPositionRepository } from './opening-position.repository';
import { OpeningPositionService } from './opening-position.service';

/** The opening-position import: a secretariat's spreadsheet history posted through the contributions services. */
@Module({
  imports: [ContributionsModule, LedgerModule],
  providers: [OpeningPositionService, OpeningPositionRepository],
  exports: [OpeningPositionService],
})
export class OpeningPositionModule {}
