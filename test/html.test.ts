import seedrandom from 'seedrandom';
import { describe as suite, expect, it } from 'vitest';
import { describe } from '../src/stats/describe.js';
import { HistogramBank, REGION_LAYOUT } from '../src/stats/histogram.js';
import type { MetricSummary } from '../src/stats/describe.js';
import { epChartOption, epCurve, quantilePoints, renderSvg, returnPeriodPoints, Z95 } from '../src/output/html/charts.js';
import { riskColour, RISK_BANDS } from '../src/output/html/map.js';
import { esc } from '../src/output/html/page.js';
import { HTML } from '../src/output/i18n/html.js';
import { diffText } from '../src/output/html/comparison-html.js';
import { fmt } from '../src/core/format.js';

/** The pure parts of report.html: the exceedance curves' series, the risk grades, the catalogue (issue 12). */

/** Exp(1): P(X ≥ x) = e^-x, the value of return period T is ln T. */
function exp1(n: number): MetricSummary {
  const rng = seedrandom.xor4096('html-test');
  const bank = new HistogramBank(1, REGION_LAYOUT);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = -Math.log(1 - rng());
    bank.add(0, v);
    sum += v;
    sumSq += v * v;
  }
  return describe({ n, sum, sumSq }, bank.view(0), { returnPeriods: true });
}

suite('exceedance curve series', () => {
  const n = 200_000;
  const m = exp1(n);

  it('has a point for every exceedance threshold with p > 0, at the summary\'s own p, and the band p ± 1.96 se', () => {
    const curve = epCurve(m);
    const positive = m.exceedance.filter((e) => e.p > 0);
    expect(curve).toHaveLength(positive.length);
    positive.forEach((e, i) => {
      expect(curve[i].x).toBe(e.threshold);
      expect(curve[i].p).toBe(e.p);
      expect(curve[i].lo).toBeCloseTo(Math.max(0, e.p - Z95 * e.se), 12);
      expect(curve[i].hi).toBeCloseTo(Math.min(1, e.p + Z95 * e.se), 12);
    });
    // Exp(1): P(X ≥ 1) = e^-1, within its own band (3 s.e. to be safe)
    expect(Math.abs(curve[0].p - Math.exp(-1))).toBeLessThan(3 * Math.sqrt((Math.exp(-1) * (1 - Math.exp(-1))) / n));
    expect(curve[0].lo).toBeLessThan(Math.exp(-1));
    expect(curve[0].hi).toBeGreaterThan(Math.exp(-1));
  });

  it('return-period points lie on the analytic curve: the value of T is ln T', () => {
    const rp = returnPeriodPoints(m);
    expect(rp.length).toBeGreaterThanOrEqual(8); // 2 … 10,000 years need 20 … 100,000 trials: up to 10,000 here
    for (const r of rp) {
      expect(r.p).toBe(1 / r.years);
      // quantile SE of an exponential at p: sqrt(p(1-p)/n) / p, plus the histogram's bin resolution
      const se = Math.sqrt((r.p * (1 - r.p)) / n) / r.p;
      expect(Math.abs(r.x - Math.log(r.years))).toBeLessThan(4 * se + 0.01 * Math.log(r.years));
    }
  });

  it('with return periods merged in, the curve is sorted by value, falls, and keeps every band inside [0, 1]', () => {
    const curve = epCurve(m, returnPeriodPoints(m), n);
    expect(curve.length).toBeGreaterThan(epCurve(m).length);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i].x).toBeGreaterThan(curve[i - 1].x);
      expect(curve[i].p).toBeLessThanOrEqual(curve[i - 1].p * 1.05);
    }
    for (const c of curve) {
      expect(c.lo).toBeGreaterThanOrEqual(0);
      expect(c.hi).toBeLessThanOrEqual(1);
      expect(c.lo).toBeLessThanOrEqual(c.p);
      expect(c.hi).toBeGreaterThanOrEqual(c.p);
    }
    // the exceedance points are still there with the summary's p
    for (const e of m.exceedance.filter((x) => x.p > 0)) expect(curve.find((c) => c.x === e.threshold)?.p).toBe(e.p);
  });

  it('clips the band to [0, 1] and leaves out p = 0 (cannot be drawn on a log axis)', () => {
    const m2 = { ...m, exceedance: [{ threshold: 1, p: 0.999, se: 0.01 }, { threshold: 10, p: 0.001, se: 0.01 }, { threshold: 100, p: 0, se: 0 }] };
    const c = epCurve(m2);
    expect(c.map((x) => x.x)).toEqual([1, 10]);
    expect(c[0].hi).toBe(1);
    expect(c[1].lo).toBe(0);
  });

  it('quantile points are (value, 1 − q) with their intervals', () => {
    const q = quantilePoints(m);
    expect(q.map((x) => x.p)).toEqual([0.1, 0.05, 0.01]);
    expect(q[2].x).toBe(m.p99);
    expect(q[2].lo).toBe(m.quantileCi95.p99[0]);
  });

  it('renders to SVG with drawn marks and page-unique ids', () => {
    const option = epChartOption([{ name: 'a', colour: '#000', curve: epCurve(m), markers: returnPeriodPoints(m) }], { x: 'x', p: 'p', returnPeriod: 'T' });
    const svg = renderSvg(option, 400, 300, 'tst');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/\bzr\d+-/);
    // the font stack survives inside ECharts' double-quoted style attributes
    expect(svg).toContain("font-family:'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif;");
    expect((svg.match(/ecmeta_ssr_type="chart"/g) ?? []).length).toBeGreaterThan(5);
    // the same input gives the same SVG, whatever was rendered before
    expect(renderSvg(option, 400, 300, 'tst')).toBe(svg);
  });
});

