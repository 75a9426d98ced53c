import type {
  RenderedReserveFundReport,
  ReserveFundRenderer,
  ReserveFundReport,
  ReserveFundReportLang,
} from '@app/reserve-fund';
import { RenderFormat } from '@app/reports';
import { render } from '../shared/kit';
import { reserveFundCsvDocument, reserveFundDocument } from './reserve-fund-report.document';

/** One format of the reserve-fund report (the hook takes one renderer per format). */
export class ReserveFundFileRenderer implements ReserveFundRenderer {
  constructor(readonly format: RenderFormat) {}

  async render(report: ReserveFundReport, lang: ReserveFundReportLang): Promise<RenderedReserveFundReport> {
    const doc = this.format === 'csv' ? reserveFundCsvDocument(report, lang) : reserveFundDocument(report, lang);
    // The cases table has nine columns: in portrait the case titles wrap a word per line.
    const file = await render(doc, this.format, 'reserve-fund', { landscape: true });
    return { contentType: file.contentType, fileName: file.fileName, body: file.body };
  }
}
