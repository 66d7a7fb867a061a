/** The hazards a scenario can name. */
import { InputError } from '../core/errors.js';
import { typhoonModule } from './typhoon/index.js';
import { HAZARD_TYPES, type HazardModule, type HazardType } from './types.js';

const MODULES: Record<HazardType, HazardModule> = {
  typhoon: typhoonModule,
};

export function hazardModule(type: string): HazardModule {
  const m = (MODULES as Record<string, HazardModule>)[type];
  if (!m) throw new InputError(`unknown hazard type "${type}"; expected one of: ${HAZARD_TYPES.join(', ')}`);
  return m;
}
