// Whether a calibration can be trusted: `cachetopo calibrate` measures every phase several times
// and fits each repetition on its own (models/server/service-calibration.ts). What it writes is the
// median of each fitted value; what it judges is how far the repetitions disagree, as the relative
// range (max − min) / median, and whether a cost the mechanism needs above zero came out at zero or
// below in any repetition (the fit clamps a negative difference to 0: a per-key or per-KB cost of 0
// means the two shapes it is the difference of were not told apart).
// Tolerance: CALIBRATION_SPREAD_TOLERANCE (25 %) on every fitted value except five whose spread
// is reported, not judged: the event loop's per-turn CPU, a small difference of two busy times that
// may be 0, and the part of it after the callbacks (a smaller difference still); its GC pauses, a few tens a repetition (a count's own noise is tens of per cent);
// the client's CPU per pipeline object, the small difference of two busy times of one command each
// (ioredis ≈ 15 µs on ≈ 30; a library whose pipelines cost nothing more has 0: 41–119 % apart over
// 3 repetitions of 400 ms phases at 8 connections on this project's VM); and
// freshMemoryPerKB, a small difference where page faults are cheap (bare metal), legitimately near 0.
// The event loop's turnCpu and tailCpu are medians of their own, so their sum may differ from the
// median of the repetitions' whole turns (each repetition's fit keeps its own sum).
// The GC values are combined as a rate: the written `every` is 1 / the median of the repetitions'
// pauses per ns of work (a repetition without a pause counts as rate 0, and `every` is 0, no pause,
// when that median is 0), and `pause` the median of the repetitions that saw pauses.
// Measured on the 2-core VM this project is developed on, with nothing else running (load average
// 1.3–1.4, calibrate's own client and server), the spreads over 3 repetitions were
// 2–59 % (server.cost.request 22 % and 33 %, perKB 2 % and 16 %, perKey 38 % and 59 %), so calibrate
// refused to write; its wall times drift by tens of per cent over seconds (docs/validation.md).

import { max, median, min } from 'd3-array';
import type { Calibration } from '../models/server/service-calibration.js';

export const CALIBRATION_SPREAD_TOLERANCE = 0.25;
/** How many times `cachetopo calibrate` measures every phase unless told otherwise (--repeats). */
export const CALIBRATION_REPEATS = 3;

/** The repetitions' median GC pauses per ns of callback CPU (a repetition without a pause counts as 0). */
const gcRate = (fits: readonly Calibration[]): number => median(fits.map((fit) => (fit.gcEveryNs > 0 ? 1 / fit.gcEveryNs : 0)))!;

/** Each fitted value, named as the scenario field it sets; `combine` replaces the median of the repetitions. */
const FIELDS: readonly { key: keyof Calibration; name: string; positive: boolean; judged: boolean; combine?: (fits: readonly Calibration[]) => number }[] = [
  { key: 'requestNs', name: 'server.cost.request', positive: true, judged: true },
  { key: 'writeNs', name: 'server.cost.write', positive: true, judged: true },
  { key: 'commandNs', name: 'server.cost.command', positive: true, judged: true },
  { key: 'perKeyNs', name: 'server.cost.perKey', positive: true, judged: true },
  { key: 'perKBNs', name: 'server.cost.perKB', positive: true, judged: true },
  { key: 'migrateNs', name: 'server.cost.migrate', positive: true, judged: true },
  { key: 'dumpPerKeyNs', name: 'server.cost.dumpPerKey', positive: true, judged: true },
  { key: 'dumpPerKBNs', name: 'server.cost.dumpPerKB', positive: true, judged: true },
  { key: 'restorePerKeyNs', name: 'server.cost.restorePerKey', positive: true, judged: true },
  { key: 'restorePerKBNs', name: 'server.cost.restorePerKB', positive: true, judged: true },
  { key: 'freshMemoryPerKBNs', name: 'server.cost.freshMemoryPerKB', positive: false, judged: false },
  { key: 'requestCpuNs', name: 'clients.requestCpu', positive: true, judged: true },
  { key: 'replyCpuNs', name: 'clients.replyCpu', positive: true, judged: true },
  { key: 'commandCpuNs', name: 'clients.commandCpu', positive: true, judged: true },
  { key: 'keyCpuNs', name: 'clients.keyCpu', positive: true, judged: true },
  { key: 'pipelineCpuNs', name: 'clients.pipelineCpu', positive: false, judged: false },
  { key: 'messageCpuNs', name: 'clients.messageCpu', positive: false, judged: false },
  { key: 'turnCpuNs', name: 'clients.eventLoop.turnCpu', positive: false, judged: false },
  { key: 'tailCpuNs', name: 'clients.eventLoop.tailCpu', positive: false, judged: false },
  {
    key: 'gcEveryNs', name: 'clients.eventLoop.gc.every', positive: false, judged: false,
    combine: (fits) => {
      const rate = gcRate(fits);
      return rate > 0 ? 1 / rate : 0;
    },
  },
  {
    key: 'gcPauseNs', name: 'clients.eventLoop.gc.pause', positive: false, judged: false,
    combine: (fits) => (gcRate(fits) > 0 ? median(fits.filter((fit) => fit.gcEveryNs > 0).map((fit) => fit.gcPauseNs))! : 0),
  },
  { key: 'oneWayNs', name: 'network.latency.sameZone (median)', positive: true, judged: true },
];

export interface FittedSpread {
  name: string;
  medianNs: number;
  minNs: number;
  maxNs: number;
  /** (max − min) / median; 0 when every repetition gave the same value. */
  spread: number;
}

export interface CalibrationSummary {
  /** The median of every fitted value over the repetitions. */
  median: Calibration;
  spreads: FittedSpread[];
  /** Why the calibration cannot be trusted, one sentence each; empty when it can. */
  problems: string[];
}

const nsText = (v: number) => `${Math.round(v).toLocaleString('en-US')} ns`;

export function summarizeCalibrations(fits: readonly Calibration[]): CalibrationSummary {
  if (fits.length === 0) throw new RangeError('no calibration to summarize');
  const spreads: FittedSpread[] = [];
  const problems: string[] = [];
  const medianFit = { ...fits[0]! };
  for (const f of FIELDS) {
    const values = fits.map((fit) => fit[f.key]);
    const mid = f.combine ? f.combine(fits) : median(values)!;
    const lo = min(values)!;
    const hi = max(values)!;
    const spread = hi === lo ? 0 : mid > 0 ? (hi - lo) / mid : Infinity;
    medianFit[f.key] = mid;
    spreads.push({ name: f.name, medianNs: mid, minNs: lo, maxNs: hi, spread });
    if (f.positive && lo <= 0) problems.push(`${f.name} came out ${nsText(lo)} in a repetition, and the mechanism needs it above 0`);
    else if (f.judged && spread > CALIBRATION_SPREAD_TOLERANCE) {
      problems.push(`${f.name} disagrees by ${Math.round(spread * 100)} % over ${fits.length} repetitions (${nsText(lo)} to ${nsText(hi)}), more than ${CALIBRATION_SPREAD_TOLERANCE * 100} %`);
    }
  }
  return { median: medianFit, spreads, problems };
}
