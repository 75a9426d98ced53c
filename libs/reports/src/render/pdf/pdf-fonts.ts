import { existsSync } from 'node:fs';

/**
 * Fonts. The PDF standard Helvetica needs no file and is the same on every machine, but it only
 * knows the WinAnsi (cp1252) characters: enough for Spanish and English (á é í ó ú ü ñ ¿ ¡ € – “ ”
 * are all there — checked in pdf-renderer.spec.ts), not for "Việt Nam" or a narrow no-break space.
 * So: Helvetica whenever every character of the document fits WinAnsi; otherwise a Unicode TrueType
 * font found on the machine (DejaVu Sans or Liberation Sans, which Debian/Ubuntu images ship) is
 * embedded; when none is found, the characters Helvetica lacks are approximated (accents dropped,
 * "?" as a last resort) rather than failing a report.
 */

export interface PdfFontFiles {
  /** Path of a TrueType/OpenType font for body text. */
  readonly regular: string;
  /** Path of its bold face. */
  readonly bold: string;
}

/**
 * `auto` (default): as described above. `standard`: always Helvetica. `embedded`: an installed
 * Unicode font whenever one is found, even for WinAnsi text — for installations that want every
 * font embedded (PDF/A-style archiving, identical rendering in every viewer). Or the files to embed.
 */
export type PdfFontChoice = 'auto' | 'standard' | 'embedded' | PdfFontFiles;

export interface ResolvedFonts {
  readonly regular: string;
  readonly bold: string;
  /** true when Helvetica is used: text must go through `toWinAnsi`. */
  readonly standard: boolean;
  readonly files?: PdfFontFiles;
}

/** Unicode code points above 0xFF that cp1252 maps into 0x80–0x9F. */
const WIN_ANSI_EXTRA = new Set<number>([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018,
  0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

function isWinAnsi(codePoint: number): boolean {
  return (
    codePoint === 0x0a ||
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WIN_ANSI_EXTRA.has(codePoint)
  );
}

export function fitsWinAnsi(text: string): boolean {
  for (const ch of text) {
    if (!isWinAnsi(ch.codePointAt(0) ?? 0)) return false;
  }
  return true;
}

/** Look-alikes for characters people type that WinAnsi lacks. */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u2212': '-', // minus sign
  '\u2010': '-',
  '\u2011': '-',
  '\u2009': '\u00a0', // thin space
  '\u202f': '\u00a0', // narrow no-break space
  '\u2007': '\u00a0', // figure space
  '\u2032': "'",
  '\u2033': '"',
};

/** `text` with every character Helvetica cannot draw replaced by its nearest WinAnsi form. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (isWinAnsi(ch.codePointAt(0) ?? 0)) {
      out += ch;
      continue;
    }
    const substitute = SUBSTITUTES[ch];
    if (substitute !== undefined) {
      out += substitute;
      continue;
    }
    // "ệ" → "e": decompose, drop the combining marks, keep what is left if Helvetica has it.
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
    out += base !== '' && [...base].every((c) => isWinAnsi(c.codePointAt(0) ?? 0)) ? base : '?';
  }
  return out;
}

/** Where Debian, Ubuntu, Fedora and Arch put fonts with full Latin, Greek and Cyrillic coverage. */
export const UNICODE_FONT_CANDIDATES: readonly PdfFontFiles[] = [
  {
    regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  },
  {
    regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  },
  {
    regular: '/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf',
    bold: '/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf',
  },
  {
    regular: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
    bold: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf',
  },
  { regular: '/usr/share/fonts/TTF/DejaVuSans.ttf', bold: '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf' },
];

export function findUnicodeFont(
  candidates: readonly PdfFontFiles[] = UNICODE_FONT_CANDIDATES,
): PdfFontFiles | undefined {
  return candidates.find((c) => existsSync(c.regular) && existsSync(c.bold));
}

const STANDARD: ResolvedFonts = { regular: 'Helvetica', bold: 'Helvetica-Bold', standard: true };

/** Picks the fonts for a document whose text is `texts`. */
export function resolveFonts(
  choice: PdfFontChoice,
  texts: Iterable<string>,
  candidates: readonly PdfFontFiles[] = UNICODE_FONT_CANDIDATES,
): ResolvedFonts {
  if (choice === 'standard') return STANDARD;
  if (choice === 'embedded') {
    const files = findUnicodeFont(candidates);
    return files === undefined ? STANDARD : { regular: 'report-regular', bold: 'report-bold', standard: false, files };
  }
  if (choice !== 'auto') {
    for (const file of [choice.regular, choice.bold]) {
      if (!existsSync(file)) throw new Error(`font file ${file} does not exist`);
    }
    return { regular: 'report-regular', bold: 'report-bold', standard: false, files: choice };
  }
  for (const text of texts) {
    if (!fitsWinAnsi(text)) {
      const files = findUnicodeFont(candidates);
      return files === undefined
        ? STANDARD
        : { regular: 'report-regular', bold: 'report-bold', standard: false, files };
    }
  }
  return STANDARD;
}
