import { loadExcel } from './opening-position.parser';
import { COLUMNS, RECORD_COLUMNS, RECORD_KINDS } from './opening-position.model';

/**
 * Writes an opening-position table (header row first) as an XLSX workbook in the template's
 * layout: the data on the first sheet, every cell stored as text (so Excel neither turns
 * amounts into floats nor dates into serial numbers), and a second sheet saying which columns
 * each record type uses. The importer reads only the first sheet.
 */
export async function openingPositionWorkbook(table: readonly (readonly string[])[]): Promise<Buffer> {
  const excel = await loadExcel();
  const workbook = new excel.Workbook();
  workbook.creator = 'Contributions Ledger';
  const sheet = workbook.addWorksheet('opening_position', { views: [{ state: 'frozen', ySplit: 1 }] });
  const width = Math.max(...table.map((r) => r.length));
  for (let c = 1; c <= width; c++) {
    const column = sheet.getColumn(c);
    column.numFmt = '@';
    column.width = Math.min(40, Math.max(10, ...table.map((r) => (r[c - 1] ?? '').length + 2)));
  }
  table.forEach((cells, i) => {
    const row = sheet.addRow([...cells]);
    row.eachCell((cell) => (cell.numFmt = '@'));
    if (i === 0) row.font = { bold: true };
  });

  const notes = workbook.addWorksheet('notes');
  notes.addRow(['record', 'required columns', 'optional columns']).font = { bold: true };
  for (const kind of RECORD_KINDS) {
    notes.addRow([kind, RECORD_COLUMNS[kind].required.join(', '), RECORD_COLUMNS[kind].optional.join(', ')]);
  }
  notes.addRow([]);
  notes.addRow([
    `Columns: ${COLUMNS.join(', ')}. Dates YYYY-MM-DD; amounts as plain decimals (150000.00); see docs/opening-position.md.`,
  ]);
  notes.getColumn(1).width = 14;
  notes.getColumn(2).width = 60;
  notes.getColumn(3).width = 45;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
