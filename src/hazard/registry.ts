/** The hazards a scenario can name. */
import { InputError } from '../core/errors.js';
import { earthquakeModule } from './earthquake/index.js';
import { fireModule } from './fire/index.js';
import { floodModule } from './flood/index.js';
import { typhoonModule } from './typhoon/index.js';
import type { HazardModule, HazardType } from './types.js';

const MODULES: Partial<Record<HazardType, HazardModule>> = {
  typhoon: typhoonModule,
  earthquake: earthquakeModule,
  fire: fireModule,
  flood: floodModule,
};

export function hazardTypes(): string[] {
  return Object.keys(MODULES);
}

export function hazardModule(type: string): HazardModule {
  const m = (MODULES as Record<string, HazardModule>)[type];
  if (!m) throw new InputError(`unknown hazard type "${type}"; expected one of: ${hazardTypes().join(', ')}`);
  return m;
}
