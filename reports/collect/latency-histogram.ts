// Latency histograms with bounded memory: HdrHistogram with 3 significant digits (≤ 0.1 % value
// error), values in integer nanoseconds, auto-resizing. Encoded in HdrHistogram's compressed base64
// form so replications merge exactly.

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

export function decodeHistogram(base64: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(base64, 64, false);
}
