import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flat, pdfContent } from '../../../../../test/support/report-files';
import { sampleStatusOfContributions } from '../__fixtures__/status-of-contributions.sample';
import { ReportDocument, TableRow } from '../document';
import { findUnicodeFont } from './pdf-fonts';
import { PdfRenderOptions, renderPdf, renderPdfStream } from './pdf-renderer';

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const rendered = new Map<string, Promise<Buffer>>();
function sample(lang: 'es' | 'en', options: PdfRenderOptions = {}): Promise<Buffer> {
  const key = `${lang}-${JSON.stringify(options)}`;
  let pdf = rendered.get(key);
  if (pdf === undefined) {
    pdf = renderPdf(sampleStatusOfContributions(lang), options);
    rendered.set(key, pdf);
  }
  return pdf;
}

describe('PDF of the status of contributions', () => {
  it.each<['es' | 'en', string[]]>([
    [
      'es',
      [
        'Estado de las contribuciones',
        'Situación al 29 de noviembre de 2026 · Cifras en USD',
        'Cuotas asignadas',
        'Situación por miembro',
        'Tasa de recaudación',
        'República Dominicana',
        'Pagado y pendiente por miembro',
        'Detalle por ejercicio fiscal (continuación)',
        '¿Cómo se calcula? Atrasos = pendiente de ejercicios anteriores a 2026. ¡Gracias a los miembros al día!',
        'Página 1 de 5',
        'Página 5 de 5',
        '31 ene. 2026',
      ],
    ],
    [
      'en',
      [
        'Status of contributions',
        'Position as at 29 November 2026 · Amounts in USD',
        'Assessed',
        'Position by member',
        'Collection rate',
        'United States of America',
        'Paid and outstanding by member',
        'Detail by fiscal year (continued)',
        'Page 1 of 5',
        'Page 5 of 5',
        '31 Jan 2026',
      ],
    ],
  ])('has the %s labels', async (lang, labels) => {
    const { text } = await pdfContent(await sample(lang));
    for (const label of labels) expect(flat(text)).toContain(label);
  });

  it.each<['es' | 'en', string, string]>([
    [
      'es',
      'Cuotas asignadas USD 1,000,000.00 Pagado USD 808,750.75 Pendiente USD 191,249.25',
      'Tasa de recaudación 80.9 % Atrasos USD 45,249.25 Miembros 11',
    ],
    [
      'en',
      'Assessed USD 1,000,000.00 Paid USD 808,750.75 Outstanding USD 191,249.25',
      'Collection rate 80.9% Arrears USD 45,249.25 Members 11',
    ],
  ])('prints the key figures in %s', async (lang, first, second) => {
    // The extracted text turns the no-break spaces (USD 1,…; 80.9 %) into plain ones.
    const page = flat((await pdfContent(await sample(lang))).pages[0]);
    expect(page).toContain(first);
    expect(page).toContain(second);
  });

  it('prints the rows and the totals of the member table with grouped, right-aligned figures', async () => {
    const page = flat((await pdfContent(await sample('es'))).pages[0]);
    expect(page).toContain(
      'El Salvador 24,000.00 18,500.50 5,499.50 26,000.00 0.00 26,000.00 0.00 5,499.50 37.0 % Con atrasos',
    );
    expect(page).toContain('Canadá 96,000.00 96,000.00 0.00 104,000.00 104,000.00 0.00 5,000.00 0.00 100.0 % Al día');
    expect(page).toContain(
      'Total 480,000.00 434,750.75 45,249.25 520,000.00 374,000.00 146,000.00 5,000.00 45,249.25 80.9 %',
    );
  });

  it('repeats the header row on the page a table runs onto', async () => {
    const { pages } = await pdfContent(await sample('en'));
    const last = flat(pages[pages.length - 1]);
    expect(last).toContain('Detail by fiscal year (continued) Fiscal year Assessed Paid Outstanding');
    expect(last).toContain('Total 1,000,000.00 808,750.75 191,249.25');
    // The small groups are never split: a member's two years and subtotal are on one page.
    for (const page of pages) {
      const p = flat(page);
      for (const code of ['BLZ', 'USA', 'DOM']) {
        if (p.includes(`(${code})`))
          expect(p).toMatch(
            new RegExp(`\\(${code}\\) 2025 [\\d,.]+ [\\d,.]+ [\\d,.]+ 2026 [\\d,.]+ [\\d,.]+ [\\d,.]+ Subtotal`),
          );
      }
    }
  });

  it('numbers the pages "X of Y" on every page', async () => {
    const { pages } = await pdfContent(await sample('en'));
    expect(pages).toHaveLength(5);
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of 5`));
  });

  it('has a cover and a contents page whose page numbers point at the sections', async () => {
    const { pages } = await pdfContent(await sample('es', { cover: true, toc: true }));
    expect(flat(pages[0])).toContain('Conferencia Regional sobre Migración (CRM)');
    expect(flat(pages[0])).toContain('Estado de las contribuciones');
    expect(flat(pages[0])).toContain('Reunión XXXI Reunión Viceministerial, Ciudad de Panamá');
    expect(flat(pages[0])).toContain('Fecha del informe 29 de noviembre de 2026');
    expect(pages[0]).not.toContain('Página');
    const toc = flat(pages[1]);
    expect(toc).toContain('Índice');
    const entries: Array<[string, number]> = [];
    for (const title of [
      'Resumen',
      'Situación por miembro',
      'Pagado y pendiente por miembro',
      'Recaudación acumulada 2026',
      'Detalle por ejercicio fiscal',
    ]) {
      const m = new RegExp(`${title} [. ]*(\\d+)`).exec(toc);
      expect(m).not.toBeNull();
      entries.push([title, Number(m?.[1])]);
    }
    for (const [title, page] of entries) {
      expect(flat(pages[page - 1])).toContain(title);
    }
    expect(entries.map(([, p]) => p)).toEqual([3, 3, 3, 4, 5]);
    expect(pages[1]).toContain(`Página 2 de ${pages.length}`);
  });

  it('renders the same bytes twice (dates come from the document, not the clock)', async () => {
    const doc = sampleStatusOfContributions('es');
    const [a, b] = await Promise.all([renderPdf(doc), renderPdf(doc)]);
    expect(a.equals(b)).toBe(true);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('streams the same document', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of renderPdfStream(sampleStatusOfContributions('es'))) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(await sample('es'))).toBe(true);
  });

  it('throws before drawing when the document is invalid', () => {
    const doc = sampleStatusOfContributions('es');
    const bad: ReportDocument = { ...doc, meta: { ...doc.meta, asOf: '2026-11-31' } };
    expect(() => renderPdfStream(bad)).toThrow('meta.asOf: must be YYYY-MM-DD');
  });
});

describe('PDF fonts and long tables', () => {
  const rows: TableRow[] = Array.from({ length: 120 }, (_, i) => ({
    line: `Línea ${i + 1}`,
    amount: `${(i + 1) * 1000}.25`,
  }));
  const longTable = (lang: 'es' | 'en', name: string): ReportDocument => ({
    lang,
    title: `Registro — ${name}`,
    meta: { organisation: 'CRM', date: '2026-11-29', currency: 'USD' },
    sections: [
      {
        kind: 'table',
        title: name,
        columns: [
          { key: 'line', label: 'Línea', kind: 'text' },
          { key: 'amount', label: 'Monto', kind: 'money' },
        ],
        rows,
        totals: { amount: '7260030.00' },
      },
    ],
  });

  it('breaks a 120-row table over pages, repeating the header, total last', async () => {
    const { pages } = await pdfContent(await renderPdf(longTable('es', 'Gastos')));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.slice(1).forEach((p) => expect(flat(p)).toContain('Gastos (continuación) Línea Monto'));
    const all = flat(pages.join(' '));
    expect(all).toContain('Línea 120 120,000.25 Total 7,260,030.00');
    expect(all.match(/Línea \d+ /g)).toHaveLength(120);
  });

  it('keeps a heading on the page of the chart that follows it', async () => {
    const sample = sampleStatusOfContributions('es');
    const chart = sample.sections.find((x) => x.kind === 'chart');
    const doc: ReportDocument = {
      ...sample,
      sections: [
        { kind: 'paragraph', text: 'Texto de relleno para ocupar la página. '.repeat(95) },
        { kind: 'heading', text: '2. Gráficos' },
        ...(chart === undefined ? [] : [chart]),
      ],
    };
    const { pages } = await pdfContent(await renderPdf(doc));
    expect(pages).toHaveLength(2);
    expect(flat(pages[0])).not.toContain('2. Gráficos');
    expect(flat(pages[1])).toContain('2. Gráficos Pagado y pendiente por miembro');
  });

  const unicodeFont = findUnicodeFont();
  (unicodeFont === undefined ? it.skip : it)(
    'embeds a Unicode font for text beyond WinAnsi (DejaVu/Liberation installed)',
    async () => {
      const pdf = await renderPdf(longTable('en', 'Việt Nam — Ελλάδα'));
      expect(flat((await pdfContent(pdf)).text)).toContain('Việt Nam — Ελλάδα');
      expect(pdf.includes(Buffer.from('/FontFile2'))).toBe(true);
    },
  );

  it('approximates text beyond WinAnsi with the standard font', async () => {
    const pdf = await renderPdf(longTable('en', 'Việt Nam'), { fonts: 'standard' });
    expect(flat((await pdfContent(pdf)).text)).toContain('Viet Nam');
    expect(pdf.includes(Buffer.from('/FontFile2'))).toBe(false);
  });
});

const pdftoppm = hasPdftoppm();
describe(
  pdftoppm
    ? 'PDF → PNG with pdftoppm'
    : 'PDF → PNG (skipped: pdftoppm is not installed; apt-get install poppler-utils)',
  () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'report-png-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    (pdftoppm ? it : it.skip).each<['es' | 'en']>([['es'], ['en']])(
      'renders page 1 of the %s sample to a non-trivial PNG',
      async (lang) => {
        const file = join(dir, `sample-${lang}.pdf`);
        writeFileSync(file, await sample(lang));
        execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(dir, `page-${lang}`)]);
        const png = [join(dir, `page-${lang}-1.png`), join(dir, `page-${lang}-01.png`)].find((p) => existsSync(p));
        expect(png).toBeDefined();
        const bytes = readFileSync(png as string);
        expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        // A4 at 60 dpi is about 496 × 702 px; a blank page compresses to well under 5 kB.
        expect(Math.abs(bytes.readUInt32BE(16) - 496)).toBeLessThanOrEqual(1);
        expect(Math.abs(bytes.readUInt32BE(20) - 702)).toBeLessThanOrEqual(1);
        expect(statSync(png as string).size).toBeGreaterThan(20_000);
      },
    );
  },
);
