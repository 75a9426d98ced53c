import { Injectable } from '@nestjs/common';
import { RendererRegistry, RenderedReport } from '@app/common';
import { ReserveFundReport } from './reserve-fund-report';

export type ReserveFundReportLang = 'es' | 'en';

export type RenderedReserveFundReport = RenderedReport;

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

/** The hook: renderers by format (JSON built in; CSV, XLSX and PDF registered by the report-renderers lib). */
@Injectable()
export class ReserveFundRenderers extends RendererRegistry<ReserveFundRenderer> {
  constructor() {
    super(new JsonReserveFundRenderer());
  }
}
