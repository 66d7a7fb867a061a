/**
 * build-building-mix: writes the census-based building mix of the bundled regions
 * (datasets/weihai/building-mix.csv from Shandong, datasets/yueyang/building-mix.csv
 * from Hunan) from datasets/census (src/impact/census-mix.ts; docs/building-mix.md).
 *
 * Usage: node dist/src/tools/build-building-mix.js [repoRoot]
 * Deterministic: same tables → same bytes. Each row's shares are rounded to 5 decimals
 * and sum to exactly 1; the last column names the row's source.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { censusBuildingMix, loadCensusTables } from '../impact/census-mix.js';
import { BUILDING_STOCKS } from '../region/types.js';

export const REGION_PROVINCES: readonly { dir: string; province: string; name: string }[] = [
  { dir: 'weihai', province: 'Shandong', name: 'Weihai (威海市, Shandong)' },
  { dir: 'yueyang', province: 'Hunan', name: 'Yueyang County (岳阳县, Hunan)' },
];

function csvText(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function fmt(x: number): string {
  return x === 0 ? '0' : x.toFixed(5).replace(/0+$/, '').replace(/\.$/, '');
}

/** The building-mix.csv text of a province (first line a `# ` source comment). */
export function buildingMixCsv(province: string, regionName: string, censusDir?: string): string {
  const mix = censusBuildingMix(province, 2010, censusDir ? loadCensusTables(censusDir) : undefined);
  const lines = [
    `# Census building mix for ${regionName}: share of occupants by PAGER China building type. Residential rows from ${province} census households by load-bearing class mapped with datasets/census/census-to-pager.csv; non-residential rows PAGER national. Built by src/tools/build-building-mix.ts (npm run build:building-mix); sources and assumptions per row in the source column and docs/building-mix.md. Each row sums to 1.`,
    ['stock', ...mix.types, 'source'].join(','),
    ...BUILDING_STOCKS.map((s) => [s, ...mix.shares[s].map(fmt), csvText(mix.stockSource[s])].join(',')),
    '',
  ];
  return lines.join('\n');
}

function main(): void {
  const root = process.argv[2] ?? process.cwd();
  for (const r of REGION_PROVINCES) {
    const file = join(root, 'datasets', r.dir, 'building-mix.csv');
    writeFileSync(file, buildingMixCsv(r.province, r.name, join(root, 'datasets', 'census')));
    console.log(`wrote ${file}`);
  }
}

if (process.argv[1] && /build-building-mix\.(js|ts)$/.test(process.argv[1])) main();
