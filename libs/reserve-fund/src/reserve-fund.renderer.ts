import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/common';
import { ReserveFundReport } from './reserve-fund-report';

export type ReserveFundReportLang = 'es' | 'en';

/** A rendered report, ready to send: the controller sets the headers from it. */
export interface RenderedReserveFundReport {
  contentType: string;
  /** Suggested file name (Content-Disposition). */
  fileName: string;
  body: Buffer | string;
}

/** Turns the reserve-fund report into one format. CSV, XLSX and PDF (es/en) are added by the reports lib. */
export interface ReserveFundRenderer {
  readonly format: string;
  render(report: ReserveFundReport, lang: ReserveFundReportLang): Promise<RenderedReserveFundReport>;
}

/** The JSON rendering: the report as it is, pretty-printed for a file download. */
export class JsonReserveFundRenderer implements ReserveFundRenderer {
  readonly format = 'json';

  async render(report: ReserveFundReport): Promise<RenderedReserveFundReport> {
    return {
      contentType: 'application/json; charset=utf-8',
      fileName: `reserve-fund-${report.asOf}.json`,
      body: JSON.stringify(report, null, 2),
    };
  }
}

/**
 * The hook: renderers by format. Another module registers its own at start-up
 * (`renderers.register(new PdfReserveFundRenderer())` in its `onModuleInit`); the report route then
 * answers `?format=pdf`. Registering a format twice replaces the first.
 */
@Injectable()
export class ReserveFundRenderers {
  private readonly byFormat = new Map<string, ReserveFundRenderer>([['json', new JsonReserveFundRenderer()]]);

  register(renderer: ReserveFundRenderer): void {
    this.byFormat.set(renderer.format, renderer);
  }

  formats(): string[] {
    return [...this.byFormat.keys()].sort();
  }

  get(format: string): ReserveFundRenderer {
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
