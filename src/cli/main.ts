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

/** Known options of each command, for "unknown option" messages. */
const COMMAND_OPTIONS: Record<string, string[]> = {
  run: ['--trials', '--seed', '--workers', '--out', '--quiet', '--json', '--lang', '--event-tables', '--help'],
  compare: ['--scenario', '--baseline', '--trials', '--seed', '--workers', '--out', '--quiet', '--lang', '--help'],
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
};

/** Rewrite yargs' own messages as "<flag>: expected …, found …" on one line. */
export function usageMessage(msg: string, argv: string[]): string {
  const cmd = argv.find((a) => !a.startsWith('-'));
  const known = cmd && COMMAND_OPTIONS[cmd] ? `; expected one of: ${COMMAND_OPTIONS[cmd].join(', ')}` : '';
  let m = /^Unknown arguments?: (.*)$/s.exec(msg);
  if (m && cmd !== undefined && !COMMAND_OPTIONS[cmd]) return `${cmd}: unknown command; expected one of: run, compare, backtest, validate, params`;
  if (m) {
    const names = m[1].split(', ');
    const flags = names.filter((n) => argv.some((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `-${n}`));
    if (flags.length > 0) return `${argv.find((a) => a === `-${flags[0]}`) ? '-' : '--'}${flags[0]}: unknown option${known}`;
    if (cmd && COMMAND_OPTIONS[cmd]) return `${cmd}: expected ${cmd === 'compare' ? 'plan files' : cmd === 'run' ? 'one scenario file' : cmd === 'validate' ? 'one scenario file or region folder' : cmd === 'params' ? 'at most one parameter group' : 'no file arguments'}, found an extra argument ${JSON.stringify(names[0])}`;
    return `${names[0]}: unknown command; expected one of: run, compare, backtest, validate, params`;
  }
  m = /^Not enough arguments following: (.*)$/s.exec(msg);
  if (m) return `--${m[1]}: expected ${FLAG_VALUES[m[1]] ?? 'a value'} after the flag, found nothing`;
  m = /^Missing required arguments?: (.*)$/s.exec(msg);
  if (m) {
    const first = m[1].split(', ')[0];
    if (first === 'scenario' && (cmd === 'run' || cmd === 'validate')) return `sim ${cmd}: expected a scenario file (sim ${cmd} <scenario.yaml>), found none`;
    if (first === 'plans') return 'sim compare: expected plan files or folders (sim compare --scenario <scenario.yaml> <plans…>), found none';
    return `${cmd ? `sim ${cmd}` : 'sim'}: expected --${first} <${FLAG_VALUES[first] ?? 'value'}>, found none`;
  }
  m = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/s.exec(msg);
  if (m) {
    if (cmd === 'run' || cmd === 'validate') return `sim ${cmd}: expected a scenario file (sim ${cmd} <scenario.yaml>), found none`;
    if (cmd === 'compare') return 'sim compare: expected plan files or folders (sim compare --scenario <scenario.yaml> <plans…>), found none';
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
          .option('event-tables', { type: 'boolean', default: false, describe: 'also write ylt.csv (a row per trial) and elt.csv (a row per event, with its parameters); they grow with the trials (at most 2,000,000)' }),
      async (args) => {
        try {
          await runCommand({ scenario: fileArg(args.scenario, 'scenario', 'a scenario file (sim run <scenario.yaml>)')!, ...runArgs(args, controller.signal), json: args.json === true, eventTables: args['event-tables'] === true });
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
          .options(runOptions('out/<scenario name>-comparison/')),
      async (args) => {
        try {
          const plans = (Array.isArray(args.plans) ? args.plans : [args.plans]).map((p) => String(p));
          await compareCommand({
            scenario: fileArg(args.scenario, '--scenario', 'a scenario file')!,
            plans,
            baseline: fileArg(args.baseline, '--baseline', 'a plan name or file'),
            ...runArgs(args, controller.signal),
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
