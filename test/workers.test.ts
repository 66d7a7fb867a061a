import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sim, tmp } from './helpers.js';

/** Same scenario and seed → the same summary.json (outside `engine`) for 1, 2 and 4 workers (and the in-process path). */
describe('worker-count invariance', () => {
  it('summary.json and townships.csv are identical for --workers 0, 1, 2, 4', () => {
    const dir = tmp();
    const outputs = [0, 1, 2, 4].map((w) => {
      const out = join(dir, `w${w}`);
      const r = sim(['run', 'scenarios/typhoon.yaml', '--trials', '30000', '--workers', String(w), '--out', out, '--quiet']);
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
});
