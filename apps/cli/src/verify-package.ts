import * as fs from 'node:fs';
import { verifyAuditPackage } from '@app/statements';
import { EXIT_OK, EXIT_USAGE } from './cli-errors';

/**
 * `verify-package FILE`: checks an auditors' package offline — no database, no server: every
 * file's checksum and row count against the manifest, every entry balanced per fund, and the
 * hash chain recomputed from the entry before the year to the manifest's chain head.
 */
export async function runVerifyPackage(args: readonly string[]): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) {
    process.stderr.write('error: usage: verify-package FILE.zip\n');
    return EXIT_USAGE;
  }
  if (!fs.existsSync(file)) {
    process.stderr.write(`error: no such file: ${file}\n`);
    return EXIT_USAGE;
  }
  const result = await verifyAuditPackage(file);
  if (result.ok) {
    process.stdout.write(
      `package ok: fiscal year ${String(result.fiscalYear)}, ${result.filesChecked} files, ` +
        `${result.entriesChecked} entries recomputed, chain head ${String(result.chainHead)}\n`,
    );
    return EXIT_OK;
  }
  for (const p of result.problems) process.stderr.write(`problem: ${p.file ?? '(package)'}: ${p.message}\n`);
  process.stderr.write(`error: the package does not verify (${result.problems.length} problem(s))\n`);
  return 1;
}
