import { Injectable, Module } from '@nestjs/common';
import { DomainError, ErrorCode, validationError } from '@app/common';
import { CsvDocumentOptions, renderCsv } from './csv-renderer';
import { ReportDocument } from './document';
import { PdfRenderOptions, renderPdf } from './pdf/pdf-renderer';
import { XlsxRenderOptions, renderXlsx } from './xlsx-renderer';

/** Formats the renderers produce. `json` is not one: a report's JSON is its service's response body. */
export const RENDER_FORMATS = ['pdf', 'xlsx', 'csv'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<RenderFormat, string>> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export interface RenderOptions {
  /** File name without extension ("status-of-contributions"); the date and language are appended. */
  readonly fileStem?: string;
  readonly pdf?: PdfRenderOptions;
  readonly xlsx?: XlsxRenderOptions;
  readonly csv?: CsvDocumentOptions;
}

export interface RenderedReport {
  readonly format: RenderFormat;
  readonly contentType: string;
  /** "status-of-contributions-2026-11-29-es.pdf": ASCII, safe in a Content-Disposition header. */
  readonly fileName: string;
  readonly body: Buffer;
}

/**
 * Reads a `?format=` value against the formats a route offers (e.g. ['json', 'csv', 'pdf']):
 * absent → the first one, unknown → 400 naming the field.
 */
export function parseReportFormat<F extends string>(value: unknown, allowed: readonly F[], field = 'format'): F {
  if (value === undefined || value === null || value === '') return allowed[0];
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as F;
  throw validationError(field, `must be one of ${allowed.join(', ')}`);
}

/**
 * A report route's `?format=`: `json` (the route's own response body) or one of the files its
 * domain renders. Anything else is a 400 naming the formats offered, before the report is read.
 */
export function offeredFormat<F extends RenderFormat>(format: string, files: readonly F[]): 'json' | F {
  if (format === 'json' || (files as readonly string[]).includes(format)) return format as 'json' | F;
  const offered = ['json', ...files].sort().join(', ');
  throw new DomainError(ErrorCode.ValidationFailed, `format: '${format}' is not available; use one of ${offered}`, [
    { field: 'format', message: `one of ${offered}` },
  ]);
}

function slug(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'report'
  );
}

export function reportFileName(doc: ReportDocument, format: RenderFormat, stem?: string): string {
  return `${slug(stem ?? doc.title)}-${doc.meta.asOf ?? doc.meta.date}-${doc.lang}.${format}`;
}

/** `attachment` with both the plain and the RFC 5987 forms of the name, for every browser. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function renderReport(
  doc: ReportDocument,
  format: RenderFormat,
  options: RenderOptions = {},
): Promise<RenderedReport> {
  let body: Buffer;
  switch (format) {
    case 'pdf':
      body = await renderPdf(doc, options.pdf);
      break;
    case 'xlsx':
      body = await renderXlsx(doc, options.xlsx);
      break;
    case 'csv':
      body = Buffer.from(renderCsv(doc, options.csv), 'utf8');
      break;
  }
  return { format, contentType: CONTENT_TYPES[format], fileName: reportFileName(doc, format, options.fileStem), body };
}

/**
 * The renderers as an injectable, for report controllers:
 * `const file = await this.render.render(doc, 'pdf'); res.set({'Content-Type': file.contentType,
 * 'Content-Disposition': contentDisposition(file.fileName)}).send(file.body)`.
 */
@Injectable()
export class ReportRenderService {
  render(doc: ReportDocument, format: RenderFormat, options: RenderOptions = {}): Promise<RenderedReport> {
    return renderReport(doc, format, options);
  }
}

/** Import into a domain module to inject ReportRenderService (it holds no state; the functions work too). */
@Module({ providers: [ReportRenderService], exports: [ReportRenderService] })
export class ReportRenderModule {}
