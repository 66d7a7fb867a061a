/** depots.geojson for `sim run`: the depots and holdings come from plan/ (output/ only formats them). */
import type { Item } from '../demand/catalogue.js';
import { depotsGeoJson } from '../output/geojson.js';
import { currentHoldings, loadDepots } from '../plan/holdings.js';
import type { SizedPlan } from '../plan/pipeline.js';
import type { Region } from '../region/types.js';

/**
 * The sized plan's depots and holdings, or without optimize: the region's depots and current
 * holdings; null (no file) when the region has no readable depot table.
 */
export function depotLayer(region: Region, items: readonly Item[], sized: SizedPlan | undefined): string | null {
  if (sized) return depotsGeoJson(sized.depots, items, sized.current, sized.sizing.plan);
  try {
    const depots = loadDepots(region);
    return depotsGeoJson(depots, items, currentHoldings(region, depots, [...items]), null);
  } catch {
    return null; // a region without holdings (or with a table only `optimize:` checks): no depots on the map
  }
}
