/**
 * `npm run bench:study`: the gate's false-fail rate and power, measured (bench/README.md,
 * "Noise and power of the gate"). Runs `check.js` N times, each a fresh process, and counts per
 * benchmark how often it failed, with the range of its change against the baseline.
 *
 *   npm run bench:study -- --runs 20 --only core                      # clean tree: false fails
 *   npm run bench:study -- --runs 10 --only core,count --inject 0.1   # 10 % more work: detections
 *
 * Flags: --runs N (default 10), --inject F (sets BENCH_INJECT_SLOWDOWN=F for the children),
 * --only KINDS and --no-retry (passed to check.js), --out DIR (keep each run's JSON; default a
 * temporary folder). Prints a table and the load average before and after.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtPct, formatTable } from './harness.js';

interface Row {
  fails: number;
  firstFails: number;
  changes: number[];
  n: number;
}

function main(): number {
  const argv = process.argv.slice(2);
  let runs = 10;
  let inject = '';
  let out = '';
  const pass: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--inject') inject = argv[++i];
    else if (a === '--out') out = argv[++i];
    else if (a === '--only') pass.push('--only', argv[++i]);
    else if (a === '--no-retry' || a === '--no-count' || a === '--all') pass.push(a);
    else throw new Error(`unknown argument ${a}; expected --runs N, --inject F, --only KINDS, --no-retry, --no-count, --all, --out DIR`);
  }
  if (!out) out = mkdtempSync(join(os.tmpdir(), 'sim-gate-study-'));
  mkdirSync(out, { recursive: true });
  const check = fileURLToPath(new URL('./check.js', import.meta.url));
  const rows = new Map<string, Row>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) rows.set(name, (r = { fails: 0, firstFails: 0, changes: [], n: 0 }));
    return r;
  };
  const load0 = os.loadavg();
  const loads: number[] = [];
  let gateFails = 0;
  const seconds: number[] = [];
  for (let k = 1; k <= runs; k++) {
    const json = join(out, `run-${k}.json`);
    const t0 = performance.now();
    const env = { ...process.env, BENCH_INJECT_SLOWDOWN: inject };
    const r = spawnSync(process.execPath, [check, ...pass, '--json', json], { env, encoding: 'utf8' });
    seconds.push((performance.now() - t0) / 1000);
    loads.push(os.loadavg()[0]);
    if (r.status !== 0) gateFails++;
    let j: {
      thresholds: Record<string, number>;
      verdicts: { name: string; kind: string; pass: boolean; first: { ratio: number }; base?: { ratio: number } }[];
      counts: { name: string; pass: boolean; change?: number }[];
    };
    try {
      j = JSON.parse(readFileSync(json, 'utf8'));
    } catch {
      process.stdout.write(`run ${k}: no JSON (exit ${r.status})\n${r.stdout}\n${r.stderr}\n`);
      continue;
    }
    for (const v of j.verdicts) {
      const x = row(v.name);
      x.n++;
      if (!v.pass) x.fails++;
      const ch = v.base ? v.first.ratio / v.base.ratio - 1 : NaN;
      if (!(ch <= j.thresholds[v.kind])) x.firstFails++;
      if (v.base) x.changes.push(ch);
    }
    for (const v of j.counts ?? []) {
      const x = row(v.name);
      x.n++;
      if (!v.pass) x.fails++;
      if (!v.pass) x.firstFails++;
      if (v.change !== undefined) x.changes.push(v.change);
    }
    process.stdout.write(`run ${k}/${runs}: ${r.status === 0 ? 'PASS' : 'FAIL'} in ${seconds[seconds.length - 1].toFixed(0)} s, load ${loads[loads.length - 1].toFixed(2)}\n`);
  }
  process.stdout.write(
    `\n${runs} runs of check.js ${pass.join(' ')}${inject ? `, BENCH_INJECT_SLOWDOWN=${inject}` : ', clean'}; load average at start ${load0.map((x) => x.toFixed(2)).join(' ')}, ` +
      `1-min load after each run ${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)}; ${seconds.length ? `${Math.min(...seconds).toFixed(0)}-${Math.max(...seconds).toFixed(0)} s a run` : ''}\n` +
      `gate failed ${gateFails}/${runs}\n\n` +
      formatTable(
        ['benchmark', 'failed (final)', 'over threshold at first pass', 'change min', 'median', 'max'],
        [...rows].map(([name, x]) => {
          const s = [...x.changes].sort((a, b) => a - b);
          return [name, `${x.fails}/${x.n}`, `${x.firstFails}/${x.n}`, fmtPct(s[0] ?? NaN, true), fmtPct(s[Math.floor(s.length / 2)] ?? NaN, true), fmtPct(s[s.length - 1] ?? NaN, true)];
        }),
      ) +
      `\n(JSON of every run in ${out})\n`,
  );
  return 0;
}

process.exit(main());
