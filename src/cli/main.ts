/** The `sim` command line. Input errors print one message and exit 2; nothing else is written. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../core/errors.js';
import { defaultWorkers } from '../engine/run.js';
import { cleanupPendingWrites } from '../output/write.js';
import { compareCommand } from './compare-command.js';
import { backtestCommand } from './backtest-command.js';
import { parseTrials, runCommand } from './run-command.js';

function fail(e: unknown): never {
  if (e instanceof InputError) {
    process.stderr.write(`sim: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`sim: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
}

function parseWorkers(v: string | undefined): number {
  if (v === undefined) return defaultWorkers();
  const w = Number(v);
  if (!Number.isInteger(w) || w < 0 || w > 256) throw new InputError(`--workers: expected a whole number from 0 to 256 (0 = run in the main thread), found ${JSON.stringify(v)}`);
  return w;
}

function parseSeed(v: string | undefined): string | undefined {
  if (v !== undefined && v === '') throw new InputError('--seed: expected a seed, found an empty value');
  return v;
}

/** Options `run` and `compare` share. */
function runOptions(defaultOut: string) {
  return {
    trials: { type: 'string', describe: 'number of trials (overrides the scenario)' },
    seed: { type: 'string', describe: 'random seed (overrides the scenario)' },
    workers: { type: 'string', describe: 'worker threads (default: number of cores)' },
    out: { type: 'string', describe: `output folder (default ${defaultOut})` },
    quiet: { type: 'boolean', default: false, describe: 'print nothing but errors' },
  } as const;
}

function runArgs(args: { trials?: string; seed?: string; workers?: string; out?: string; quiet: boolean }, signal: AbortSignal) {
  return {
    trials: args.trials !== undefined ? parseTrials(args.trials) : undefined,
    seed: parseSeed(args.seed),
    workers: parseWorkers(args.workers),
    out: args.out,
    quiet: args.quiet,
    signal,
  };
}

export async function main(argv: string[]): Promise<void> {
  const controller = new AbortController();
  const onSigint = () => {
    controller.abort(new Error('interrupted'));
    cleanupPendingWrites();
    process.stderr.write('\nsim: interrupted; no outputs written\n');
    process.exit(130);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  await yargs(argv)
    .scriptName('sim')
    .command(
      'run <scenario>',
      'simulate a scenario and write summary.json, townships.csv and report.md',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
          .options(runOptions('out/<scenario name>/')),
      async (args) => {
        try {
          await runCommand({ scenario: args.scenario as string, ...runArgs(args, controller.signal) });
        } catch (e) {
          fail(e);
        }
      },
    )
    .command(
      'compare <plans..>',
      'evaluate several plans on the same simulated disasters and write comparison.json, .csv and .md',
      (y) =>
        y
          .positional('plans', { type: 'string', array: true, demandOption: true, describe: 'plan files (YAML) or folders of them' })
          .option('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file to simulate' })
          .option('baseline', { type: 'string', describe: 'plan name or file to compare against (default: the first)' })
          .options(runOptions('out/<scenario name>-comparison/')),
      async (args) => {
        try {
          await compareCommand({ scenario: args.scenario as string, plans: args.plans as string[], baseline: args.baseline, ...runArgs(args, controller.signal) });
        } catch (e) {
          fail(e);
        }
      },
    )
    .command(
      'backtest',
      'run the bundled historical Chinese disasters through the models and write backtest.csv and backtest.md',
      (y) =>
        y
          .option('events', { type: 'string', describe: 'folder of back-test events (earthquakes/ and events/)', defaultDescription: 'datasets/backtest' })
          .option('out', { type: 'string', describe: 'output folder', defaultDescription: 'out/backtest/' })
          .option('trials', { type: 'number', default: 1000, describe: 'trials per typhoon or flood drill' })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' }),
      async (args) => {
        try {
          await backtestCommand({ events: args.events, out: args.out, trials: parseTrials(args.trials), quiet: args.quiet });
        } catch (e) {
          fail(e);
        }
      },
    )
    .demandCommand(1, 'name a command: sim run <scenario.yaml>, or sim compare --scenario <scenario.yaml> <plans…>')
    .strict()
    .fail((msg, err) => {
      if (err) fail(err);
      process.stderr.write(`sim: ${msg}\nRun "sim --help" for usage.\n`);
      process.exit(2);
    })
    .help()
    .parseAsync();
}

main(hideBin(process.argv)).catch(fail);
