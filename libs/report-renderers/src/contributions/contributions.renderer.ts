import type {
  ContributionsRenderer,
  ContributionsReport,
  RenderedReport,
  ReportFormat,
  ReportLang,
} from '@app/contributions';
import { RenderFormat, ReportDocument } from '@app/reports';
import { render } from '../shared/kit';
import { statementCsvDocument, statementDocument } from './member-statement.document';
import { statusCsvDocument, statusDocument } from './status-of-contributions.document';

const FILE_FORMATS: readonly RenderFormat[] = ['csv', 'xlsx', 'pdf'];

function isFileFormat(format: ReportFormat): format is RenderFormat {
  return (FILE_FORMATS as readonly string[]).includes(format);
}

/**
 * CSV, XLSX and PDF of the contributions reports. The typed report is rendered as given; the
 * language is the one it was built in (the route's `lang`), so its member names and line
 * descriptions agree with the labels.
 */
export class ContributionsFileRenderer implements ContributionsRenderer {
  readonly formats: readonly ReportFormat[] = FILE_FORMATS;

  async render(
    report: ContributionsReport,
    options: { format: ReportFormat; lang: ReportLang },
  ): Promise<RenderedReport> {
    const { format } = options;
    if (!isFileFormat(format)) throw new RangeError(`the file renderer does not produce '${format}'`);
    let doc: ReportDocument;
    let stem: string;
    if (report.kind === 'status-of-contributions') {
      doc = format === 'csv' ? statusCsvDocument(report.data) : statusDocument(report.data);
      stem = 'status-of-contributions';
    } else {
      doc = format === 'csv' ? statementCsvDocument(report.data) : statementDocument(report.data);
      stem = `statement-${report.data.member}`;
    }
    // The status table is wide (nine columns): landscape; a statement reads well in portrait.
    const file = await render(doc, format, stem, { landscape: report.kind === 'status-of-contributions' });
    return { kind: 'file', contentType: file.contentType, filename: file.fileName, body: file.body };
  }
}
