/** The `sim` command line. Input errors print one message and exit 2; nothing else is written. */
import os from 'node:os';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../core/errors.js';
import { defaultWorkers } from '../engine/run.js';
import { cleanupPendingWrites } from '../output/write.js';
import { compareCommand } from './compare-command.js';
import { backtestCommand } from './backtest-command.js';
import { paramsCommand } from './params-command.js';
import { validateCommand } from './validate-command.js';
import { flagText, parseTrials, runCommand } from './run-command.js';
import { MAX_TRIALS } from '../scenario/load.js';
import { isLang, LANGS, type Lang } from '../core/i18n.js';
import { parseShard, type ShardId } from '../engine/shard.js';
import { mergeCommand } from './merge-command.js';
import { evaluateCommand, planCommand } from './plan-command.js';
import { runInterruptHooks } from './interrupt.js';

function fail(e: unknown): never {
  if (e instanceof InputError) {
    process.stderr.write(`sim: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`sim: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
}

/**
 * Most worker threads: twice the cores this process may use, at least 8 (so small machines can
 * still test parallel runs), never above 64. Each worker holds a V8 isolate and the region's
 * arrays: hundreds of them abort V8 on an ordinary machine.
 */
export function maxWorkers(): number {
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  return Math.min(64, Math.max(8, 2 * cores));
}

function parseWorkers(v: unknown): number {
  const max = maxWorkers();
  const expected = `a whole number of worker threads from 0 to ${max} (0 = run in the main thread; at most twice this machine's cores, at least 8, never above 64)`;
  const text = flagText(v, '--workers', expected);
  if (text === undefined) return defaultWorkers();
  const w = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(w) || w < 0 || w > max) throw new InputError(`--workers: expected ${expected}, found ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)}`);
  return w;
}

/** Longest --seed (as a scenario's text seed). */
const MAX_SEED = 200;

function parseSeed(v: unknown): string | undefined {
  const expected = `a seed (an integer or text of 1 to ${MAX_SEED} characters, no control characters)`;
  const text = flagText(v, '--seed', expected);
  if (text === undefined) return undefined;
  if (text.trim() === '') throw new InputError(`--seed: expected ${expected}, found an empty value`);
  if (text.length > MAX_SEED) throw new InputError(`--seed: expected ${expected}, found ${text.length} characters`);
  // eslint-disable-next-line no-control-regex
  const c = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u.exec(text);
  if (c) throw new InputError(`--seed: expected ${expected}, found the control character U+${c[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at character ${c.index + 1}`);
  return text;
}

/** `--lang zh|en`: the language of the report files (and, when given, of the terminal tables). */
export function parseLang(v: unknown): Lang | undefined {
  const expected = `a report language, one of: ${LANGS.join(', ')}`;
  const text = flagText(v, '--lang', expected);
  if (text === undefined) return undefined;
  if (!isLang(text.trim())) throw new InputError(`--lang: expected ${expected}, found ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)}`);
  return text.trim() as Lang;
}

function parseOut(v: unknown): string | undefined {
  const text = flagText(v, '--out', 'an output folder');
  if (text !== undefined && text.trim() === '') throw new InputError('--out: expected an output folder, found an empty value');
  return text;
}

const LANG_OPTION = { requiresArg: true, describe: 'report language: zh or en (default zh for the report files; the terminal tables follow it only when given)' } as const;

/** Options `run` and `compare` share. Values are read as text (parse-numbers off) and checked here, so messages show what was typed. */
function runOptions(defaultOut: string) {
  return {
    trials: { requiresArg: true, describe: `number of trials, a whole number from 1 to ${MAX_TRIALS.toLocaleString('en-US')} (overrides the scenario)` },
    seed: { requiresArg: true, describe: 'random seed, an integer or text (overrides the scenario)' },
    workers: { requiresArg: true, describe: `worker threads, 0 to ${maxWorkers()} (default: number of cores; 0 = main thread)` },
    out: { requiresArg: true, describe: `output folder (default ${defaultOut})` },
    quiet: { type: 'boolean', default: false, describe: 'print nothing but errors' },
    lang: LANG_OPTION,
  } as const;
}

function runArgs(args: { trials?: unknown; seed?: unknown; workers?: unknown; out?: unknown; quiet: unknown; lang?: unknown }, signal: AbortSignal) {
  return {
    lang: parseLang(args.lang),
    trials: args.trials !== undefined ? parseTrials(args.trials) : undefined,
    seed: parseSeed(args.seed),
    workers: parseWorkers(args.workers),
    out: parseOut(args.out),
    quiet: args.quiet === true,
    signal,
  };
}

/** The one file argument of a command (a scenario, --scenario, --events, --baseline): text, given once. */
function fileArg(v: unknown, flag: string, expected: string): string | undefined {
  const text = flagText(v, flag, expected);
  if (text !== undefined && text.trim() === '') throw new InputError(`${flag}: expected ${expected}, found an empty value`);
  return text;
}

const SHARD_OPTION = { requiresArg: true, describe: "i/N: run only shard i (0-based) of N and write its shard file to --out (merge the N files with sim merge; docs/cluster.md)" } as const;

function parseShardFlag(v: unknown): ShardId | undefined {
  const text = flagText(v, '--shard', 'i/N (this shard, 0-based, of N)');
  return text === undefined ? undefined : parseShard(text);
}

/** --checkpoint-every: seconds, ≥ 0 (0: after every task, for tests). */
function parseSeconds(v: unknown, flag: string): number | undefined {
  const expected = 'a number of seconds ≥ 0';
  const text = flagText(v, flag, expected);
  if (text === undefined) return undefined;
  const n = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new InputError(`${flag}: expected ${expected}, found ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)}`);
  return n;
}

/** Flags of sim run that do not go together, with why. */
function checkRunFlags(x: { shard?: ShardId; checkpoint?: string; resume: boolean; checkpointEvery?: number; eventTables: boolean; json: boolean }): void {
  if (x.shard && x.json) throw new InputError('--json: a shard writes only its shard file; sim merge prints summary.json with --json');
  if (x.shard && x.checkpoint !== undefined) throw new InputError('--checkpoint: not with --shard (a failed shard is rerun whole: its share is small); use --checkpoint for a long single-process run');
  if (x.resume && x.checkpoint === undefined) throw new InputError('--resume: expected --checkpoint <folder> too (the folder holding the checkpoint to continue), found none');
  if (x.checkpointEvery !== undefined && x.checkpoint === undefined) throw new InputError('--checkpoint-every: expected --checkpoint <folder> too, found none');
  if (x.checkpoint !== undefined && x.eventTables) throw new InputError('--event-tables: not with --checkpoint (the tables are streamed as trials come and a resumed run would miss the first rows); run without one of them');
}

/** Known options of each command, for "unknown option" messages. */
const COMMAND_OPTIONS: Record<string, string[]> = {
  run: ['--trials', '--seed', '--workers', '--out', '--quiet', '--json', '--lang', '--event-tables', '--shard', '--checkpoint', '--checkpoint-every', '--resume', '--help'],
  compare: ['--scenario', '--baseline', '--trials', '--seed', '--workers', '--out', '--quiet', '--lang', '--shard', '--help'],
  merge: ['--out', '--scenario', '--quiet', '--json', '--lang', '--help'],
  plan: ['--out', '--scenario', '--workers', '--quiet', '--help'],
  evaluate: ['--plan', '--shard', '--out', '--scenario', '--workers', '--quiet', '--help'],
  backtest: ['--events', '--out', '--trials', '--quiet', '--lang', '--help'],
  validate: ['--trials', '--seed', '--quiet', '--help'],
  params: ['--json', '--help'],
};

/** What each flag takes, for "expected … after the flag". */
const FLAG_VALUES: Record<string, string> = {
  trials: `a whole number of trials (1 to ${MAX_TRIALS.toLocaleString('en-US')})`,
  seed: 'a seed (an integer or text)',
  workers: 'a number of worker threads (0 = main thread)',
  out: 'an output folder',
  scenario: 'a scenario file',
  baseline: 'a plan name or file',
  events: 'a folder of back-test events',
  lang: 'a report language (zh or en)',
  shard: 'i/N (this shard, 0-based, of N)',
  checkpoint: 'a checkpoint folder',
  'checkpoint-every': 'a number of seconds',
  plan: 'a sizing file (sim plan writes it)',
};

/** Rewrite yargs' own messages as "<flag>: expected …, found …" on one line. */
export function usageMessage(msg: string, argv: string[]): string {
  const cmd = argv.find((a) => !a.startsWith('-'));
  const known = cmd && COMMAND_OPTIONS[cmd] ? `; expected one of: ${COMMAND_OPTIONS[cmd].join(', ')}` : '';
  let m = /^Unknown arguments?: (.*)$/s.exec(msg);
  if (m && cmd !== undefined && !COMMAND_OPTIONS[cmd]) return `${cmd}: unknown command; expected one of: run, compare, merge, plan, evaluate, backtest, validate, params`;
  if (m) {
    const names = m[1].split(', ');
    const flags = names.filter((n) => argv.some((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `-${n}`));
    if (flags.length > 0) return `${argv.find((a) => a === `-${flags[0]}`) ? '-' : '--'}${flags[0]}: unknown option${known}`;
    if (cmd && COMMAND_OPTIONS[cmd]) return `${cmd}: expected ${cmd === 'compare' ? 'plan files' : cmd === 'run' ? 'one scenario file' : cmd === 'validate' ? 'one scenario file or region folder' : cmd === 'params' ? 'at most one parameter group' : cmd === 'plan' ? 'one merged simulation file' : 'no file arguments'}, found an extra argument ${JSON.stringify(names[0])}`;
    return `${names[0]}: unknown command; expected one of: run, compare, merge, plan, evaluate, backtest, validate, params`;
  }
  m = /^Not enough arguments following: (.*)$/s.exec(msg);
  if (m) return `--${m[1]}: expected ${FLAG_VALUES[m[1]] ?? 'a value'} after the flag, found nothing`;
  m = /^Missing required arguments?: (.*)$/s.exec(msg);
  if (m) {
    const first = m[1].split(', ')[0];
    if (first === 'scenario' && (cmd === 'run' || cmd === 'validate')) return `sim ${cmd}: expected a scenario file (sim ${cmd} <scenario.yaml>), found none`;
    if (first === 'plans') return 'sim compare: expected plan files or folders (sim compare --scenario <scenario.yaml> <plans…>), found none';
    if (first === 'parts') return 'sim merge: expected shard files or folders of them (sim merge <shards…> --out <folder>), found none';
    if (first === 'simulation') return 'sim plan: expected the merged simulation file (sim plan <folder>/simulation.simpart --out <folder>), found none';
    return `${cmd ? `sim ${cmd}` : 'sim'}: expected --${first} <${FLAG_VALUES[first] ?? 'value'}>, found none`;
  }
  m = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/s.exec(msg);
  if (m) {
    if (cmd === 'run' || cmd === 'validate') return `sim ${cmd}: expected a scenario file (sim ${cmd} <scenario.yaml>), found none`;
    if (cmd === 'compare') return 'sim compare: expected plan files or folders (sim compare --scenario <scenario.yaml> <plans…>), found none';
    if (cmd === 'merge') return 'sim merge: expected shard files or folders of them (sim merge <shards…> --out <folder>), found none';
    if (cmd === 'plan') return 'sim plan: expected the merged simulation file (sim plan <folder>/simulation.simpart --out <folder>), found none';
    return 'sim: expected a command: sim run <scenario.yaml>, sim compare --scenario <scenario.yaml> <plans…>, sim backtest, sim validate <scenario.yaml> or sim params [group]';
  }
  return msg.replace(/\s*\n\s*/g, ' ');
}

export async function main(argv: string[]): Promise<void> {
  const controller = new AbortController();
  const onSigint = () => {
    controller.abort(new Error('interrupted'));
    cleanupPendingWrites();
    process.stderr.write('\nsim: interrupted; no outputs written\n');
    runInterruptHooks(); // e.g. save the checkpoint (--checkpoint)
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
          .options(runOptions('out/<scenario name>/'))
          .option('json', { type: 'boolean', default: false, describe: 'print summary.json to stdout instead of the tables (the files are written as usual)' })
          .option('event-tables', { type: 'boolean', default: false, describe: 'also write ylt.csv (a row per trial) and elt.csv (a row per event, with its parameters); they grow with the trials (at most 2,000,000)' })
          .option('shard', SHARD_OPTION)
          .option('checkpoint', { requiresArg: true, describe: 'folder to save progress in (every --checkpoint-every seconds and on Ctrl-C), so --resume can continue after a crash' })
          .option('checkpoint-every', { requiresArg: true, describe: 'seconds between checkpoints (default 60)' })
          .option('resume', { type: 'boolean', default: false, describe: 'continue the run saved in --checkpoint (same scenario, seed and trials): the answer is that of an uninterrupted run' }),
      async (args) => {
        try {
          const flags = {
            shard: parseShardFlag(args.shard),
            checkpoint: fileArg(args.checkpoint, '--checkpoint', 'a checkpoint folder'),
            checkpointEvery: parseSeconds(args['checkpoint-every'], '--checkpoint-every'),
            resume: args.resume === true,
            eventTables: args['event-tables'] === true,
            json: args.json === true,
          };
          checkRunFlags(flags);
          await runCommand({ scenario: fileArg(args.scenario, 'scenario', 'a scenario file (sim run <scenario.yaml>)')!, ...runArgs(args, controller.signal), ...flags });
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
          .option('scenario', { requiresArg: true, demandOption: true, describe: 'scenario YAML file to simulate' })
          .option('baseline', { requiresArg: true, describe: 'plan name or file to compare against (default: the first)' })
          .option('shard', SHARD_OPTION)
          .options(runOptions('out/<scenario name>-comparison/')),
      async (args) => {
        try {
          const plans = (Array.isArray(args.plans) ? args.plans : [args.plans]).map((p) => String(p));
          await compareCommand({
            scenario: fileArg(args.scenario, '--scenario', 'a scenario file')!,
            plans,
            baseline: fileArg(args.baseline, '--baseline', 'a plan name or file'),
            ...runArgs(args, controller.signal),
            shard: parseShardFlag(args.shard),
          });
        } catch (e) {
          fail(e);
        }
      },
    )
    .command(
      'merge <parts..>',
      'merge shard files (sim run, sim evaluate or sim compare with --shard) and write what the single-process command writes',
      (y) =>
        y
          .positional('parts', { type: 'string', array: true, demandOption: true, describe: 'shard files (*.simpart) or folders of them' })
          .option('out', { requiresArg: true, describe: 'output folder', defaultDescription: "the command's usual output folder" })
          .option('scenario', { requiresArg: true, describe: 'the scenario file, where it is not at the path the shards recorded' })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
          .option('json', { type: 'boolean', default: false, describe: 'print summary.json to stdout instead of the tables' })
          .option('lang', LANG_OPTION),
      async (args) => {
        try {
          await mergeCommand({
            parts: (Array.isArray(args.parts) ? args.parts : [args.parts]).map((p) => String(p)),
            out: parseOut(args.out),
            scenario: fileArg(args.scenario, '--scenario', 'a scenario file'),
            quiet: args.quiet === true,
            json: args.json === true,
            lang: parseLang(args.lang),
            signal: controller.signal,
          });
        } catch (e) {
          fail(e);
        }
      },
    )
    .command(
      'plan <simulation>',
      "size a scenario's candidate plans from its merged simulation (sim merge of sim run --shard), without simulating; writes sizing.simplan for sim evaluate",
      (y) =>
        y
          .positional('simulation', { type: 'string', demandOption: true, describe: 'the merged simulation file (simulation.simpart)' })
          .option('out', { requiresArg: true, describe: 'folder for sizing.simplan', defaultDescription: "the simulation file's folder" })
          .option('scenario', { requiresArg: true, describe: 'the scenario file, where it is not at the path recorded' })
          .option('workers', { requiresArg: true, describe: 'worker threads for the LPs' })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' }),
      async (args) => {
        try {
          await planCommand({
            simulation: fileArg(args.simulation, 'simulation', 'the merged simulation file (sim plan <simulation.simpart>)')!,
            out: parseOut(args.out),
            scenario: fileArg(args.scenario, '--scenario', 'a scenario file'),
            workers: parseWorkers(args.workers),
            quiet: args.quiet === true,
          });
        } catch (e) {
          fail(e);
        }
      },
    )
    .command(
      'evaluate',
      'evaluate the current holdings and the sized candidate plans (sim plan) on one shard of the trials; sim merge the shards',
      (y) =>
        y
          .option('plan', { requiresArg: true, demandOption: true, describe: 'the sizing file sim plan wrote (sizing.simplan)' })
          .option('shard', { ...SHARD_OPTION, defaultDescription: '0/1 (all trials)' })
          .option('out', { requiresArg: true, describe: 'folder for the shard file', defaultDescription: "evaluation-shards/ beside the sizing file" })
          .option('scenario', { requiresArg: true, describe: 'the scenario file, where it is not at the path recorded' })
          .option('workers', { requiresArg: true, describe: `worker threads, 0 to ${maxWorkers()}` })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' }),
      async (args) => {
        try {
          await evaluateCommand({
            plan: fileArg(args.plan, '--plan', 'the sizing file sim plan wrote')!,
            shard: parseShardFlag(args.shard) ?? { index: 0, count: 1 },
            out: parseOut(args.out),
            scenario: fileArg(args.scenario, '--scenario', 'a scenario file'),
            workers: parseWorkers(args.workers),
            quiet: args.quiet === true,
            signal: controller.signal,
          });
        } catch (e) {
          fail(e);
        }
      },
    )
    .command(
      'validate <scenario>',
      'check a scenario, its region, holdings and parameters as a run would (or a region folder alone: sim validate datasets/<region>), without simulating or writing anything',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file, or a region dataset folder (docs/datasets.md)' })
          .option('trials', { requiresArg: true, describe: `trials to check, 1 to ${MAX_TRIALS.toLocaleString('en-US')}`, defaultDescription: "the scenario's" })
          .option('seed', { requiresArg: true, describe: 'seed to check', defaultDescription: "the scenario's" })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' }),
      (args) => {
        try {
          validateCommand({
            scenario: fileArg(args.scenario, 'scenario', 'a scenario file or a region folder (sim validate <scenario.yaml | region folder>)')!,
            trials: args.trials === undefined ? undefined : parseTrials(args.trials),
            seed: parseSeed(args.seed),
            quiet: args.quiet === true,
          });
        } catch (e) {
          fail(e);
        }
      },
    )
    .command(
      'params [group]',
      'list every parameter: default, unit, valid range, confidence and source (group: a hazard, demand, rescue or plan)',
      (y) =>
        y
          .positional('group', { type: 'string', describe: 'typhoon, earthquake, fire, flood, demand, rescue or plan' })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of a table' }),
      (args) => {
        try {
          paramsCommand({ group: args.group as string | undefined, json: args.json === true });
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
          .option('events', { requiresArg: true, describe: 'folder of back-test events (earthquakes/ and events/)', defaultDescription: 'datasets/backtest' })
          .option('out', { requiresArg: true, describe: 'output folder', defaultDescription: 'out/backtest/' })
          .option('trials', { requiresArg: true, describe: `trials per typhoon or flood drill, 1 to ${MAX_TRIALS.toLocaleString('en-US')}`, defaultDescription: '1000' })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
          .option('lang', LANG_OPTION),
      async (args) => {
        try {
          await backtestCommand({
            lang: parseLang(args.lang),
            events: fileArg(args.events, '--events', 'a folder of back-test events'),
            out: parseOut(args.out),
            trials: args.trials === undefined ? 1000 : parseTrials(args.trials),
            quiet: args.quiet === true,
          });
        } catch (e) {
          fail(e);
        }
      },
    )
    .demandCommand(1, 'name a command: sim run <scenario.yaml>, or sim compare --scenario <scenario.yaml> <plans…>')
    .strict()
    .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false })
    .fail((msg, err) => {
      // yargs' own checks (a flag without its value…) come as a YError: a usage message, not an internal error
      if (err && (err as Error).name !== 'YError') fail(err);
      if (err) msg = (err as Error).message;
      // one line, like every input error
      process.stderr.write(`sim: ${usageMessage(msg ?? 'bad command line', argv)} (sim --help for usage)\n`);
      process.exit(2);
    })
    .help()
    .parseAsync();
}

main(hideBin(process.argv)).catch(fail);
