/**
 * The input of the C reference kernel (bench/reference/typhoon.c), written
 * from a compiled scenario so that C and sim read the same region and the
 * same parameters: the typhoon parameters as TyphoonKernel and TyphoonImpact
 * resolve them, then one line per township (local x, y in km, latitude,
 * distance inland, population, coastal flag). Nothing about the region is
 * built into the C code.
 *
 * The C port covers one annual typhoon entry without the rain-flood chain
 * and without given event fields; any other scenario is refused.
 *
 *   node dist/bench/reference/export.js SCENARIO.yaml OUT.txt
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSpec } from '../../src/engine/spec.js';
import type { TyphoonParams } from '../../src/hazard/typhoon/params.js';
import { compileScenario } from '../../src/scenario/compile.js';

/** The chain-less typhoon scenario `npm run bench:c` and the parity test use, relative to the repository root. */
export const REFERENCE_SCENARIO = 'bench/scenarios/typhoon-no-chain.yaml';

/** The latitudes between which TyphoonKernel interpolates the inland decay (fixed in its constructor, not parameters). */
const DECAY_LAT_SOUTH = 36;
const DECAY_LAT_NORTH = 40;

/** Why the C port cannot run this spec, or null when it can. */
export function unsupported(spec: RunSpec): string | null {
  if (spec.hazards.length !== 1 || spec.hazards[0].type !== 'typhoon') return `expected one typhoon hazard, found ${spec.hazards.map((h) => h.type).join(', ') || 'none'}`;
  const h = spec.hazards[0];
  if (h.mode !== 'annual') return `expected mode: annual, found ${h.mode}`;
  if (h.event && Object.keys(h.event).length > 0) return `expected no given event fields, found ${Object.keys(h.event).join(', ')}`;
  if (h.settings?.chainFlood) return 'the C port has no rain-flood chain: use a scenario without chain: (e.g. ' + REFERENCE_SCENARIO + ')';
  return null;
}

/** Compile a scenario as `sim run` does and check that the C port covers it. */
export function referenceSpec(scenarioFile: string, trials?: number): RunSpec {
  const spec = compileScenario(resolve(scenarioFile), { trials }).spec;
  const why = unsupported(spec);
  if (why) throw new Error(`${scenarioFile}: not supported by the C reference kernel: ${why}`);
  return spec;
}

const num = (x: number): string => {
  if (!Number.isFinite(x)) throw new Error(`C reference input: non-finite number ${x}`);
  return String(x); // shortest round-trip representation: strtod reads back the same double
};

/** The C kernel's input file, as text. */
export function referenceInput(spec: RunSpec): string {
  const why = unsupported(spec);
  if (why) throw new Error(`not supported by the C reference kernel: ${why}`);
  const p = spec.hazards[0].params as TyphoonParams;
  const r = spec.region;
  const cum: number[] = [];
  let acc = 0;
  for (const q of p.classProbabilities) cum.push((acc += q));
  cum[4] = 1; // as TyphoonKernel
  const lines = [
    'sim-typhoon-reference',
    'version 1',
    `n ${r.n}`,
    `rate ${num(p.rate)}`,
    `cumulative ${cum.map(num).join(' ')}`,
    `classLowerBoundsMs ${p.classLowerBoundsMs.map(num).join(' ')}`,
    `superTyphoonMaxMs ${num(p.superTyphoonMaxMs)}`,
    `offsetHalfWidthKm ${num(p.offsetHalfWidthKm)}`,
    `heading ${num(p.headingMeanDeg)} ${num(p.headingSdDeg)}`,
    `rmax ${num(p.rmaxMedianKm)} ${num(p.rmaxSigmaLn)}`,
    `vortexExponent ${num(p.vortexExponent)}`,
    `windCutoffMs ${num(p.windCutoffMs)}`,
    `decay ${[p.decayAlphaSouthPerH, p.decayVbSouthMs, p.decayAlphaNorthPerH, p.decayVbNorthMs, DECAY_LAT_SOUTH, DECAY_LAT_NORTH, p.translationSpeedKmh].map(num).join(' ')}`,
    `impact ${[p.vHalfMs, p.vThreshMs, p.evacuationStartMs, p.evacuationFullMs, p.exposedShareCoastal, p.exposedShareInland, p.personsPerHousehold].map(num).join(' ')}`,
    'townships',
  ];
  for (let i = 0; i < r.n; i++) {
    lines.push(`${num(r.xKm[i])} ${num(r.yKm[i])} ${num(r.lat[i])} ${num(r.coastDistKm[i])} ${num(r.population[i])} ${r.coastal[i] ? 1 : 0}`);
  }
  lines.push('end', '');
  return lines.join('\n');
}

export function writeReferenceInput(spec: RunSpec, file: string): string {
  writeFileSync(file, referenceInput(spec));
  return file;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [scenario, out] = process.argv.slice(2);
  if (!scenario || !out) {
    console.error('usage: node dist/bench/reference/export.js SCENARIO.yaml OUT.txt');
    process.exit(2);
  }
  writeReferenceInput(referenceSpec(scenario), out);
  console.log(`wrote ${out}`);
}
