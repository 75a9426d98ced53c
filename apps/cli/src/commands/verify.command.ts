import { Command, CommandRunner } from 'nest-commander';
import { VerificationService } from '@app/ledger';
import { CliError } from '../cli-errors';
import { progressBar } from '../progress';

@Command({ name: 'verify', description: 'Recompute the hash chain; exit 1 naming the first broken sequence' })
export class VerifyCommand extends CommandRunner {
  constructor(private readonly verification: VerificationService) {
    super();
  }

  async run(): Promise<void> {
    let bar: ReturnType<typeof progressBar> | undefined;
    const started = Date.now();
    const result = await this.verification
      .verify((checked, total) => {
        bar ??= progressBar('verify', total);
        bar.setTotal(Math.max(total, checked));
        bar.update(checked);
      })
      .finally(() => bar?.stop());
    if (!result.ok) {
      throw new CliError(
        `chain broken at sequence ${result.firstBrokenSequence ?? '?'}: ${result.problem ?? 'unknown problem'}`,
      );
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`chain ok: ${result.entries} entries, head ${result.head} (${seconds} s)\n`);
  }
}
