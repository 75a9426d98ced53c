import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/common';
import { GrantReport } from './grant-report';

export type GrantReportLang = 'es' | 'en';

/** A rendered report, ready to send: the controller sets the headers from it. */
export interface RenderedGrantReport {
  contentType: string;
  /** Suggested file name (Content-Disposition). */
  fileName: string;
  body: Buffer | string;
}

/** Turns the donor report into one format. CSV, XLSX and PDF (es/en) are added by the reports lib. */
export interface GrantsRenderer {
  readonly format: string;
  render(report: GrantReport, lang: GrantReportLang): Promise<RenderedGrantReport>;
}

/** The JSON rendering: the report as it is, pretty-printed for a file download. */
export class JsonGrantsRenderer implements GrantsRenderer {
  readonly format = 'json';

  async render(report: GrantReport): Promise<RenderedGrantReport> {
    return {
      contentType: 'application/json; charset=utf-8',
      fileName: `grant-${report.grant.code}.json`,
      body: JSON.stringify(report, null, 2),
    };
  }
}

/**
 * The hook: renderers by format. Another module registers its own at start-up
 * (`renderers.register(new PdfGrantsRenderer())` in its `onModuleInit`); the report route then
 * answers `?format=pdf`. Registering a format twice replaces the first.
 */
@Injectable()
export class GrantsRenderers {
  private readonly byFormat = new Map<string, GrantsRenderer>([['json', new JsonGrantsRenderer()]]);

  register(renderer: GrantsRenderer): void {
    this.byFormat.set(renderer.format, renderer);
  }

  formats(): string[] {
    return [...this.byFormat.keys()].sort();
  }

  get(format: string): GrantsRenderer {
    const renderer = this.byFormat.get(format);
    if (!renderer) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `format: '${format}' is not available; use one of ${this.formats().join(', ')}`,
        [{ field: 'format', message: `one of ${this.formats().join(', ')}` }],
      );
    }
    return renderer;
  }
}
