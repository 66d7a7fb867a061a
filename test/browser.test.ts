import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sim, tmp } from './helpers.js';
import { compileScenario } from '../src/scenario/compile.js';
import { runScenario } from '../src/plan/pipeline.js';
import { metricCoverage } from '../src/hazard/coverage.js';
import { buildSummary, townshipStats, withPlan } from '../src/output/summary.js';
import { buildReportHtml } from '../src/output/html/report-html.js';

/**
 * report.html and comparison.html in a real browser (Chromium, headless, network blocked): no errors,
 * every chart drawn, one map mark per township, Chinese rendered in a CJK font, both languages
 * (issue 12). Chromium comes from the system (Debian: apt-get install chromium fonts-noto-cjk; .ci/run
 * installs them when absent); without it this test fails, it does not skip.
 */
const CHROMIUM = process.env.SIM_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const TRIALS = 2000;
const dir = tmp('sim-browser-');
const reportDir = join(dir, 'report');
const compareDir = join(dir, 'compare');

let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the browser test needs it (Debian: apt-get install chromium fonts-noto-cjk; .ci/run installs them; or set SIM_CHROMIUM)`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  consoleErrors: string[];
  failed: string[];
  /** Requests for anything but the file itself: none expected (all blocked). */
  offPage: string[];
}

async function open(file: string): Promise<Opened> {
  const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
  const o: Opened = { page, consoleErrors: [], failed: [], offPage: [] };
  const url = pathToFileURL(file).href;
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    o.offPage.push(u);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') o.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => o.consoleErrors.push(String(e)));
  page.on('requestfailed', (r) => o.failed.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  return o;
}

/** Marks ECharts drew per chart (elements it tagged as chart data), by the figure's data-chart name. */
async function marksPerChart(page: Page): Promise<Record<string, number>> {
  return page.$$eval('figure[data-chart]', (figs) => Object.fromEntries(figs.map((f) => [f.getAttribute('data-chart')!, f.querySelectorAll('svg [ecmeta_ssr_type="chart"]').length])));
}

/** The fonts Chromium actually used to draw the text of the first element matching `selector` (DevTools protocol). */
async function platformFonts(page: Page, selector: string): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts;
}

const CJK_FONT = /Noto Sans CJK|Noto Sans SC|Source Han Sans|Microsoft YaHei|PingFang/;

describe('report.html in a browser', () => {
  let run: ReturnType<typeof sim>;
  let opened: Opened;
  beforeAll(async () => {
    run = sim(['run', 'scenarios/typhoon.yaml', '--trials', String(TRIALS), '--out', reportDir, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    opened = await open(join(reportDir, 'report.html'));
    await opened.page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
  });

  it('loads with no console errors, no failed requests and nothing fetched', () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.failed).toEqual([]);
    expect(opened.offPage).toEqual([]);
    const html = readFileSync(join(reportDir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|@import|url\(http|src="http/i);
  });

  it('is Chinese by default', async () => {
    expect(await opened.page.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('every chart has drawn marks: exceedance curves, map, stock, teams, shelters', async () => {
    const marks = await marksPerChart(opened.page);
    const names = Object.keys(marks);
    for (const m of ['ep-evacuated', 'ep-displaced', 'ep-sheltered', 'ep-deaths', 'ep-demand-tent', 'ep-demand-water', 'map', 'stock-tent', 'teams', 'shelters']) expect(names, m).toContain(m);
    for (const [name, n] of Object.entries(marks)) expect(n, name).toBeGreaterThan(0);
    // a metric the scenario does not model is a note, not an empty chart
    expect(await opened.page.locator('[data-not-modelled="injured"]').count()).toBe(0); // injured is not among the curves
    expect(names).not.toContain('ep-injured');
  });

  it('the map has exactly one mark per township', async () => {
    const summary = JSON.parse(readFileSync(join(reportDir, 'summary.json'), 'utf8'));
    const n = summary.scenario.region.townships;
    expect(n).toBe(73);
    const fig = opened.page.locator('figure[data-chart="map"]');
    expect(await fig.getAttribute('data-townships')).toBe(String(n));
    // series 0 of the map is the townships: one drawn symbol per data index
    const idx = await fig.locator('svg [ecmeta_ssr_type="chart"][ecmeta_series_index="0"]').evaluateAll((els) => els.map((e) => e.getAttribute('ecmeta_data_index')));
    expect(idx).toHaveLength(n);
    expect(new Set(idx).size).toBe(n);
    // and the depots are drawn in their own series (city, county, township, village)
    const depots = await fig.locator('svg [ecmeta_ssr_type="chart"]:not([ecmeta_series_index="0"])').count();
    expect(depots).toBe(1 + 7 + 73 + 73);
  });

  it('draws Chinese text in a CJK font, in the page and inside the SVG charts', async () => {
    // the charts name the font themselves (an SVG saved on its own keeps it), not only by inheriting the page's
    const inline = await opened.page.$eval('figure[data-chart="ep-evacuated"] svg text', (e) => (e as SVGElement).style.fontFamily);
    expect(inline).toMatch(/Noto Sans CJK SC/);
    for (const selector of ['h2', 'figure[data-chart="ep-evacuated"] svg text']) {
      const fonts = await platformFonts(opened.page, selector);
      const cjk = fonts.filter((f) => CJK_FONT.test(f.familyName));
      expect(cjk.length, `${selector}: ${JSON.stringify(fonts)}`).toBeGreaterThan(0);
      expect(cjk.reduce((a, f) => a + f.glyphCount, 0)).toBeGreaterThan(0);
    }
  });

  it('has no English sentences in its headings (zh)', async () => {
    const headings = await opened.page.$$eval('h2, h3', (hs) => hs.map((h) => h.textContent ?? ''));
    expect(headings.length).toBeGreaterThan(10);
    for (const h of headings) {
      expect(h, h).toMatch(/\p{Script=Han}/u);
      expect(h.replace(/\(?[\w-]+\.csv\)?/g, ''), h).not.toMatch(/[A-Za-z]{3,}\s+[A-Za-z]{3,}/);
    }
    // the policy checks are a table with the statuses graded
    const statuses = await opened.page.$$eval('[data-table="policy"] .status', (s) => s.map((x) => x.className));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.some((c) => c.includes('pass'))).toBe(true);
  });
});

describe('report.html in English (built in-process)', () => {
  let opened: Opened;
  let html: string;
  beforeAll(async () => {
    const compiled = compileScenario(join(ROOT, 'scenarios', 'typhoon.yaml'), { trials: TRIALS });
    const { scenario, region, items } = compiled;
    const { result, sized } = await runScenario({ ...compiled, optimize: scenario.optimize }, { workers: 0 });
    const simulated = buildSummary(scenario, region, items, result, 'scenarios/typhoon.yaml', metricCoverage(scenario.hazards));
    const summary = sized ? withPlan(simulated, sized) : simulated;
    html = buildReportHtml(summary, region, townshipStats(region, result), { plan: sized }, 'en');
    mkdirSync(join(dir, 'en'), { recursive: true });
    writeFileSync(join(dir, 'en', 'report.html'), html);
    opened = await open(join(dir, 'en', 'report.html'));
    await opened.page.screenshot({ path: join(ARTIFACTS, 'report-en.png'), fullPage: true });
  });

  it('is English, with no errors and every chart drawn', async () => {
    expect(await opened.page.getAttribute('html', 'lang')).toBe('en');
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.failed).toEqual([]);
    const marks = await marksPerChart(opened.page);
    expect(Object.keys(marks).length).toBeGreaterThan(15);
    for (const [name, n] of Object.entries(marks)) expect(n, name).toBeGreaterThan(0);
    const headings = await opened.page.$$eval('h2', (hs) => hs.map((h) => h.textContent ?? ''));
    for (const h of headings) expect(h, h).not.toMatch(/\p{Script=Han}/u);
    expect(headings).toContain('Exceedance probability curves');
  });
});

describe('comparison.html in a browser', () => {
  let opened: Opened;
  beforeAll(async () => {
    const r = sim(['compare', '--scenario', 'scenarios/typhoon.yaml', 'plans/weihai-current.yaml', 'plans/weihai-more-county.yaml', 'plans/weihai-more-village.yaml', '--trials', String(TRIALS), '--out', compareDir, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    opened = await open(join(compareDir, 'comparison.html'));
    await opened.page.screenshot({ path: join(ARTIFACTS, 'comparison.png'), fullPage: true });
  });

  it('loads with no errors, draws the frontier and the paired differences', async () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.failed).toEqual([]);
    expect(opened.offPage).toEqual([]);
    expect(await opened.page.getAttribute('html', 'lang')).toBe('zh-CN');
    const marks = await marksPerChart(opened.page);
    expect(Object.keys(marks)).toContain('frontier');
    expect(Object.keys(marks).filter((k) => k.startsWith('diff-')).length).toBeGreaterThanOrEqual(3);
    for (const [name, n] of Object.entries(marks)) expect(n, name).toBeGreaterThan(0);
    // three plans on the frontier chart: one point each (scatter series), with error bars
    const frontier = opened.page.locator('figure[data-chart="frontier"] svg');
    expect(await frontier.locator('[ecmeta_ssr_type="chart"]').count()).toBeGreaterThanOrEqual(3);
  });
});
