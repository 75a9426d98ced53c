import { Test } from '@nestjs/testing';
import { sampleStatusOfContributions } from './__fixtures__/status-of-contributions.sample';
import {
  ReportRenderModule,
  ReportRenderService,
  contentDisposition,
  parseReportFormat,
  renderReport,
  reportFileName,
} from './report-render.service';

describe('renderReport', () => {
  it.each<['pdf' | 'xlsx' | 'csv', string, string]>([
    ['pdf', 'application/pdf', '%PDF-'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK'],
    ['csv', 'text/csv; charset=utf-8', 'member,'],
  ])('renders %s with its content type and file name', async (format, contentType, magic) => {
    const file = await renderReport(sampleStatusOfContributions('es'), format, { fileStem: 'status-of-contributions' });
    expect(file.contentType).toBe(contentType);
    expect(file.fileName).toBe(`status-of-contributions-2026-11-29-es.${format}`);
    expect(file.body.subarray(0, magic.length).toString()).toBe(magic);
  });

  it('is injectable through ReportRenderModule', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ReportRenderModule] }).compile();
    const file = await moduleRef
      .get(ReportRenderService)
      .render(sampleStatusOfContributions('en'), 'csv', { csv: { table: 'detail_by_year' } });
    expect(file.body.toString().split('\r\n')[0]).toBe('member,fiscal_year,assessed,paid,outstanding');
    await moduleRef.close();
  });
});

describe('file names and formats', () => {
  it('derives an ASCII file name from the title when no stem is given', () => {
    expect(reportFileName(sampleStatusOfContributions('es'), 'pdf')).toBe(
      'estado-de-las-contribuciones-2026-11-29-es.pdf',
    );
  });

  it('writes both forms of Content-Disposition', () => {
    expect(contentDisposition('situación-2026.pdf')).toBe(
      `attachment; filename="situaci_n-2026.pdf"; filename*=UTF-8''situaci%C3%B3n-2026.pdf`,
    );
  });

  it.each<[unknown, string]>([
    [undefined, 'json'],
    ['pdf', 'pdf'],
    ['csv', 'csv'],
  ])('parseReportFormat(%p) → %s', (value, expected) => {
    expect(parseReportFormat(value, ['json', 'csv', 'xlsx', 'pdf'] as const)).toBe(expected);
  });

  it('refuses a format the route does not offer with a 400', () => {
    expect(() => parseReportFormat('docx', ['json', 'pdf'] as const)).toThrow(
      expect.objectContaining({ errors: [{ field: 'format', message: 'must be one of json, pdf' }] }),
    );
  });
});
