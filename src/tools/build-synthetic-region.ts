/**
 * build-synthetic-region: a SYNTHETIC province-sized region for scale tests (issue 14), made by
 * replicating a bundled region on a grid of copies, each shifted in latitude and longitude.
 *
 *   node dist/src/tools/build-synthetic-region.js [--from datasets/weihai] [--copies 25] [--out datasets/synthetic-province]
 *   npm run dataset:synthetic-province
 *
 * Default: 25 copies of Weihai (73 townships each) = 1,825 townships, 175 county-level units,
 * 69,200 village-level units, 72.7 million people: the size of a 16-city province. Copy k gets the
 * province code 98 (no real province has it) and city digits k + 1, so every code stays unique and
 * keeps its length; its names get "·k" (e.g. 环翠楼街道·07); its points move by a 5-column grid step
 * of 1.0° latitude and 1.3° longitude around the source. Everything else (populations, coastal flags
 * and distances, hazard attributes, holdings, building mix, the region's hazard parameters) is the
 * source's, copied: the geography is not real and the region must never be planned with. Its
 * region.yaml, SOURCES.md and every file's first line say so. Not committed (tens of MB): build it.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import YAML from 'yaml';

/** Grid of copies: columns per row, and the step between copies in degrees. */
const GRID_COLUMNS = 5;
const STEP_LAT = 1.0;
const STEP_LON = 1.3;
/** Province code of the copies: none exists (example-small uses 99). */
const PROVINCE = '98';

const SYNTHETIC_NOTE = (n: number, from: string) =>
  `# SYNTHETIC: ${n} shifted copies of ${from} built by src/tools/build-synthetic-region.ts for scale tests; codes (province 98), names and coordinates are invented, every other value is ${from}'s. Never plan with it.`;

interface Options {
  from: string;
  copies: number;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const opt: Options = { from: 'datasets/weihai', copies: 25, out: 'datasets/synthetic-province' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--from' && v) (opt.from = v), i++;
    else if (a === '--out' && v) (opt.out = v), i++;
    else if (a === '--copies' && v) {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`--copies: expected a whole number from 1 to 99, found ${JSON.stringify(v)}`);
      opt.copies = n;
      i++;
    } else throw new Error(`unknown argument ${JSON.stringify(a)}; usage: build-synthetic-region [--from DIR] [--copies N] [--out DIR]`);
  }
  return opt;
}

/** The source's city prefix (first 4 digits of its township codes), which each copy replaces. */
function cityPrefix(townshipCodes: string[], file: string): string {
  const prefixes = new Set(townshipCodes.map((c) => c.slice(0, 4)));
  if (prefixes.size !== 1 || !/^\d{4}$/.test([...prefixes][0])) throw new Error(`${file}: expected township codes of one city (same first 4 digits), found ${[...prefixes].slice(0, 5).join(', ')}`);
  return [...prefixes][0];
}

interface Copy {
  k: number;
  /** Replaces the source's city prefix at the start of any digit run (codes, and ids such as D-CTY-371002). */
  code: (s: string) => string;
  name: (s: string) => string;
  dLat: number;
  dLon: number;
}

function copyOf(k: number, prefix: string): Copy {
  const re = new RegExp(`(?<![0-9])${prefix}(?=[0-9]{2})`, 'g');
  const to = PROVINCE + String(k + 1).padStart(2, '0');
  const row = Math.floor(k / GRID_COLUMNS);
  const col = k % GRID_COLUMNS;
  return {
    k,
    code: (s) => s.replace(re, to),
    name: (s) => (s === '' ? s : `${s}·${String(k + 1).padStart(2, '0')}`),
    dLat: (row - 2) * STEP_LAT,
    dLon: (col - 2) * STEP_LON,
  };
}

/** Columns that hold a place's name (suffixed per copy); type_zh and similar kinds are not names. */
const NAME_COLUMNS = new Set(['name_zh', 'name_en', 'county_zh', 'county_en', 'legal_county_zh']);

