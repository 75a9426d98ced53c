import { ApiProperty } from '@nestjs/swagger';
import type { BudgetExecution, BudgetExecutionLine } from '../budget-execution/budget-execution.service';
import type * as T from './financial-statements.types';
import { STATEMENT_LANGS, StatementLang } from './labels';

/**
 * The OpenAPI shape of the financial statements' and the budget execution's JSON. Each class
 * `implements` its type: a field added there and not here fails to compile. The prior year's
 * figures sit in `prior` beside the current year's.
 */
const FUND_KINDS = ['general', 'reserve', 'restricted'] as const;
const amount = (example = '1000.00') => ApiProperty({ example });
const nullableAmount = () => ApiProperty({ type: String, nullable: true, example: '87.50' });

export class AccountFigureResponse implements T.AccountFigure {
  @ApiProperty({ example: '1010' }) code: string;
  @ApiProperty({ example: 'Bank' }) name: string;
  @amount() amount: string;
  @amount() prior: string;
}

export class FinancialStatementLineResponse implements T.StatementLine {
  @ApiProperty({ example: 'cash' }) code: string;
  @ApiProperty({ example: 'Cash and cash equivalents' }) label: string;
  @amount() amount: string;
  @amount() prior: string;
  @ApiProperty({ type: [AccountFigureResponse], description: 'The ledger accounts that make up the line' }) accounts: AccountFigureResponse[];
}

export class PeriodInfoResponse implements T.PeriodInfo {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: '2005-01-01' }) startsOn: string;
  @ApiProperty({ example: '2005-12-31' }) endsOn: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
}

export class PositionTotalsFigures implements T.PositionTotals {
  @amount() assets: string;
  @amount() liabilities: string;
  @amount() netAssets: string;
  @amount() liabilitiesAndNetAssets: string;
}
export class PositionTotalsResponse extends PositionTotalsFigures {
  @ApiProperty({ type: PositionTotalsFigures }) prior: PositionTotalsFigures;
}

export class NetAssetsByFundResponse {
  @ApiProperty({ example: 'GEN' }) fund: string;
  @ApiProperty({ example: 'General fund' }) name: string;
  @ApiProperty({ enum: FUND_KINDS }) kind: T.FundKind;
  @amount() amount: string;
  @amount() prior: string;
}

export class FinancialPositionResponse implements T.FinancialPosition {
  @ApiProperty() title: string;
  @ApiProperty({ example: '2005-12-31' }) asAt: string;
  @ApiProperty({ example: '2004-12-31' }) priorAsAt: string;
  @ApiProperty({ type: [FinancialStatementLineResponse] }) assets: FinancialStatementLineResponse[];
  @ApiProperty({ type: [FinancialStatementLineResponse] }) liabilities: FinancialStatementLineResponse[];
  @ApiProperty({ type: [FinancialStatementLineResponse], description: 'By fund kind' }) netAssets: FinancialStatementLineResponse[];
  @ApiProperty({ type: [NetAssetsByFundResponse] }) netAssetsByFund: NetAssetsByFundResponse[];
  @ApiProperty({ type: PositionTotalsResponse }) totals: PositionTotalsResponse;
}

export class PerformanceTotalsFigures implements T.PerformanceTotals {
  @amount() revenue: string;
  @amount() expenses: string;
  @amount() surplus: string;
}
export class PerformanceTotalsResponse extends PerformanceTotalsFigures {
  @ApiProperty({ type: PerformanceTotalsFigures }) prior: PerformanceTotalsFigures;
}
export class PerformanceByFundResponse extends PerformanceTotalsResponse {
  @ApiProperty({ example: 'GEN' }) fund: string;
  @ApiProperty({ enum: FUND_KINDS }) kind: T.FundKind;
}

export class InterFundTransfersFigures implements T.TransfersFigures {
  @amount() transfersIn: string;
  @amount() transfersOut: string;
  @amount('0.00') net: string;
}
export class InterFundTransfersResponse extends InterFundTransfersFigures {
  @ApiProperty({ enum: ['eliminated'] }) treatment: 'eliminated';
  @ApiProperty({ type: InterFundTransfersFigures }) prior: InterFundTransfersFigures;
}

