/**
 * Issue 12, item 2: Chinese and English from one message catalogue.
 *   - every message has both languages, with the same {placeholders};
 *   - the Chinese report.md (the default) carries no English prose;
 *   - the English report.md carries no Chinese beyond names and the official terms given alongside;
 *   - --lang is parsed on run, compare and backtest, and a bad value is one clear error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { ROOT, sim, tmp } from './helpers.js';

type Msg = { zh: string; en: string };

function isMsg(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && typeof (v as Msg).zh === 'string' && typeof (v as Msg).en === 'string' && Object.keys(v).length === 2;
}

/** Every Msg reachable from a module's exports, with its path. */
function messagesOf(mod: Record<string, unknown>, where: string): [string, Msg][] {
  const out: [string, Msg][] = [];
  const walk = (v: unknown, path: string) => {
    if (isMsg(v)) out.push([path, v]);
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  for (const [k, v] of Object.entries(mod)) walk(v, `${where}:${k}`);
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The catalogue files: output/i18n/*.ts and each hazard's messages.ts, plus the modules that keep Msg beside their logic. */
function catalogueFiles(): string[] {
  const files = readdirSync(join(ROOT, 'src', 'output', 'i18n')).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, 'src', 'output', 'i18n', f));
  for (const h of readdirSync(join(ROOT, 'src', 'hazard'), { withFileTypes: true })) {
    if (h.isDirectory() && readdirSync(join(ROOT, 'src', 'hazard', h.name)).includes('messages.ts')) files.push(join(ROOT, 'src', 'hazard', h.name, 'messages.ts'));
  }
  files.push(join(ROOT, 'src', 'hazard', 'coverage.ts'), join(ROOT, 'src', 'plan', 'policy.ts'));
  return files;
}

describe('the message catalogue', () => {
  let messages: [string, Msg][] = [];
  beforeAll(async () => {
    for (const f of catalogueFiles()) messages.push(...messagesOf((await import(pathToFileURL(f).href)) as Record<string, unknown>, f.slice(ROOT.length + 1)));
  });

  it('covers the report, the hazards, coverage and the policy checks', () => {
    expect(messages.length).toBeGreaterThan(300);
    for (const f of ['report.ts', 'common.ts', 'earthquake/messages.ts', 'fire/messages.ts', 'typhoon/messages.ts', 'flood/messages.ts', 'coverage.ts', 'policy.ts']) {
      expect(messages.some(([p]) => p.includes(f)), f).toBe(true);
    }
  });

  it('every message has non-empty Chinese and English with the same placeholders', () => {
    const bad: string[] = [];
    for (const [p, m] of messages) {
      if (m.zh.trim() === '' || m.en.trim() === '') bad.push(`${p}: empty`);
      else if (placeholders(m.zh).join() !== placeholders(m.en).join()) bad.push(`${p}: {${placeholders(m.zh)}} vs {${placeholders(m.en)}}`);
    }
    expect(bad).toEqual([]);
  });

  it('the Chinese of every message is Chinese: no run of three English words outside codes', () => {
    const bad = messages.filter(([, m]) => englishProse(m.zh).length > 0).map(([p, m]) => `${p}: ${englishProse(m.zh).join(' / ')}`);
    expect(bad).toEqual([]);
  });
});

/**
 * Runs of 3 or more English words left in a text once what may stand in a Chinese report is taken out:
 * inline code, file and folder names, dotted parameter names, model and unit acronyms, numbers.
 */
function englishProse(text: string): string[] {
  const t = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/\b[\w./-]+\.(?:csv|md|yaml|json|ts)\b/g, ' ')
    .replace(/\b(?:datasets|docs|holdings)\/[\w./-]*/g, ' ')
    .replace(/\b\w+(?:\.\w+)+\b/g, ' ') // typhoon.chain.flood.depthAt100M, plan.solver.stockpiles.diagnosis
    .replace(/\b(?:PAGER|Hazus|JRC|CVaR95|CVaR|GB|MZ\/T|LP|CI|p\d\d|sim (?:run|compare|backtest|params)|chain: \{ flood: \{\} \}|highs|jslp|empiricalScale|assumption|Emanuel|Jonkman|M|H|L|I|II|III|IV|V|VI|VII)\b/g, ' ')
    .replace(/[\d.,%]+/g, ' ');
  return [...t.matchAll(/[A-Za-z][A-Za-z'-]*(?:[ \t,;:()/-]+[A-Za-z][A-Za-z'-]*){2,}/g)].map((m) => m[0]);
}