suite('township risk grades and the catalogue', () => {
  it('grades per 1,000 residents: red ≥ 10, orange 3–10, yellow 1–3, blue < 1', () => {
    expect(riskColour(25)).toBe(RISK_BANDS[0].colour);
    expect(riskColour(10)).toBe(RISK_BANDS[0].colour);
    expect(riskColour(5)).toBe(RISK_BANDS[1].colour);
    expect(riskColour(1)).toBe(RISK_BANDS[2].colour);
    expect(riskColour(0)).toBe(RISK_BANDS[3].colour);
  });

  it('every message has both languages with the same placeholders', () => {
    for (const [k, msg] of Object.entries(HTML)) {
      expect(msg.zh.trim(), k).not.toBe('');
      expect(msg.en.trim(), k).not.toBe('');
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      expect(names(msg.zh), k).toEqual(names(msg.en));
      // Chinese text in the zh half (apart from pure symbols), none in the en half
      if (/[A-Za-z]{3}/.test(msg.en.replace(/\{\w+\}/g, ''))) expect(msg.zh, k).toMatch(/\p{Script=Han}/u);
      expect(msg.en.replace('(镇/街道)', ''), k).not.toMatch(/\p{Script=Han}/u); // the Chinese term for township is kept once, in brackets
    }
  });

  it('escapes HTML', () => {
    expect(esc('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});

suite('numbers people read', () => {
  it('a paired difference and its error share one precision: two significant digits of the error, no exponent', () => {
    expect(diffText(-4.9e-3, 4.9e-4, 100)).toBe('-0.490 ± 0.049');
    expect(diffText(-15.3, 1.47)).toBe('-15.3 ± 1.5');
    expect(diffText(-15530, 359)).toBe('-15,530 ± 359');
    expect(diffText(-5.64, 0.5109)).toBe('-5.64 ± 0.51');
  });

  it('nothing is "0" (not "0.00")', () => {
    expect(fmt(0)).toBe('0');
    expect(fmt(-0)).toBe('0');
    expect(fmt(2.06)).toBe('2.06');
  });
});
