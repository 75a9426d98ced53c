import { Module } from '@nestjs/common';
import { GeneralLedgerController } from './general-ledger/general-ledger.controller';
import { GeneralLedgerRepository } from './general-ledger/general-ledger.repository';
import { GeneralLedgerService } from './general-ledger/general-ledger.service';

/** Auditors' exports, streamed from the database. */
@Module({
  controllers: [GeneralLedgerController],
  providers: [GeneralLedgerService, GeneralLedgerRepository],
  exports: [GeneralLedgerService],
})
export class ExportsModule {}
