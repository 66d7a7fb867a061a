/** `sim backtest`: the bundled historical events against the models; writes backtest.csv and backtest.md. */
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktest } from '../backtest/run.js';
import { backtestCsv, backtestMarkdown, backtestText } from '../output/backtest.js';
import { checkOutDir, writeOutputs } from '../output/write.js';
import { censusBuildingMix } from '../region/census-mix.js';

/** datasets/backtest of this installation. */
export const BUNDLED_BACKTEST = fileURLToPath(new URL('../../datasets/backtest', import.meta.url));

export interface BacktestArgs {
  events?: string;
  out?: string;
  trials: number;
  quiet: boolean;
}

export async function backtestCommand(a: BacktestArgs): Promise<{ files: string[] }> {
  const outDir = checkOutDir(a.out ?? 'out/backtest');
  const r = await runBacktest({ dir: resolve(a.events ?? BUNDLED_BACKTEST), mixFor: (p) => censusBuildingMix(p), trials: a.trials });
  const files = writeOutputs(outDir, { 'backtest.csv': backtestCsv(r), 'backtest.md': backtestMarkdown(r) });
  if (!a.quiet) process.stdout.write(`${backtestText(r)}\n\nOutputs: ${files.map((f) => relative(process.cwd(), f)).join(', ')}\n`);
  return { files };
}
