/**
 * `sim backtest`: the bundled historical events against the models. Checks the
 * command end to end, one event by hand, the scores against their definitions,
 * that the model's calibration is the one the back-test gives, and clear errors
 * for a broken event file.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localApparentHour, pagerInterval } from '../src/backtest/earthquake.js';
import { loadEarthquakeEvent } from '../src/backtest/events.js';
import { runBacktest, type BacktestResult } from '../src/backtest/run.js';
import { ratio, score } from '../src/backtest/score.js';
import { EARTHQUAKE_PARAMS } from '../src/hazard/earthquake/params.js';
import { censusBuildingMix } from '../src/impact/census-mix.js';
import { ROOT, sim, tmp } from './helpers.js';

const DIR = join(ROOT, 'datasets', 'backtest');
let result: BacktestResult | undefined;
async function bundled(): Promise<BacktestResult> {
  result ??= await runBacktest({ dir: DIR, mixFor: (p) => censusBuildingMix(p), trials: 200 });
  return result;
}

describe('sim backtest', () => {
  it('runs the bundled events and writes backtest.csv and backtest.md', () => {
    const out = join(tmp('sim-backtest-'), 'bt');
    const r = sim(['backtest', '--out', out, '--trials', '200']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/geometric-mean ratio/);
    const csv = readFileSync(join(out, 'backtest.csv'), 'utf8');
    // at least 8 earthquakes and 3 typhoon or flood events, each with its observed source
    const events = new Set(csv.split('\r\n').slice(1, -1).map((l) => l.split(',')[0]));
    expect(events.size).toBeGreaterThanOrEqual(11);
    for (const id of ['ludian-2014', 'lushan-2013', 'yushu-2010', 'jishishan-2023', 'yangbi-2021', 'luding-2022', 'changning-2019', 'pingyuan-2023']) expect(events).toContain(id);
    expect(existsSync(join(out, 'backtest.md'))).toBe(true);
    expect(readFileSync(join(out, 'backtest.md'), 'utf8')).toMatch(/## 观测值来源/);
  });

  it('Yangbi 2021 by hand: zones × PAGER China empirical rates', async () => {
    const r = await bundled();
    const row = r.rows.find((x) => x.id === 'yangbi-2021' && x.metric === 'deaths')!;
    // zones (datasets/backtest/earthquakes/yangbi-2021.yaml): VIII 170 km² and VII 930 km² at 52 /km², VI 5,500 km² at 118 /km²;
    // rates Φ(ln(I/10.328811)/0.100058): VIII 5.33269e-3, VII 5.05336e-5, VI 2.83944e-8
    const byHand = 8840 * 5.33269e-3 + 48360 * 5.05336e-5 + 649000 * 2.83944e-8;
    expect(byHand).toBeCloseTo(49.603, 2);
    expect(row.predicted).toBeCloseTo(byHand, 2);
    expect(row.observed).toBe(3);
    expect(row.ratio).toBeCloseTo((byHand + 1) / 4, 4);
    // PAGER's China uncertainty: median × exp(±1.645 × 2.013134)
    expect(row.low).toBeCloseTo(1.80895, 3);
    expect(row.high).toBeCloseTo(1360.17, 0);
    expect(row.inInterval).toBe(true);
    const injured = r.rows.find((x) => x.id === 'yangbi-2021' && x.metric === 'injured')!;
    expect(injured.predicted).toBeCloseTo(EARTHQUAKE_PARAMS.injuredPerDeath.value * byHand, 2);
  });

  it('events without a complete intensity map are listed, not scored', async () => {
    const r = await bundled();
    for (const id of ['lushan-2013', 'yushu-2010', 'ludian-2014']) {
      const row = r.rows.find((x) => x.id === id && x.metric === 'deaths')!;
      expect(row.scored).toBe(false);
      expect(row.predicted).toBeNull();
      expect(row.note).toMatch(/not scored: inputs missing/);
    }
  });

  it('the model calibration (empiricalScale) is the back-test factor, and leave-one-out meets the goal', async () => {
    const r = await bundled();
    expect(r.deathsCalibrationFactor).not.toBeNull();
    expect(EARTHQUAKE_PARAMS.empiricalScale.value).toBeCloseTo(r.deathsCalibrationFactor!, 3);
    const loo = r.scores['earthquake deaths, calibrated as the model is (leave-one-out)'];
    expect(loo.events).toBeGreaterThanOrEqual(6);
    expect(loo.withinFactor3).toBeGreaterThanOrEqual(0.75);
    expect(loo.geometricMeanRatio!).toBeGreaterThanOrEqual(0.5);
    expect(loo.geometricMeanRatio!).toBeLessThanOrEqual(2);
    // each calibrated value uses the other events only: it differs from the full-sample scaling
    const rows = r.rows.filter((x) => x.hazard === 'earthquake' && x.metric === 'deaths' && x.scored);
    for (const x of rows) expect(x.looCalibrated! / x.predicted!).not.toBeCloseTo(r.deathsCalibrationFactor!, 6);
  });

  it('typhoon and flood rows say what the model does not give rather than 0', async () => {
    const r = await bundled();
    const drills = r.rows.filter((x) => x.hazard !== 'earthquake');
    expect(new Set(drills.map((x) => x.id)).size).toBeGreaterThanOrEqual(3);
    for (const x of drills) if (x.predicted === null) expect(x.note).toMatch(/not modelled|not scored/);
  });
});

describe('back-test arithmetic', () => {
  it('ratio and scores follow their definitions', () => {
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(26, 8)).toBe(3);
    const s = score([
      { ratio: 2, inInterval: true },
      { ratio: 0.5, inInterval: false },
      { ratio: 4, inInterval: null },
    ]);
    expect(s.geometricMeanRatio).toBeCloseTo(Math.cbrt(4), 12);
    expect(s.withinFactor3).toBeCloseTo(2 / 3, 12);
    expect(s.inInterval90).toBe(0.5);
  });
  it("local apparent time is PAGER's: Beijing time − 8 h + longitude/15", () => {
    expect(localApparentHour(2 + 33 / 60, 116.4)).toBeCloseTo(2.55 - 8 + 7.76 + 24 - 24, 9);
    expect(localApparentHour(0.5, 90)).toBeCloseTo(22.5, 9);
  });
  it("PAGER's G below one expected death is 1.7613", () => {
    const [lo, hi] = pagerInterval(0.5);
    expect(hi / 0.5).toBeCloseTo(Math.exp(1.6448536269514722 * 1.7613), 9);
    expect(0.5 / lo).toBeCloseTo(Math.exp(1.6448536269514722 * 1.7613), 9);
  });
});

describe('bad back-test input', () => {
  const broken = (edit: (s: string) => string) => {
    const d = join(tmp('sim-bt-bad-'), 'bt');
    cpSync(DIR, d, { recursive: true });
    const f = join(d, 'earthquakes', 'yangbi-2021.yaml');
    writeFileSync(f, edit(readFileSync(f, 'utf8')));
    return { d, f };
  };
  it('a zone intensity that is not a whole degree names the file, line and field', () => {
    const { d } = broken((s) => s.replace('intensity: 8', 'intensity: 8.5'));
    const r = sim(['backtest', '--events', d, '--out', join(d, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/yangbi-2021\.yaml:\d+:\d+: field "zones\.0\.intensity": expected a whole intensity degree \(4–12\), found 8\.5/);
    expect(existsSync(join(d, 'out'))).toBe(false);
  });
  it('an observation without a source is refused', () => {
    const { f } = broken((s) => s.replace(/(deaths: \{value: 3), source: "[^"]*"\}/, '$1}'));
    expect(() => loadEarthquakeEvent(f)).toThrow(/yangbi-2021\.yaml:\d+:\d+: field "observed\.deaths\.source": expected text, found nothing/);
  });
});
