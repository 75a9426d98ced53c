import type { GrantReport, GrantReportLang, GrantsRenderer, RenderedGrantReport } from '@app/grants';
import { RenderFormat } from '@app/reports';
import { render } from '../shared/kit';
import { grantCsvDocument, grantDocument } from './grant-report.document';

/** One format of the donor report (the grants hook takes one renderer per format). */
export class GrantFileRenderer implements GrantsRenderer {
  constructor(readonly format: RenderFormat) {}

  async render(report: GrantReport, lang: GrantReportLang): Promise<RenderedGrantReport> {
    const doc = this.format === 'csv' ? grantCsvDocument(report, lang) : grantDocument(report, lang);
    const file = await render(doc, this.format, `grant-${report.grant.code}`);
    return { contentType: file.contentType, fileName: file.fileName, body: file.body };
  }
}
