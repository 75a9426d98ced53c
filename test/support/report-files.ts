import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import type { Response } from 'supertest';

/**
 * Reading back the files the API sends (PDF, XLSX, CSV), the same way in every spec that checks
 * a report or an export.
 */

/** A supertest parser that keeps the body as bytes: `.buffer(true).parse(binary)`. */
export const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/** exceljs declares its own `Buffer` (an ArrayBuffer): hand it one. */
export function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** An XLSX file loaded into a workbook. */
export async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(toArrayBuffer(bytes));
  return wb;
}

export interface PdfContent {
  /** pdf-parse's text of the whole document. */
  readonly text: string;
  /** The text of each page, as pdf-parse lays it out. */
  readonly pages: readonly string[];
}

const EXTRACT = `
const { PDFParse } = require(${JSON.stringify(require.resolve('pdf-parse'))});
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const result = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: result.text, pages: result.pages.map((p) => p.text) }));
});`;

/**
 * pdf-parse (pdf.js) loads its worker with a dynamic import(), which Jest's CommonJS runtime does
 * not allow; it runs in a plain Node child process instead, reading the PDF on stdin.
 */
export const pdfContent = (pdf: Buffer): Promise<PdfContent> =>
  new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', EXTRACT],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`pdf-parse failed: ${stderr}`));
        else resolve(JSON.parse(stdout) as PdfContent);
      },
    );
    child.stdin?.end(pdf);
  });

/** Text with runs of whitespace collapsed, so assertions do not depend on how a line was split. */
export const flat = (s: string): string => s.replace(/\s+/g, ' ');

/** The text of each page, whitespace collapsed. */
export const pdfPages = async (pdf: Buffer): Promise<string[]> => (await pdfContent(pdf)).pages.map(flat);

/** The text of every page, one line break between pages, whitespace collapsed. */
export const pdfText = async (pdf: Buffer): Promise<string> => flat((await pdfContent(pdf)).pages.join('\n'));

/**
 * RFC 4180 records: fields quoted when they hold a comma, a quote or a line break, quotes doubled
 * inside them. `recordEnd` is what ends a record ("\r\n" from the report writers, "\n" from
 * PostgreSQL's COPY and the audit package). A quote inside an unquoted field, an unclosed quote or
 * a last record without its ending is an error, not a guess.
 */
export function parseCsv(text: string, recordEnd: '\r\n' | '\n'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (text.startsWith(recordEnd, i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += recordEnd.length - 1;
    } else if (c === '"') throw new Error(`a quote inside an unquoted field, record ${rows.length + 1}`);
    else field += c;
  }
  if (field !== '' || row.length > 0 || quoted) {
    throw new Error(`the CSV does not end with ${JSON.stringify(recordEnd)}`);
  }
  return rows;
}
