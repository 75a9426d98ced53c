import { fitsWinAnsi, resolveFonts, toWinAnsi } from './pdf-fonts';

describe('fonts', () => {
  it.each<[string, boolean]>([
    ['¿Qué? ¡Sí! á é í ó ú ü ñ Ñ — “x” € · Página', true],
    ['1,250,000.50\u00a0%', true],
    ['Việt Nam', false],
    ['1\u202f250', false],
    ['Ελλάδα', false],
  ])('%p fits WinAnsi: %p', (text, fits) => {
    expect(fitsWinAnsi(text)).toBe(fits);
  });

  it.each<[string, string]>([
    ['Việt Nam', 'Viet Nam'],
    ['1\u202f250', '1\u00a0250'],
    ['\u2212 5', '- 5'],
    ['Ελλάδα', 'Ελλαδα'.replace(/./g, '?')],
    ['México', 'México'],
  ])('approximates %p as %p for Helvetica', (text, expected) => {
    expect(toWinAnsi(text)).toBe(expected);
  });

  it('uses Helvetica when every character fits WinAnsi', () => {
    expect(resolveFonts('auto', ['Estado de las contribuciones', '¿Cómo?'])).toEqual({
      regular: 'Helvetica',
      bold: 'Helvetica-Bold',
      standard: true,
    });
  });

  it('embeds a Unicode font for other text, and falls back to Helvetica when none is installed', () => {
    const missing = [{ regular: '/nonexistent/a.ttf', bold: '/nonexistent/b.ttf' }];
    expect(resolveFonts('auto', ['Việt Nam'], missing).standard).toBe(true);
    const present = [{ regular: __filename, bold: __filename }];
    expect(resolveFonts('auto', ['Việt Nam'], present)).toEqual({
      regular: 'report-regular',
      bold: 'report-bold',
      standard: false,
      files: present[0],
    });
    expect(resolveFonts('standard', ['Việt Nam'], present).standard).toBe(true);
    expect(resolveFonts('embedded', ['plain'], present).standard).toBe(false);
  });

  it('refuses explicit font files that do not exist', () => {
    expect(() => resolveFonts({ regular: '/nonexistent/a.ttf', bold: '/nonexistent/b.ttf' }, [])).toThrow(
      'font file /nonexistent/a.ttf does not exist',
    );
  });
});
