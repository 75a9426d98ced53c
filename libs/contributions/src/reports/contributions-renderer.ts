import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DomainError, ErrorCode } from '@app/common';
import { ContributionsReport, ReportFormat, ReportLang } from './report-types';

/** What a renderer produces: a JSON body, or a file (CSV, XLSX, PDF) with its content type. */
export type RenderedReport =
  { kind: 'json'; body: unknown } | { kind: 'file'; contentType: string; filename: string; body: Buffer | Readable };

/**
 * The hook for report formats. The reports lib implements this for CSV, XLSX and PDF and
 * registers it at start-up:
 *
 *   constructor(private readonly renderers: ContributionsRenderers) {}
 *   onModuleInit() { this.renderers.register(new PdfContributionsRenderer()); }
 *
 * A renderer receives the typed report (see report-types.ts) exactly as the JSON shows it.
 */
export interface ContributionsRenderer {
  /** Formats this renderer produces; a later registration for a format replaces an earlier one. */
  readonly formats: readonly ReportFormat[];
  render(report: ContributionsReport, options: { format: ReportFormat; lang: ReportLang }): Promise<RenderedReport>;
}

/** The JSON renderer: the typed object is the response body. */
export class JsonContributionsRenderer implements ContributionsRenderer {
  readonly formats: readonly ReportFormat[] = ['json'];

  async render(report: ContributionsReport): Promise<RenderedReport> {
    return { kind: 'json', body: report.data };
  }
}

/** The renderers available, by format. Controllers call `render`; other libs call `register`. */
@Injectable()
export class ContributionsRenderers {
  private readonly byFormat = new Map<ReportFormat, ContributionsRenderer>();

  constructor() {
    this.register(new JsonContributionsRenderer());
  }

  register(renderer: ContributionsRenderer): void {
    for (const format of renderer.formats) this.byFormat.set(format, renderer);
  }

  supports(format: ReportFormat): boolean {
    return this.byFormat.has(format);
  }

  render(format: ReportFormat, lang: ReportLang, report: ContributionsReport): Promise<RenderedReport> {
    const renderer = this.byFormat.get(format);
    if (!renderer) {
      throw new DomainError(ErrorCode.ValidationFailed, `format: no renderer for '${format}' is installed`, [
        { field: 'format', message: `no renderer for '${format}' is installed` },
      ]);
    }
    return renderer.render(report, { format, lang });
  }
}
