/**
 * Intensity at each site of one event: what a hazard kernel writes and an
 * impact model reads. Measures are declared by the hazard (name and unit, in
 * field order); values are measure-major, so measure m at site i is
 * values[m · nSites + i] and a measure's column is one contiguous subarray.
 */
export interface IntensityMeasure {
  name: string;
  unit: string;
  description: string;
}

export class IntensityField {
  /** Measure-major values: nMeasures × nSites. */
  readonly values: Float64Array;
  /** Event-level values (e.g. the local hour), in the hazard's declared order. */
  readonly event: Float64Array;

  constructor(
    readonly nSites: number,
    readonly nMeasures: number,
    nEventValues = 0,
  ) {
    this.values = new Float64Array(nSites * nMeasures);
    this.event = new Float64Array(nEventValues);
  }

  /** The column of measure m (a view: no copy). */
  measure(m: number): Float64Array {
    return this.values.subarray(m * this.nSites, (m + 1) * this.nSites);
  }
}