interface Csv {
  comments: string[];
  header: string[];
  rows: string[][];
}

function readCsv(file: string): Csv {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const comments: string[] = [];
  while (lines.length > 0 && lines[0].startsWith('#')) comments.push(lines.shift()!);
  const records = parse(lines.join('\n'), { relax_column_count: false, skip_empty_lines: true, comment: '#' }) as string[][];
  if (records.length === 0) throw new Error(`${file}: expected a header row`);
  return { comments, header: records[0], rows: records.slice(1) };
}

function round5(x: number): string {
  return String(Math.round(x * 1e5) / 1e5);
}

/** Every copy's rows of one CSV, transformed column by column. */
function replicateCsv(src: string, dst: string, copies: Copy[], note: string): number {
  const t = readCsv(src);
  const out: string[][] = [];
  for (const c of copies) {
    for (const r of t.rows) {
      out.push(
        r.map((v, j) => {
          const col = t.header[j];
          if (v === '') return v;
          if (col === 'lat') return round5(Number(v) + c.dLat);
          if (col === 'lon') return round5(Number(v) + c.dLon);
          if (NAME_COLUMNS.has(col)) return c.name(v);
          return c.code(v);
        }),
      );
    }
  }
  const body = stringify([t.header, ...out]);
  writeFileSync(dst, [note, ...t.comments, ''].join('\n') + body);
  return out.length;
}

