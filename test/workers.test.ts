import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sim, tmp } from './helpers.js';

/** Same scenario and seed → the same summary.json (outside `engine`) and townships.csv whatever the worker count (0 = in-process). */
describe('worker-count invariance', () => {
  const cases: [string, number, number[]][] = [
    // several tasks per worker (planTasks: blocks of 1,024 trials, the last one partial), kept small for busy machines
    ['scenarios/typhoon.yaml', 12_000, [0, 1, 2, 4]],
    ['scenarios/multi-hazard.yaml', 8_000, [1, 2, 4]],
  ];
  for (const [scenario, trials, workers] of cases) {
    it(`${scenario}: identical for --workers ${workers.join(', ')}`, () => {
      const dir = tmp();
      const outputs = workers.map((w) => {
        const out = join(dir, `w${w}`);
        const r = sim(['run', scenario, '--trials', String(trials), '--workers', String(w), '--out', out, '--quiet']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
        expect(s.engine.workers).toBe(w);
        delete s.engine;
        return { summary: JSON.stringify(s), towns: readFileSync(join(out, 'townships.csv'), 'utf8') };
      });
      for (const o of outputs.slice(1)) {
        expect(o.summary).toBe(outputs[0].summary);
        expect(o.towns).toBe(outputs[0].towns);
      }
    });
  }
});
