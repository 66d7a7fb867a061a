/** The `sim` command line. Input errors print one message and exit 2; nothing else is written. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../core/errors.js';
import { defaultWorkers } from '../engine/run.js';
import { cleanupPendingWrites } from '../output/write.js';
import { parseTrials, runCommand } from './run-command.js';

function fail(e: unknown): never {
  if (e instanceof InputError) {
    process.stderr.write(`sim: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`sim: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
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
          .option('trials', { type: 'string', describe: 'number of trials (overrides the scenario)' })
          .option('seed', { type: 'string', describe: 'random seed (overrides the scenario)' })
          .option('workers', { type: 'string', describe: 'worker threads (default: number of cores)' })
          .option('out', { type: 'string', describe: 'output folder (default out/<scenario name>/)' })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' }),
      async (args) => {
        try {
          let workers = defaultWorkers();
          if (args.workers !== undefined) {
            workers = Number(args.workers);
            if (!Number.isInteger(workers) || workers < 0 || workers > 256) throw new InputError(`--workers: expected a whole number from 0 to 256 (0 = run in the main thread), found ${JSON.stringify(args.workers)}`);
          }
          if (args.seed !== undefined && args.seed === '') throw new InputError('--seed: expected a seed, found an empty value');
          await runCommand({
            scenario: args.scenario as string,
            trials: args.trials !== undefined ? parseTrials(args.trials) : undefined,
            seed: args.seed,
            workers,
            out: args.out,
            quiet: args.quiet,
            signal: controller.signal,
          });
        } catch (e) {
          fail(e);
        }
      },
    )
    .demandCommand(1, 'name a command: sim run <scenario.yaml>')
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
