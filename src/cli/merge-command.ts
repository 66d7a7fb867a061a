/**
 * `sim merge`: shard files → what the single-process command writes.
 *
 *   simulation shards, no optimize:  sim run's outputs
 *   simulation shards, optimize:     <out>/simulation.simpart, the merged simulation `sim plan` sizes from
 *   evaluation shards (sim evaluate): sim run's outputs, plan included
 *   compare shards (sim compare --shard): sim compare's outputs
 *
 * Every header is checked before any data is read (same run, each shard once); the accumulators are
 * then merged in block order, so the numbers are the single run's bit for bit.
 */
import { join } from 'node:path';
import { BLOCK_SIZE } from '../core/random.js';
import { InputError } from '../core/errors.js';
import { fmt } from '../output/format.js';
import { prepareOutDir, type OutputFolder } from '../output/write.js';
import type { EventTableRows } from '../engine/event-tables.js';
import type { RunSpec } from '../engine/spec.js';
import type { OptimizeConfig } from '../plan/config.js';
import { readPartFile, type PartFile } from '../io/part-file.js';
import type { Lang } from '../core/i18n.js';
import { PLAN_EVALUATION } from '../plan/observer.js';
import { evaluationSpec, finishPlan, simulationSpec, type Candidates } from '../plan/pipeline.js';
import { finishComparison, prepareComparison } from '../plan/compare.js';
import type { RunResult } from '../engine/run.js';
import type { CompiledRun } from '../scenario/compile.js';
import { checkShardSet, checkSpec, compileFor, mergeStates, partFiles, readParts, shown, stateHeader, writeStateFile, type StatePayload } from './parts.js';
import { eventTablesTo, slug, writeRunOutputs } from './run-command.js';
import { writeComparisonOutputs } from './compare-command.js';

export interface MergeArgs {
  parts: string[];
  out?: string;
  /** Where the scenario is, when not at the path the shards recorded. */
  scenario?: string;
  quiet: boolean;
  json?: boolean;
  lang?: Lang;
  signal?: AbortSignal;
}

/** The merged simulation's file name in `sim merge --out`. */
export const MERGED_SIMULATION = 'simulation.simpart';

export async function mergeCommand(a: MergeArgs): Promise<string[]> {
  const set = checkShardSet<StatePayload>(readParts(partFiles(a.parts), ['simulation', 'evaluation', 'compare']));
  const h = set[0].header;
  if (h.kind === 'simulation' && h.shard.count === 1 && (h.context as { merged?: unknown }).merged !== undefined)
    throw new InputError(`${shown(set[0].file)}: already the merged simulation: size its plan with \`sim plan ${shown(set[0].file)} --out <folder>\``);
  // an evaluation's scenario is compiled from the merged simulation its sizing file names (readSizing)
  const files = h.kind === 'evaluation' ? await mergeEvaluation(a, set) : h.kind === 'simulation' ? await mergeSimulation(a, compileFor(h, set[0].file, a.scenario), set) : await mergeComparison(a, compileFor(h, set[0].file, a.scenario), set);
  return files;
}

async function mergeSimulation(a: MergeArgs, compiled: CompiledRun, set: PartFile<StatePayload>[]): Promise<string[]> {
  const c = { ...compiled, optimize: compiled.scenario.optimize };
  const spec = simulationSpec(c);
  for (const p of set) checkSpec(p.header, p.file, spec);
  const withTables = Boolean(set[0].header.context.eventTables);
  if (c.optimize) {
    // the event tables travel on in the merged file: the final merge writes them with the plan
    const rows: EventTableRows[] = [];
    const result = mergeStates(spec, set, undefined, withTables ? (r) => rows.push(...r) : undefined);
    const file = join(a.out ?? join('out', `${slug(compiled.scenario.name)}-merged`), MERGED_SIMULATION);
    const whole = { first: 0, count: Math.ceil(spec.trials / BLOCK_SIZE) };
    writeStateFile(file, stateHeader('simulation', compiled.scenario.file, spec, { index: 0, count: 1 }, whole, { optimize: true, merged: set.length, shards: result.engine.shards, eventTables: withTables }), result.acc.state(), withTables ? rows : undefined);
    if (!a.quiet) process.stdout.write(`Merged the simulation of ${fmt(spec.trials)} trials from ${set.length} shards into ${shown(file)} (${(result.engine.mergeSeconds ?? 0).toFixed(2)} s).\nThe scenario has an optimize: block; size its plan next with\n  sim plan ${shown(file)} --out <plan folder>\n`);
    return [file];
  }
  const out = prepareOutDir(a.out ?? join('out', slug(compiled.scenario.name)));
  try {
    const tables = withTables ? eventTablesTo(out, compiled) : undefined;
    const result = mergeStates(spec, set, undefined, tables && ((r) => r.forEach(tables.add)));
    tables?.close();
    return (await writeRunOutputs(a, compiled, out, { result })).files;
  } finally {
    out.release();
  }
}

