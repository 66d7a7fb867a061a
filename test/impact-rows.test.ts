/**
 * TyphoonImpact and FloodImpact skip rows that already hold what a zero wind or a dry township writes (issue 13). Storm after storm into one
 * buffer, its rows and metrics must equal a fresh model's writing every row into a fresh buffer (filled with
 * NaN first, so an unwritten row would show), with and without the rain-flood chain; and the rows it lists
 * as possibly non-zero (nonZeroRows) include every row that is not all +0.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockStream } from '../src/core/random.js';
import { hazardModule } from '../src/hazard/registry.js';
import { IMPACT_FIELDS, newImpactBuffer } from '../src/impact/types.js';
import type { IntensityField } from '../src/intensity/types.js';
import { ROOT, specFromScenario } from './helpers.js';

describe('typhoon and flood impact rows across events', () => {
  for (const scenario of ['scenarios/typhoon.yaml', 'bench/scenarios/typhoon-no-chain.yaml', 'scenarios/flood.yaml']) {
    it(`equal a fresh write of every row: ${scenario}`, () => {
      const spec = specFromScenario(join(ROOT, scenario), { trials: 10 });
      const h = spec.hazards[0];
      const mod = hazardModule(h.type);
      const kernel = mod.createKernel(spec.region, h);
      const slots = new Map<string, number>();
      const metric = (name: string) => slots.get(name) ?? (slots.set(name, slots.size), slots.size - 1);
      const reused = mod.createImpact(spec.region, h, metric);
      const buf = newImpactBuffer(spec.region.n);
      const metrics = new Float64Array(4);
      let events = 0;
      let flooded = 0;
      let unlisted = 0;
      for (let b = 0; b < 6; b++) {
        kernel.beginBlock(blockStream(spec.seed, 'hazard0', b), (name) => blockStream(spec.seed, `hazard0/${name}`, b));
        for (let t = 0; t < 1024; t++) {
          kernel.sampleTrial((field: IntensityField) => {
            events++;
            if (h.type === 'typhoon' && field.event[0] === 1) flooded++;
            metrics.fill(0);
            reused.write(field, buf, metrics);
            const fresh = newImpactBuffer(spec.region.n).fill(NaN);
            const freshMetrics = new Float64Array(4);
            mod.createImpact(spec.region, h, metric).write(field, fresh, freshMetrics);
            // Object.is: +0 and -0 told apart
            for (let k = 0; k < buf.length; k++) if (!Object.is(buf[k], fresh[k])) expect([events, k, buf[k]]).toEqual([events, k, fresh[k]]);
            // every row left out of nonZeroRows is all +0; the list is increasing
            const list = reused.nonZeroRows!;
            if (list.count >= 0) {
              const listed = new Set<number>();
              for (let j = 0; j < list.count; j++) {
                if (j > 0) expect(list.rows[j]).toBeGreaterThan(list.rows[j - 1]);
                listed.add(list.rows[j]);
              }
              for (let i = 0; i < spec.region.n; i++) {
                if (listed.has(i)) continue;
                for (let f = 0; f < IMPACT_FIELDS; f++) if (!Object.is(buf[i * IMPACT_FIELDS + f], 0)) expect([events, i, f, buf[i * IMPACT_FIELDS + f]]).toEqual([events, i, f, 0]);
              }
              if (list.count < spec.region.n) unlisted++;
            }
            for (let k = 0; k < 4; k++) if (!Object.is(metrics[k], freshMetrics[k])) expect([events, k, metrics[k]]).toEqual([events, k, freshMetrics[k]]);
          });
        }
      }
      expect(events).toBeGreaterThan(1000);
      expect(unlisted).toBeGreaterThan(500); // rows were left out
      if (scenario === 'scenarios/typhoon.yaml') expect(flooded).toBeGreaterThan(10);
    });
  }
});
