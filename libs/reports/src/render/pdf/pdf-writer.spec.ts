import { ReportDocument } from '../document';
import { findUnicodeFont, ResolvedFonts } from './pdf-fonts';
import { renderPdf } from './pdf-renderer';
import { PdfWriter, TextStyle } from './pdf-writer';

const doc: ReportDocument = {
  lang: 'es',
  title: 'Prueba',
  meta: { organisation: 'CRM', date: '2026-11-29', currency: 'USD' },
  sections: [],
};

const STANDARD: ResolvedFonts = { regular: 'Helvetica', bold: 'Helvetica-Bold', standard: true };
const unicode = findUnicodeFont();
const EMBEDDED: ResolvedFonts | undefined =
  unicode === undefined
    ? undefined
    : { regular: 'report-regular', bold: 'report-bold', standard: false, files: unicode };

/** Texts with kerning pairs (AV, Yo, To), accents, a no-break space, digits, an empty text, one beyond WinAnsi. */
const TEXTS = [
  'AVATAR Yo To',
  'República Dominicana',
  '1,250,000.50',
  '80.9\u00a0%',
  '',
  'Ta\u202fVe',
  '—“x”€ ¿Sí?',
  'WAVE',
];
const STYLES: TextStyle[] = [{ size: 8 }, { size: 7.5, bold: true }, { size: 9, color: '#1F4E79' }];

function bytes(w: PdfWriter): Promise<Buffer> {
  const chunks: Buffer[] = [];
  w.pdf.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve) => {
    w.pdf.on('end', () => resolve(Buffer.concat(chunks)));
    w.pdf.end();
  });
}

/**
 * `PdfWriter.line` writes its text objects itself; they must be the very bytes pdfkit's own
 * `text(…, { lineBreak: false })` writes, and leave pdfkit's cursor where pdfkit leaves it.
 */
describe.each<[string, ResolvedFonts | undefined]>([
  ['Helvetica', STANDARD],
  ['an embedded Unicode font', EMBEDDED],
])('PdfWriter.line with %s', (_name, fonts) => {
  const run = fonts === undefined ? it.skip : it;
  run('writes the bytes pdfkit writes for the same one-line texts', async () => {
    const ours = new PdfWriter(doc, fonts as ResolvedFonts, { lang: 'es', currency: 'USD' }, true);
    const theirs = new PdfWriter(doc, fonts as ResolvedFonts, { lang: 'es', currency: 'USD' }, true);
    const cursors: Array<[number, number][]> = [[], []];
    for (const [i, w] of [ours, theirs].entries()) {
      w.newPage();
      let y = w.top;
      for (let pass = 0; pass < 2; pass++) {
        for (const style of STYLES) {
          for (const text of TEXTS) {
            for (const align of ['left', 'right', 'center'] as const) {
              if (w === ours) w.line(text, w.left + 10.125, y, style, align, 200.3333);
              else {
                const width = align === 'left' ? 0 : w.widthOf(text, style);
                const at =
                  align === 'right'
                    ? w.left + 10.125 + 200.3333 - width
                    : align === 'center'
                      ? w.left + 10.125 + (200.3333 - width) / 2
                      : w.left + 10.125;
                w.use(style);
                w.pdf.text(w.s(text), at, y, { lineBreak: false });
              }
              cursors[i].push([w.pdf.x, w.pdf.y]);
              y += 3.7;
              if (y > w.bottom) {
                w.newPage();
                y = w.top;
              }
            }
          }
        }
      }
    }
    expect(cursors[0]).toEqual(cursors[1]);
    const [a, b] = await Promise.all([bytes(ours), bytes(theirs)]);
    expect(a.length).toBeGreaterThan(1000);
    expect(a.equals(b)).toBe(true);
  });
});

describe('embedded fonts shared by documents', () => {
  const table = (label: string, amounts: string[]): ReportDocument => ({
    ...doc,
    sections: [
      {
        kind: 'table',
        title: label,
        columns: [
          { key: 'name', label: 'Miembro', kind: 'text' },
          { key: 'amount', label: 'Monto', kind: 'money' },
        ],
        rows: amounts.map((amount, i) => ({ name: `${label} ${i} Việt Nam`, amount })),
      },
    ],
  });
  const run = EMBEDDED === undefined ? it.skip : it;

  run('a document renders to the same bytes before and after others that shaped words with its font', async () => {
    const first = table('Ωmega', ['1250.50', '-3.00', '1000000.00']);
    const before = await renderPdf(first, { fonts: 'embedded' });
    await renderPdf(table('Αlpha', ['7.25', '1250.50', '99.99']), { fonts: 'embedded' });
    await renderPdf(table('Ωmega', ['1250.50', '42.00']), { fonts: 'embedded' });
    const after = await renderPdf(first, { fonts: 'embedded' });
    expect(after.equals(before)).toBe(true);
  });
});