/** The merged simulation a sizing file was sized from, and the candidates it holds. */
export function readSizing(sizingFile: string, scenarioOverride?: string): { compiled: CompiledRun; simulation: PartFile<StatePayload>; sizing: PartFile<Candidates> } {
  const sizing = readPartFile<Candidates>(sizingFile, ['sizing']);
  const simFile = String(sizing.header.context.simulation);
  let simulation: PartFile<StatePayload>;
  try {
    simulation = readPartFile<StatePayload>(simFile, ['simulation']);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${shown(sizingFile)}: sized from the merged simulation ${simFile}, which cannot be read: ${e.message}`);
    throw e;
  }
  if (simulation.header.payload?.sha256 !== sizing.header.context.simulationSha256) throw new InputError(`${shown(sizingFile)}: sized from ${simFile} as it was then; that file has been replaced since (checksum differs): run sim plan again`);
  const compiled = compileFor(simulation.header, simFile, scenarioOverride);
  if (!compiled.scenario.optimize) throw new InputError(`${compiled.scenario.file}: has no optimize: block now; ${shown(sizingFile)} was sized from it with one`);
  checkSpec(simulation.header, simFile, simulationSpec({ ...compiled, optimize: compiled.scenario.optimize }));
  return { compiled, simulation, sizing };
}

async function mergeEvaluation(a: MergeArgs, set: PartFile<StatePayload>[]): Promise<string[]> {
  const sizingFile = String(set[0].header.context.sizing);
  const sizingSha = set[0].header.context.sizingSha256;
  const { compiled, simulation, sizing } = readSizing(sizingFile, a.scenario);
  if (sizing.header.payload?.sha256 !== sizingSha) throw new InputError(`${shown(set[0].file)}: evaluated the plans of ${sizingFile} as it was then; that file has been replaced since (checksum differs): evaluate the new plans again`);
  const opt = compiled.scenario.optimize!;
  const c = { ...compiled, optimize: opt };
  const simSpec = simulationSpec(c);
  const out = prepareOutDir(a.out ?? join('out', slug(compiled.scenario.name)));
  try {
    return await finishEvaluation(a, c, simSpec, simulation, sizing, set, out);
  } finally {
    out.release();
  }
}

async function finishEvaluation(a: MergeArgs, c: CompiledRun & { optimize: OptimizeConfig }, simSpec: RunSpec, simulation: PartFile<StatePayload>, sizing: PartFile<Candidates>, set: PartFile<StatePayload>[], out: OutputFolder): Promise<string[]> {
  const opt = c.optimize;
  const candidates = sizing.payload();
  const spec = evaluationSpec(simSpec, opt.params, candidates);
  for (const p of set) checkSpec(p.header, p.file, spec);
  const tables = simulation.header.context.eventTables ? eventTablesTo(out, c) : undefined;
  const first: RunResult = mergeStates(simSpec, [simulation], undefined, tables && ((r) => r.forEach(tables.add)));
  tables?.close();
  // the first pass's engine figures, from its own shards
  const ctx = simulation.header.context as { shards?: RunResult['engine']['shards'] };
  first.engine.shards = ctx.shards;
  first.engine.wallSeconds = (ctx.shards ?? []).reduce((m, s) => Math.max(m, s.wallSeconds), 0);
  const evaluated = mergeStates(spec, set, PLAN_EVALUATION);
  const run = finishPlan(c, opt, first, candidates, evaluated);
  return (await writeRunOutputs(a, c, out, run)).files;
}

async function mergeComparison(a: MergeArgs, compiled: CompiledRun, set: PartFile<StatePayload>[]): Promise<string[]> {
  const ctx = set[0].header.context as { plans: string[]; baseline: string | null };
  const c = { ...compiled, optimize: compiled.scenario.optimize };
  const prep = prepareComparison(c, ctx.plans, ctx.baseline ?? undefined);
  for (const p of set) checkSpec(p.header, p.file, prep.spec);
  const result = mergeStates(prep.spec, set, PLAN_EVALUATION);
  const cmp = finishComparison(c, prep, result);
  const out = prepareOutDir(a.out ?? join('out', `${slug(compiled.scenario.name)}-comparison`));
  try {
    return await writeComparisonOutputs(a, compiled, out, cmp);
  } finally {
    out.release();
  }
}
