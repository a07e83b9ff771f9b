// The calibration a validation experiment simulates with: what `cachetopo calibrate` writes, measured
// the same way (CALIBRATION_REPEATS repetitions of every phase, their median), against a live
// redis-server right before the real measurement it is paired with. One repetition alone was tried
// first: on the 2-core VM its one-connection client busy time alternated between two levels about
// 25 % apart from one repetition to the next, and a replication that drew the high one simulated a
// latency that much above the real loop measured seconds later; the median of three takes the level
// most repetitions see. `phaseMs` is each repetition's phase: a calibration takes about 14 ×
// CALIBRATION_REPEATS × phaseMs (13 s at 3 × 333 ms on that VM before session 34 added the pipeline
// of one GET, a 13th phase a repetition). When the repetitions disagree more than calibrate accepts, the
// experiment's log says so (calibrate would have written nothing) and the median is still used.

import { CALIBRATION_REPEATS, summarizeCalibrations } from '../experiment/calibration-spread.js';
import { measureLiveRedis, type MeasureOptions } from '../experiment/measure-live-redis.js';
import { fitCalibration, type Calibration } from '../models/server/service-calibration.js';

/** The median calibration of `url`; `what` names the point in the log line about a spread calibrate would refuse. */
export async function liveCalibration(url: string, o: Omit<MeasureOptions, 'repeats'>, what: string, log: (line: string) => void): Promise<Calibration> {
  const summary = summarizeCalibrations((await measureLiveRedis(url, { ...o, repeats: CALIBRATION_REPEATS })).map(fitCalibration));
  if (summary.problems.length > 0) log(`${what}: calibrate would have written nothing: ${summary.problems.join('; ')}`);
  return summary.median;
}