export class FinancialPerformanceResponse implements T.FinancialPerformance {
  @ApiProperty() title: string;
  @ApiProperty({ example: '2005-01-01' }) from: string;
  @ApiProperty({ example: '2005-12-31' }) to: string;
  @ApiProperty({ example: '2004-01-01' }) priorFrom: string;
  @ApiProperty({ example: '2004-12-31' }) priorTo: string;
  @ApiProperty({ type: [FinancialStatementLineResponse] }) revenue: FinancialStatementLineResponse[];
  @ApiProperty({ type: [FinancialStatementLineResponse] }) expenses: FinancialStatementLineResponse[];
  @ApiProperty({ type: InterFundTransfersResponse, description: 'Eliminated here; shown fund by fund in the changes in net assets' })
  interFundTransfers: InterFundTransfersResponse;
  @ApiProperty({ type: [PerformanceByFundResponse] }) byFund: PerformanceByFundResponse[];
  @ApiProperty({ type: PerformanceTotalsResponse }) totals: PerformanceTotalsResponse;
}

export class NetAssetsMovementFigures implements T.NetAssetsMovement {
  @amount() opening: string;
  @amount() surplus: string;
  @amount('0.00') transfers: string;
  @amount('0.00') otherMovements: string;
  @amount() closing: string;
}
export class NetAssetsMovementResponse extends NetAssetsMovementFigures {
  @ApiProperty({ type: NetAssetsMovementFigures }) prior: NetAssetsMovementFigures;
}
export class NetAssetsFundMovementResponse extends NetAssetsMovementResponse {
  @ApiProperty({ example: 'GEN' }) fund: string;
  @ApiProperty({ example: 'General fund' }) name: string;
  @ApiProperty({ enum: FUND_KINDS }) kind: T.FundKind;
}
export class NetAssetsKindMovementResponse extends NetAssetsMovementResponse {
  @ApiProperty({ enum: FUND_KINDS }) kind: T.FundKind;
  @ApiProperty({ example: 'Unrestricted' }) label: string;
}

export class ChangesInNetAssetsResponse implements T.ChangesInNetAssets {
  @ApiProperty() title: string;
  @ApiProperty({ type: [NetAssetsFundMovementResponse] }) funds: NetAssetsFundMovementResponse[];
  @ApiProperty({ type: [NetAssetsKindMovementResponse] }) byKind: NetAssetsKindMovementResponse[];
  @ApiProperty({ type: NetAssetsMovementResponse }) totals: NetAssetsMovementResponse;
}

export class CashFlowTotalsFigures implements T.CashFlowTotals {
  @amount() openingCash: string;
  @amount() receipts: string;
  @amount() payments: string;
  @amount('0.00') transfers: string;
  @amount('0.00') other: string;
  @amount() netFlow: string;
  @amount() closingCash: string;
}
export class CashFlowTotalsResponse extends CashFlowTotalsFigures {
  @ApiProperty({ type: CashFlowTotalsFigures }) prior: CashFlowTotalsFigures;
}
export class CashFlowLineResponse extends FinancialStatementLineResponse {
  @ApiProperty({ enum: ['receipt', 'payment', 'transfer', 'other'] }) kind: 'receipt' | 'payment' | 'transfer' | 'other';
}

export class CashFlowStatementResponse implements T.CashFlowStatement {
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['direct'] }) method: 'direct';
  @ApiProperty({ type: [String], example: ['1010'] }) cashAccounts: string[];
  @ApiProperty({ type: [CashFlowLineResponse] }) lines: CashFlowLineResponse[];
  @ApiProperty({ type: CashFlowTotalsResponse }) totals: CashFlowTotalsResponse;
}

export class BudgetFiguresResponse implements T.BudgetFigures {
  @amount() budget: string;
  @amount() actual: string;
  @amount() variance: string;
  @nullableAmount() executionPercent: string | null;
}
export class BudgetTotalsResponse extends BudgetFiguresResponse {
  @ApiProperty({ type: BudgetFiguresResponse }) prior: BudgetFiguresResponse;
}
export class BudgetVsActualLineResponse extends BudgetTotalsResponse {
  @ApiProperty({ example: 'MEETINGS' }) code: string;
  @ApiProperty({ example: 'Meetings and travel' }) name: string;
  @ApiProperty() inBudget: boolean;
  @amount() originalBudget: string;
}

