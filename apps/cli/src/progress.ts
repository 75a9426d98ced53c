import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on stderr (stdout stays clean for what scripts capture); silent when not a terminal. */
export function progressBar(label: string, total: number): SingleBar {
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}
