/**
 * Writes the bundled example plans for a region (plans/<region>-*.yaml):
 * its current (illustrative) holdings, and two variants for sim compare —
 * double the county warehouses' stock, and village points holding as much
 * again as the township stations. Run: node dist/src/tools/example-plans.js datasets/weihai plans weihai
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../demand/catalogue.js';
import { planYaml } from '../output/plan-output.js';
import { currentHoldings, loadDepots } from '../plan/holdings.js';
import type { Plan } from '../plan/types.js';
import { loadRegion } from '../region/load.js';
import { regionAttributes } from '../hazard/registry.js';

const [regionDir, outDir, prefix] = process.argv.slice(2);
if (!regionDir || !outDir || !prefix) {
  process.stderr.write('usage: example-plans <region dir> <out dir> <file prefix>\n');
  process.exit(2);
}
const region = loadRegion(regionDir, regionAttributes());
const items = loadCatalogue(region.itemsFile);
const depots = loadDepots(region);
const current = currentHoldings(region, depots, items);
current.name = 'current holdings (illustrative)';
current.note = 'the illustrative holdings of the dataset (holdings/stock.csv, teams.csv, shelters.csv): not real figures';
const tier = new Map(depots.map((d) => [d.id, d]));

const moreCounty: Plan = structuredClone(current);
moreCounty.name = 'more county stock';
moreCounty.note = 'current holdings with the stock of every county warehouse doubled';
for (const [id, byItem] of Object.entries(moreCounty.stock)) if (tier.get(id)?.tier === 'county') for (const k of Object.keys(byItem)) byItem[k] *= 2;

const moreVillage: Plan = structuredClone(current);
moreVillage.name = 'more village stock';
moreVillage.note = "current holdings plus, at each township's village points, as much stock again as its township station holds";
for (const d of depots) {
  if (d.tier !== 'village') continue;
  const station = depots.find((x) => x.tier === 'township' && x.townshipCode === d.townshipCode);
  const s = station ? current.stock[station.id] : undefined;
  if (s) moreVillage.stock[d.id] = { ...s };
}

for (const [name, plan] of [['current', current], ['more-county', moreCounty], ['more-village', moreVillage]] as const) {
  const f = join(outDir, `${prefix}-${name}.yaml`);
  writeFileSync(f, planYaml(plan));
  process.stdout.write(`wrote ${f}\n`);
}
