import { Injectable } from '@nestjs/common';
import { RendererRegistry, RenderedReport } from '@app/common';
import { GrantReport } from './grant-report';

export type GrantReportLang = 'es' | 'en';

export type RenderedGrantReport = RenderedReport;

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

/** The hook: renderers by format (JSON built in; CSV, XLSX and PDF registered by the report-renderers lib). */
@Injectable()
export class GrantsRenderers extends RendererRegistry<GrantsRenderer> {
  constructor() {
    super(new JsonGrantsRenderer());
  }
}
