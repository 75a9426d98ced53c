import { contentDisposition, renderReport } from '@app/reports';
import type { FinancialStatements } from './financial-statements.types';
import { CoverFacts, statementsDocument } from './statements-document';

export const STATEMENT_FORMATS = ['json', 'xlsx', 'pdf'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];
export type RenderedFormat = Exclude<StatementFormat, 'json'>;

export interface RenderedStatements {
  contentType: string;
  filename: string;
  /** The Content-Disposition header value. */
  disposition: string;
  body: Buffer;
}

/**
 * The hook for the XLSX and PDF editions of the statements (one sheet per statement; a PDF with a
 * cover naming the meeting, contents, page numbers and charts). The JSON is built first and is the
 * only input: a renderer formats, it never recomputes a figure.
 */
export interface StatementsRenderer {
  render(statements: FinancialStatements, format: RenderedFormat, cover: CoverFacts): Promise<RenderedStatements>;
}

export const STATEMENTS_RENDERER = Symbol('STATEMENTS_RENDERER');

/**
 * XLSX (a summary sheet, then one sheet per statement and note table) and PDF (cover naming the
 * meeting, contents, numbered pages, the statements, charts and notes) through the reports toolkit.
 */
export class ReportsStatementsRenderer implements StatementsRenderer {
  async render(statements: FinancialStatements, format: RenderedFormat, cover: CoverFacts): Promise<RenderedStatements> {
    const doc = statementsDocument(statements, cover);
    const file = await renderReport(doc, format, {
      fileStem: `financial-statements-${statements.fiscalYear}`,
      pdf: { cover: true, toc: true, landscape: true },
    });
    return { contentType: file.contentType, filename: file.fileName, body: file.body, disposition: contentDisposition(file.fileName) };
  }
}
