import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectDelimiter, readCsvRecords } from '../libs/contributions/src/opening-position/csv-records';
import { openingPositionWorkbook } from '../libs/contributions/src/opening-position/opening-position.template';

/**
 * Regenerates templates/opening-position.xlsx from templates/opening-position.csv (the same
 * rows, cell for cell): `npx ts-node scripts/opening-position-template.ts`.
 */
async function main(): Promise<void> {
  const folder = path.resolve(__dirname, '..', 'templates');
  const text = fs.readFileSync(path.join(folder, 'opening-position.csv'), 'utf8');
  const table = readCsvRecords(text, detectDelimiter(text), 100_000).map((r) => r.fields);
  fs.writeFileSync(path.join(folder, 'opening-position.xlsx'), await openingPositionWorkbook(table));
  process.stdout.write(`templates/opening-position.xlsx written: ${table.length - 1} rows\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