export class BudgetApprovalResponse {
  @ApiProperty({ example: 'IX CRM, Panamá' }) meeting: string;
  @ApiProperty({ example: '2004-12-10' }) date: string;
  @ApiProperty({ example: 'GRCM-2004-12/21' }) reference: string;
}

export class BudgetVersionInfoResponse implements T.BudgetVersionInfo {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ example: 1 }) originalVersion: number;
  @ApiProperty({ type: BudgetApprovalResponse }) approval: BudgetApprovalResponse;
}

export class UnallocatedExpensesResponse {
  @ApiProperty() label: string;
  @amount('0.00') actual: string;
  @amount('0.00') prior: string;
}

export class BudgetVsActualResponse implements T.BudgetVsActual {
  @ApiProperty() title: string;
  @ApiProperty({ type: [String], example: ['GEN'] }) funds: string[];
  @ApiProperty({ enum: ['accrual'] }) basis: 'accrual';
  @ApiProperty({ type: BudgetVersionInfoResponse, nullable: true }) budget: BudgetVersionInfoResponse | null;
  @ApiProperty({ type: BudgetVersionInfoResponse, nullable: true }) priorBudget: BudgetVersionInfoResponse | null;
  @ApiProperty({ type: [BudgetVsActualLineResponse] }) lines: BudgetVsActualLineResponse[];
  @ApiProperty({ type: UnallocatedExpensesResponse, description: 'General-fund expenses carrying no budget line' })
  unallocated: UnallocatedExpensesResponse;
  @ApiProperty({ type: BudgetTotalsResponse }) totals: BudgetTotalsResponse;
}

export class PolicyParagraphResponse {
  @ApiProperty({ example: 'basis' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty() text: string;
}
export class AccountingPoliciesNote {
  @ApiProperty() title: string;
  @ApiProperty({ type: [PolicyParagraphResponse] }) paragraphs: PolicyParagraphResponse[];
}

export class MemberContributionFigures implements T.MemberContribution {
  @amount() opening: string;
  @amount() assessed: string;
  @amount() paid: string;
  @amount('0.00') writtenOff: string;
  @amount() outstanding: string;
  @amount('0.00') advance: string;
}
export class MemberContributionTotals extends MemberContributionFigures {
  @ApiProperty({ type: MemberContributionFigures }) prior: MemberContributionFigures;
}
export class MemberContributionLine extends MemberContributionTotals {
  @ApiProperty({ example: 'MEX' }) member: string;
  @ApiProperty({ example: 'México' }) name: string;
}
export class ContributionsNote {
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['ledger', 'contributions'] }) source: 'ledger' | 'contributions';
  @ApiProperty({ type: [MemberContributionLine] }) members: MemberContributionLine[];
  @ApiProperty({ type: MemberContributionTotals }) totals: MemberContributionTotals;
}

export class GrantNoteFigures implements T.GrantFigures {
  @amount() pledged: string;
  @amount() received: string;
  @amount() spent: string;
  @amount('0.00') refunded: string;
  @amount() netAssets: string;
  @amount() cash: string;
}
export class GrantNoteTotals extends GrantNoteFigures {
  @ApiProperty({ type: GrantNoteFigures }) prior: GrantNoteFigures;
}
export class GrantNoteLine extends GrantNoteTotals {
  @ApiProperty({ example: 'USA-2004-CAMPAIGN' }) fund: string;
  @ApiProperty() name: string;
}
export class GrantsNote {
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['ledger', 'grants'] }) source: 'ledger' | 'grants';
  @ApiProperty({ type: [GrantNoteLine] }) grants: GrantNoteLine[];
  @ApiProperty({ type: GrantNoteTotals }) totals: GrantNoteTotals;
}

