// Latency histograms with bounded memory: HdrHistogram with 3 significant digits (≤ 0.1 % value
// error), values in integer nanoseconds, auto-resizing. Encoded in HdrHistogram's compressed base64
// form so replications merge exactly; merged by adding counts; read as a percentile spectrum by
// HdrHistogram's own percentile iteration (the points of its .hgrm output and plots).

import * as hdr from 'hdr-histogram-js';

export type LatencyHistogram = hdr.Histogram;

export function newLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 2 ** 40,
    numberOfSignificantValueDigits: 3, useWebAssembly: false,
  });
}

export function encodeHistogram(h: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

let emptyEncoded: string | null = null;

/** The encoding of a histogram that recorded nothing, made once (a server that served no command needs no counts array of its own: about 250 KB). */
export function emptyHistogram(): string {
  emptyEncoded ??= encodeHistogram(newLatencyHistogram());
  return emptyEncoded;
}

export function decodeHistogram(base64: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(base64, 64, false);
}

/** The sum of encoded histograms (e.g. of all replications). */
export function mergeHistograms(encoded: readonly string[]): LatencyHistogram {
  const h = newLatencyHistogram();
  for (const e of encoded) h.add(decodeHistogram(e));
  return h;
}

export interface SpectrumPoint {
  /** Percentile level, in [0, 100). */
  percentile: number;
  valueNs: number;
}

/**
 * The value at percentile levels from 0 % toward 100 %, `ticksPerHalfDistance` levels per halving of
 * the distance to 100 % (HdrHistogram's PercentileIterator, as outputPercentileDistribution), until
 * the highest recorded value; the final 100 % level (infinitely far on a 1/(1−p) axis) is left out.
 */
export function percentileSpectrum(h: LatencyHistogram, ticksPerHalfDistance = 5): SpectrumPoint[] {
  if (!(h instanceof hdr.JsHistogram)) throw new Error('percentileSpectrum needs a JavaScript HdrHistogram');
  const points: SpectrumPoint[] = [];
  if (h.totalCount === 0) return points;
  const iterator = h.percentileIterator;
  iterator.reset(ticksPerHalfDistance);
  while (iterator.hasNext()) {
    const v = iterator.next();
    if (v.percentileLevelIteratedTo < 100) points.push({ percentile: v.percentileLevelIteratedTo, valueNs: v.valueIteratedTo });
  }
  return points;
}