/** A report without its title and the scenario's own description (the user's text, shown as written). */
function body(md: string): string {
  return md.slice(md.indexOf('\n## '));
}

describe('the scenario\'s own name and description', () => {
  it('the Chinese reports take name_zh and description_zh; summary.json keeps both', () => {
    const md = readFileSync(join(ROOT, 'test', 'golden', 'typhoon', 'report.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('# 威海台风季');
    expect(md).toMatch(/^威海市 73 个乡镇（街道）的年度台风风险/m);
    const summary = JSON.parse(readFileSync(join(ROOT, 'test', 'golden', 'typhoon', 'summary.json'), 'utf8'));
    expect(summary.scenario.name).toBe('Weihai typhoon season');
    expect(summary.scenario.nameZh).toBe('威海台风季');
  });
});

describe('the Chinese report.md (default)', () => {
  const scenarios = readdirSync(join(ROOT, 'test', 'golden'));
  for (const name of scenarios) {
    it(`${name}: no English prose`, () => {
      // the golden report.md is what sim run writes by default (test/golden.test.ts keeps them equal)
      const md = readFileSync(join(ROOT, 'test', 'golden', name, 'report.md'), 'utf8');
      expect(md).toMatch(/## 模拟内容/);
      // the region's English name is the dataset's own name, shown beside its Chinese one
      const region = JSON.parse(readFileSync(join(ROOT, 'test', 'golden', name, 'summary.json'), 'utf8')).scenario.region.name as string;
      expect(englishProse(body(md).split(region).join(''))).toEqual([]);
    });
  }
});

/** Chinese names in the bundled datasets: townships, counties, items, depots, the region. */
function datasetNames(): Set<string> {
  const names = new Set<string>();
  const read = (f: string) => parse(readFileSync(f, 'utf8'), { bom: true, columns: true, comment: '#' }) as Record<string, string>[];
  for (const region of ['weihai', 'yueyang']) {
    const d = join(ROOT, 'datasets', region);
    for (const r of read(join(d, 'townships.csv'))) for (const k of ['name_zh', 'county_zh']) if (r[k]) names.add(r[k]);
    for (const r of read(join(d, 'counties.csv'))) for (const [k, v] of Object.entries(r)) if (k.endsWith('_zh') && v) names.add(v);
    for (const r of read(join(d, 'holdings', 'depots.csv'))) for (const [k, v] of Object.entries(r)) if (k.endsWith('_zh') && v) names.add(v);
    const y = readFileSync(join(d, 'region.yaml'), 'utf8');
    for (const m of y.matchAll(/name_?zh:\s*(\S+)/gi)) names.add(m[1]);
  }
  for (const r of read(join(ROOT, 'datasets', 'items.csv'))) names.add(r.name_zh);
  return names;
}

/**
 * Official terms the English report gives alongside their English (the people metrics, plan and
 * regulation names, fire classes, the seeds' own words quoted in a policy check's rule or source).
 */
const TERMS_ALONGSIDE = [
  '转移', '无家可归', '集中安置', '死亡', '受伤', '被困', '镇/街道', '十四五', '受灾人口', '倒塌和严重损坏房屋', '紧急转移安置', '森林防火条例',
  '一般', '较大', '重大', '特别重大', '应急救援站', '储备站', '专(兼)职', '果断转移', '防灾减灾救灾', '应急救援', '建标',
];

describe('the English report.md (--lang en)', () => {
  let md = '';
  let stdout = '';
  beforeAll(() => {
    const out = join(tmp(), 'out');
    const r = sim(['run', 'scenarios/multi-hazard.yaml', '--trials', '1500', '--workers', '1', '--out', out, '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    md = readFileSync(join(out, 'report.md'), 'utf8');
    stdout = r.stdout;
  }, 120_000);

  it('is English', () => {
    expect(md).toMatch(/## What was simulated/);
    expect(md).toMatch(/### Policy checks/);
    expect(stdout).toMatch(/Per year \(all events\):/);
  });

  it('has no Chinese beyond names and the official terms given alongside their English', () => {
    const names = datasetNames();
    // the policy checks' source column quotes the seeds in their own words: a citation, not prose
    const text = md
      .split('\n')
      .map((l) => (/^\| .* \| (?:PASS|FAIL|no data) \| seed /.test(l) ? l.slice(0, l.lastIndexOf('| seed ')) : l))
      .join('\n');
    const runs = [...body(text).matchAll(/[\u3400-\u9fff][\u3400-\u9fff\d()（）/、-]*/g)].map((m) => m[0].replace(/[()（）]+$/, ''));
    const left = runs.filter((r) => !names.has(r) && ![...names].some((n) => n.includes(r) || r.startsWith(n)) && !TERMS_ALONGSIDE.some((t) => r.startsWith(t)));
    expect(left).toEqual([]);
  });
});

describe('--lang', () => {
  it('zh and en are accepted on run (report in that language, stdout following it)', () => {
    const dir = tmp();
    const zh = sim(['run', 'scenarios/earthquake-m65-night.yaml', '--trials', '50', '--workers', '0', '--out', join(dir, 'zh'), '--lang', 'zh']);
    expect(zh.stderr).toBe('');
    expect(zh.status).toBe(0);
    expect(readFileSync(join(dir, 'zh', 'report.md'), 'utf8')).toMatch(/## 模拟内容/);
    expect(zh.stdout).toMatch(/救灾物资需求，最大一次事件：/);
    const en = sim(['run', 'scenarios/earthquake-m65-night.yaml', '--trials', '50', '--workers', '0', '--out', join(dir, 'en'), '--lang=en', '--quiet']);
    expect(en.status).toBe(0);
    expect(readFileSync(join(dir, 'en', 'report.md'), 'utf8')).toMatch(/## What was simulated/);
    // without --lang: the report in Chinese, the terminal in English
    const def = sim(['run', 'scenarios/earthquake-m65-night.yaml', '--trials', '50', '--workers', '0', '--out', join(dir, 'def')]);
    expect(readFileSync(join(dir, 'def', 'report.md'), 'utf8')).toMatch(/## 模拟内容/);
    expect(def.stdout).toMatch(/Relief demand, largest event:/);
  });

  const bad: [string, string[], RegExp][] = [
    ['an unknown language on run', ['run', 'scenarios/typhoon.yaml', '--lang', 'fr'], /^sim: --lang: expected a report language, one of: zh, en, found "fr"\n$/],
    ['an unknown language on compare', ['compare', '--scenario', 'scenarios/typhoon.yaml', 'plans', '--lang', 'EN'], /^sim: --lang: expected a report language, one of: zh, en, found "EN"\n$/],
    ['an unknown language on backtest', ['backtest', '--lang', 'cn'], /^sim: --lang: expected a report language, one of: zh, en, found "cn"\n$/],
    ['no value', ['run', 'scenarios/typhoon.yaml', '--lang'], /^sim: --lang: expected a report language \(zh or en\) after the flag, found nothing/],
    ['given twice', ['run', 'scenarios/typhoon.yaml', '--lang', 'zh', '--lang', 'en'], /^sim: --lang: expected a report language, one of: zh, en, given once, found 2 values: "zh", "en"\n$/],
    ['on a command without it', ['validate', 'scenarios/typhoon.yaml', '--lang', 'zh'], /^sim: --lang: unknown option; expected one of: /],
  ];
  for (const [what, args, pattern] of bad) {
    it(`rejects ${what} with one line naming the flag`, () => {
      const r = sim(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(pattern);
    });
  }
});