export class ReserveNoteFigures implements T.ReserveFigures {
  @amount() balance: string;
  @amount() cash: string;
  @amount() contributions: string;
  @amount() disbursements: string;
  @amount('0.00') transfers: string;
  @nullableAmount() commitments: string | null;
}
export class MonthlyBalanceResponse {
  @ApiProperty({ example: '2005-01' }) month: string;
  @amount() balance: string;
}
export class ReserveFundNote extends ReserveNoteFigures {
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['ledger', 'reserve-fund'] }) source: 'ledger' | 'reserve-fund';
  @ApiProperty({ type: [String], example: ['RES'] }) funds: string[];
  @ApiProperty({ type: [MonthlyBalanceResponse] }) monthlyBalances: MonthlyBalanceResponse[];
  @ApiProperty({ type: ReserveNoteFigures }) prior: ReserveNoteFigures;
}

export class StatementNotesResponse implements T.StatementNotes {
  @ApiProperty({ type: AccountingPoliciesNote }) accountingPolicies: AccountingPoliciesNote;
  @ApiProperty({ type: ContributionsNote }) contributions: ContributionsNote;
  @ApiProperty({ type: GrantsNote }) grants: GrantsNote;
  @ApiProperty({ type: ReserveFundNote }) reserveFund: ReserveFundNote;
}

export class FinancialStatementsResponse implements T.FinancialStatements {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: 2004 }) priorFiscalYear: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ enum: STATEMENT_LANGS }) lang: StatementLang;
  @ApiProperty({ type: PeriodInfoResponse }) period: PeriodInfoResponse;
  @ApiProperty({ type: PeriodInfoResponse }) priorPeriod: PeriodInfoResponse;
  @ApiProperty({ type: FinancialPositionResponse }) financialPosition: FinancialPositionResponse;
  @ApiProperty({ type: FinancialPerformanceResponse }) financialPerformance: FinancialPerformanceResponse;
  @ApiProperty({ type: ChangesInNetAssetsResponse }) changesInNetAssets: ChangesInNetAssetsResponse;
  @ApiProperty({ type: CashFlowStatementResponse }) cashFlow: CashFlowStatementResponse;
  @ApiProperty({ type: BudgetVsActualResponse }) budgetVsActual: BudgetVsActualResponse;
  @ApiProperty({ type: StatementNotesResponse }) notes: StatementNotesResponse;
}

export class BudgetExecutionLineResponse implements BudgetExecutionLine {
  @ApiProperty({ example: 'MEETINGS' }) code: string;
  @ApiProperty({ example: 'Meetings and travel' }) name: string;
  @amount('3000.00') approved: string;
  @amount('1250.00') spent: string;
  @amount('1750.00') available: string;
  @ApiProperty({ type: String, nullable: true, example: '41.67' }) executionPercent: string | null;
}

export class BudgetExecutionVersionResponse {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: BudgetApprovalResponse }) approval: BudgetApprovalResponse;
}

export class OutsideBudgetLineResponse {
  @ApiProperty({ example: 'OLD' }) code: string;
  @amount('0.00') spent: string;
}

export class OutsideBudgetResponse {
  @ApiProperty({ type: [OutsideBudgetLineResponse], description: 'Tagged with a code the budget does not have' }) lines: OutsideBudgetLineResponse[];
  @amount('0.00') unallocated: string;
  @amount('0.00') total: string;
}

export class BudgetExecutionTotalsResponse {
  @amount('10000.00') approved: string;
  @amount('1250.00') spent: string;
  @amount('8750.00') available: string;
  @ApiProperty({ type: String, nullable: true, example: '12.50' }) executionPercent: string | null;
}

export class BudgetExecutionResponse implements BudgetExecution {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: '2005-06-30' }) asOf: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ type: BudgetExecutionVersionResponse, nullable: true, description: 'The version in force at asOf; null if none was yet' })
  budget: BudgetExecutionVersionResponse | null;
  @ApiProperty({ type: [BudgetExecutionLineResponse] }) lines: BudgetExecutionLineResponse[];
  @ApiProperty({ type: OutsideBudgetResponse, description: 'General-fund expenses not on a line of that budget' }) outsideBudget: OutsideBudgetResponse;
  @ApiProperty({ type: BudgetExecutionTotalsResponse }) totals: BudgetExecutionTotalsResponse;
}
