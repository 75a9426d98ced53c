export * from './document';
export { cellCurrency, cellDecimal, defaultAlign, formatCell, isMoneyValue, machineCell } from './cells';
export type { CellContext, CellSpec } from './cells';
export { ReportDocumentError, assertValidReportDocument, reportDocumentProblems } from './validate';
export { niceScale, scaleRatio } from './chart-scale';
export type { ValueScale } from './chart-scale';
export { renderPdf, renderPdfStream } from './pdf/pdf-renderer';
export type { PdfRenderOptions } from './pdf/pdf-renderer';
export { UNICODE_FONT_CANDIDATES, findUnicodeFont, fitsWinAnsi, resolveFonts, toWinAnsi } from './pdf/pdf-fonts';
export type { PdfFontChoice, PdfFontFiles, ResolvedFonts } from './pdf/pdf-fonts';
export { PDF_THEME } from './pdf/pdf-theme';
export { buildWorkbook, excelNumberFormat, renderXlsx, toExcelNumber } from './xlsx-renderer';
export type { XlsxRenderOptions } from './xlsx-renderer';
export { renderCsv, tableToCsv } from './csv-renderer';
export type { CsvDocumentOptions, CsvRenderOptions } from './csv-renderer';
export {
  CONTENT_TYPES,
  RENDER_FORMATS,
  ReportRenderModule,
  ReportRenderService,
  contentDisposition,
  offeredFormat,
  parseReportFormat,
  renderReport,
  reportFileName,
} from './report-render.service';
export type { RenderFormat, RenderOptions, RenderedReport } from './report-render.service';
export {
  column,
  csvDocument,
  date,
  fixed,
  money,
  organisation,
  ratioToPercent,
  sum,
  text,
  today,
} from './document-kit';
export type { PlainLabelKey } from './document-kit';
