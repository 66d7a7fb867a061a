/** `sim backtest`: the bundled historical events against the models; writes backtest.csv and backtest.md. */
import { relative, resolve } from 'node:path';
import { bundledDatasets } from '../io/bundled.js';
import { runBacktest } from '../backtest/run.js';
import { backtestCsv, backtestMarkdown, backtestText } from '../output/backtest.js';
import { prepareOutDir } from '../output/write.js';
import { censusBuildingMix } from '../impact/census-mix.js';
import { DEFAULT_LANG, type Lang } from '../core/i18n.js';


export interface BacktestArgs {
  events?: string;
  out?: string;
  trials: number;
  quiet: boolean;
  /** Language of backtest.md (default zh) and, when given, of the terminal table (default English). */
  lang?: Lang;
}

export async function backtestCommand(a: BacktestArgs): Promise<{ files: string[] }> {
  const out = prepareOutDir(a.out ?? 'out/backtest'); // locked and proven writable before the back-test runs
  try {
    const r = await runBacktest({ dir: resolve(a.events ?? bundledDatasets('backtest')), mixFor: (p) => censusBuildingMix(p), trials: a.trials });
    const files = out.write({ 'backtest.csv': backtestCsv(r), 'backtest.md': backtestMarkdown(r, a.lang ?? DEFAULT_LANG) });
    if (!a.quiet) process.stdout.write(`${backtestText(r, a.lang ?? 'en')}\n\nOutputs: ${files.map((f) => relative(process.cwd(), f)).join(', ')}\n`);
    return { files };
  } finally {
    out.release();
  }
}
