/**
 * `npm run bench:plans`: what evaluating plans costs (model.md §5.4, sim compare).
 * The typhoon scenario on Weihai, 100,000 trials, 2 workers: the simulation
 * alone, and with 10 plans evaluated on every event of every trial (the bundled
 * plans/ and variants of them). Prints both times, their ratio (sim compare's
 * goal: under 1.5, issue 13) and plans evaluated per second on 100,000 trials.
 * Informational, not gated.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { runSimulation } from '../src/engine/run.js';
import { loadPlanFile } from '../src/plan/file.js';
import { compilePlan, loadDepots } from '../src/plan/holdings.js';
import { compileScenario } from '../src/scenario/compile.js';
import { PLAN_EVALUATION, withPlans } from '../src/plan/observer.js';
import { fmtMs, formatTable, machineInfo, ROOT } from './harness.js';

const TRIALS = 100_000;
const WORKERS = 2;
const PLANS = 10;

async function main(): Promise<void> {
  const c = compileScenario(join(ROOT, 'scenarios', 'typhoon.yaml'), { trials: TRIALS });
  const params = c.scenario.optimize!.params;
  const depots = loadDepots(c.region);
  const files = readdirSync(join(ROOT, 'plans')).filter((f) => f.endsWith('.yaml')).sort();
  const base = files.map((f) => loadPlanFile(join(ROOT, 'plans', f), c.region, depots, c.items, params).plan);
  // variants: the bundled plans with stock scaled, until there are 10
  const plans = Array.from({ length: PLANS }, (_, k) => {
    const p = structuredClone(base[k % base.length]);
    const f = 1 + 0.25 * Math.floor(k / base.length);
    for (const byItem of Object.values(p.stock)) for (const i of Object.keys(byItem)) byItem[i] = Math.round(byItem[i] * f);
    return compilePlan(p, c.region, depots, c.items, params, `variant ${k}`);
  });
  const simOnly = { ...c.spec, id: 'bench-plans-0' };
  // as sim compare runs them: the plans through their observer (plan/observer.ts), only their metrics accumulated
  const evaluating = { ...withPlans({ ...c.spec, id: 'bench-plans-10' }, plans), observersOnly: true };
  const bench = new Bench({ throws: true, time: 0, iterations: 5, warmupIterations: 1, warmupTime: 0 });
  bench.add('simulation alone', async () => void (await runSimulation(simOnly, { workers: WORKERS })), { async: true });
  bench.add(`simulation + ${PLANS} plans`, async () => void (await runSimulation(evaluating, { workers: WORKERS, observers: PLAN_EVALUATION })), { async: true });
  await bench.run();
  const ms = bench.tasks.map((t) => {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`bench:plans: ${t.name}: ${r.state}`);
    return r.latency.p50;
  });
  const m = machineInfo();
  process.stdout.write(`Plan evaluation on node ${m.node}, ${m.cpu}, ${m.cores} cores; typhoon, Weihai, ${TRIALS.toLocaleString('en-US')} trials, ${WORKERS} workers\n\n`);
  process.stdout.write(formatTable(['', 'median ms'], [['simulation alone', fmtMs(ms[0])], [`simulation + ${PLANS} plans`, fmtMs(ms[1])]]) + '\n\n');
  process.stdout.write(`ratio ${(ms[1] / ms[0]).toFixed(2)} (goal < 1.5, issue 13); ${((PLANS * 1000) / (ms[1] - ms[0])).toFixed(1)} plans evaluated per second on ${TRIALS.toLocaleString('en-US')} trials\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:plans: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