export function buildSyntheticRegion(opt: Options): { dir: string; townships: number; counties: number; villages: number; population: number } {
  const from = resolve(opt.from);
  const out = resolve(opt.out);
  const meta = YAML.parse(readFileSync(join(from, 'region.yaml'), 'utf8')) as { name: string; name_zh?: string; files?: Record<string, string> };
  const files = meta.files ?? {};
  const file = (key: string, dflt: string) => join(from, files[key] ?? dflt);
  const towns = readCsv(file('townships', 'townships.csv'));
  const prefix = cityPrefix(
    towns.rows.map((r) => r[towns.header.indexOf('code')]),
    file('townships', 'townships.csv'),
  );
  const copies = Array.from({ length: opt.copies }, (_, k) => copyOf(k, prefix));
  const note = SYNTHETIC_NOTE(opt.copies, basename(from));
  // built in a sibling folder and swapped in whole: a failed build leaves no half region behind
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'holdings'), { recursive: true });
  const counts: Record<string, number> = {};
  counts.townships = replicateCsv(file('townships', 'townships.csv'), join(tmp, 'townships.csv'), copies, note);
  const optional: [string, string, string][] = [
    ['counties', 'counties.csv', 'counties.csv'],
    ['villages', 'villages.csv', 'villages.csv'],
    ['hazard', 'hazard.csv', 'hazard.csv'],
  ];
  for (const [key, dflt, name] of optional) {
    const src = file(key, dflt);
    if (existsSync(src)) {
      const n = replicateCsv(src, join(tmp, name), copies, note);
      if (key !== 'hazard') counts[key] = n;
    }
  }
  const holdings = file('holdings', 'holdings');
  if (existsSync(holdings)) {
    for (const f of readdirSync(holdings).filter((x) => x.endsWith('.csv'))) replicateCsv(join(holdings, f), join(tmp, 'holdings', f), copies, note);
  }
  // copied as they are: shares and parameters, no codes
  const mix = file('building_mix', 'building-mix.csv');
  if (existsSync(mix)) writeFileSync(join(tmp, 'building-mix.csv'), `${note}\n${readFileSync(mix, 'utf8').replace(/^\uFEFF/, '')}`);
  const params = join(from, 'hazard-parameters.yaml');
  if (existsSync(params)) writeFileSync(join(tmp, 'hazard-parameters.yaml'), `${note}\n# The values below are ${basename(from)}'s, borrowed on purpose for a synthetic region (no region of its own to source them from).\n${readFileSync(params, 'utf8')}`);
  copyFileSync(file('items', '../items.csv'), join(tmp, 'items.csv'));
  const popCol = towns.header.indexOf('population');
  const latCol = towns.header.indexOf('lat');
  const lonCol = towns.header.indexOf('lon');
  let population = 0;
  let wLat = 0;
  let wLon = 0;
  for (const c of copies) {
    for (const r of towns.rows) {
      const p = Number(r[popCol]);
      population += p;
      wLat += p * (Number(r[latCol]) + c.dLat);
      wLon += p * (Number(r[lonCol]) + c.dLon);
    }
  }
  const region = {
    name: `Synthetic province (${opt.copies} × ${meta.name}, SYNTHETIC)`,
    name_zh: `合成省（${opt.copies} 个${meta.name_zh ?? meta.name}副本）`,
    description: `SYNTHETIC: ${opt.copies} copies of ${meta.name} shifted on a ${GRID_COLUMNS}-column grid (${STEP_LAT}° latitude × ${STEP_LON}° longitude): ${counts.townships} townships, ${population} people. For scale tests only; codes, names and coordinates are invented and every other value is ${meta.name}'s.`,
    source: `Built by src/tools/build-synthetic-region.ts from ${basename(from)}/ (see its SOURCES.md). Not a real region.`,
    files: {
      townships: 'townships.csv',
      ...(counts.counties !== undefined ? { counties: 'counties.csv' } : {}),
      ...(counts.villages !== undefined ? { villages: 'villages.csv' } : {}),
      items: 'items.csv',
      ...(existsSync(holdings) ? { holdings: 'holdings/' } : {}),
      ...(existsSync(join(tmp, 'hazard.csv')) ? { hazard: 'hazard.csv' } : {}),
      ...(existsSync(join(tmp, 'building-mix.csv')) ? { building_mix: 'building-mix.csv' } : {}),
    },
    reference_point: { lat: Math.round((wLat / population) * 1e5) / 1e5, lon: Math.round((wLon / population) * 1e5) / 1e5, method: 'population-weighted mean of the township lat/lon' },
    counts: { ...counts, population },
  };
  writeFileSync(join(tmp, 'region.yaml'), `${note}\n${YAML.stringify(region)}`);
  writeFileSync(
    join(tmp, 'SOURCES.md'),
    `# ${region.name}\n\n**SYNTHETIC.** ${region.description}\n\nBuilt by \`src/tools/build-synthetic-region.ts\` (\`npm run dataset:synthetic-province\`) from \`${basename(from)}/\`, whose SOURCES.md gives the sources of every value copied here. Copy *k* (1–${opt.copies}) replaces the city prefix ${prefix} of every code with ${PROVINCE}*kk*, appends ·*kk* to each place name and moves each point by (row − 2) × ${STEP_LAT}° latitude and (column − 2) × ${STEP_LON}° longitude (row, column = ⌊(k − 1)/${GRID_COLUMNS}⌋, (k − 1) mod ${GRID_COLUMNS}). Coastal flags, coast distances and hazard attributes are the source's, so they do not match the shifted points.\n`,
  );
  rmSync(out, { recursive: true, force: true });
  mkdirSync(dirname(out), { recursive: true });
  renameSync(tmp, out);
  return { dir: out, townships: counts.townships, counties: counts.counties ?? 0, villages: counts.villages ?? 0, population };
}

// run as a script (not when imported by a test)
if (process.argv[1] && resolve(process.argv[1]).replace(/\.ts$/, '.js') === resolve(new URL(import.meta.url).pathname).replace(/\.ts$/, '.js')) {
  try {
    const r = buildSyntheticRegion(parseArgs(process.argv.slice(2)));
    process.stdout.write(`${r.dir}: ${r.townships} townships, ${r.counties} county-level units, ${r.villages} village-level units, ${r.population} people (SYNTHETIC)\n`);
  } catch (e) {
    process.stderr.write(`build-synthetic-region: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
