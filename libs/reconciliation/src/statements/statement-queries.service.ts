import { Injectable } from '@nestjs/common';
import { Dec, formatAmount, notFound } from '@app/common';
import { TransactionRunner } from '@app/database';
import { BankScopeRepository } from '../bank-scope.repository';
import { LineFilter, StatementsRepository } from './statements.repository';

/** Read side of statements: imports with their statements, and statement lines with their match. */
@Injectable()
export class StatementQueriesService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly scopes: BankScopeRepository,
    private readonly statements: StatementsRepository,
  ) {}

  imports(code: string, limit: number) {
    return this.db.snapshot(async (m) => {
      const scope = await this.scopes.find(m, code);
      if (!scope) throw notFound('bank account', code);
      const imports = await this.statements.listImports(m, code, limit);
      const statements = await this.statements.statementsOfImports(
        m,
        imports.map((i) => i.id),
      );
      const money = (v: string | null): string | null => (v === null ? null : formatAmount(new Dec(v), scope.currency));
      return imports.map((i) => ({
        id: i.id,
        format: i.format,
        fileName: i.fileName,
        fileSha256: i.fileSha256,
        fileBytes: i.fileBytes,
        importedAt: i.importedAt,
        lines: i.linesStored,
        duplicates: i.duplicates,
        linesRead: i.linesRead,
        foreignCurrencyLines: i.foreignCurrencyLines,
        skipped: i.skipped,
        statements: statements
          .filter((s) => s.importId === i.id)
          .map((s) => ({
            id: s.id,
            statementId: s.statementRef,
            accountIdentifier: s.accountIdentifier,
            fromDate: s.startsOn,
            toDate: s.endsOn,
            openingBalance: money(s.openingBalance),
            closingBalance: money(s.closingBalance),
            linesRead: s.linesRead,
            lines: s.linesStored,
            balancesAgree: s.balancesAgree,
            continuesStatement: s.continuesStatementId,
          })),
      }));
    });
  }

  lines(code: string, filter: LineFilter) {
    return this.db.snapshot(async (m) => {
      if (!(await this.scopes.find(m, code))) throw notFound('bank account', code);
      const rows = await this.statements.listLines(m, code, { ...filter, limit: filter.limit + 1 });
      const page = rows.slice(0, filter.limit);
      return {
        items: page.map((l) => ({
          id: l.id,
          statementId: l.statementId,
          lineNumber: l.lineNumber,
          date: l.bookingDate,
          valueDate: l.valueDate,
          direction: l.direction,
          amount: formatAmount(new Dec(l.amount), l.currency),
          currency: l.currency,
          reference: l.reference,
          bankReference: l.bankReference,
          description: l.description,
          reversal: l.reversal,
          foreignCurrency: l.foreignCurrency,
          batchCount: l.batchCount,
          matchId: l.matchId,
        })),
        nextCursor: rows.length > filter.limit ? page[page.length - 1].id : null,
      };
    });
  }
}
