import { describe, expect, it } from 'vitest';
import type { Calibration } from '../models/server/service-calibration.js';
import { summarizeCalibrations } from './calibration-spread.js';

const fit = (over: Partial<Calibration> = {}): Calibration => ({
  requestNs: 4000, writeNs: 800, commandNs: 600, perKeyNs: 120, perKBNs: 90, migrateNs: 30_000, dumpPerKeyNs: 3000, dumpPerKBNs: 2500, restorePerKeyNs: 900, restorePerKBNs: 800, freshMemoryPerKBNs: 2900, requestCpuNs: 9000, replyCpuNs: 9000, turnCpuNs: 3000, tailCpuNs: 0, commandCpuNs: 5000, keyCpuNs: 2000, pipelineCpuNs: 15_000, messageCpuNs: 4000, gcEveryNs: 40e6, gcPauseNs: 1.2e6, oneWayNs: 12_000, ...over,
});

describe('summarizeCalibrations', () => {
  it('sets the median of each fitted value and accepts repetitions that agree within 25 %', () => {
    const s = summarizeCalibrations([fit({ requestNs: 4100 }), fit({ requestNs: 3900 }), fit({ requestNs: 4000 })]);
    expect(s.median.requestNs).toBe(4000);
    expect(s.spreads.find((x) => x.name === 'server.cost.request')).toEqual({ name: 'server.cost.request', medianNs: 4000, minNs: 3900, maxNs: 4100, spread: 0.05 });
    expect(s.problems).toEqual([]);
  });

  it('refuses repetitions that disagree as two back-to-back runs on a busy machine did (100,183 and 48,079 ns)', () => {
    const s = summarizeCalibrations([fit({ requestNs: 100_183 }), fit({ requestNs: 48_079 })]);
    expect(s.problems).toEqual(['server.cost.request disagrees by 70 % over 2 repetitions (48,079 ns to 100,183 ns), more than 25 %']);
  });

  it('refuses a per-key or per-KB cost fitted to 0 in any repetition, however well the others agree', () => {
    const s = summarizeCalibrations([fit(), fit({ perKeyNs: 0 }), fit()]);
    expect(s.problems).toEqual(['server.cost.perKey came out 0 ns in a repetition, and the mechanism needs it above 0']);
  });

  it('combines the GC pauses as a rate: a repetition without a pause lowers it, and the pause is the median of those that paused', () => {
    const s = summarizeCalibrations([fit({ gcEveryNs: 0, gcPauseNs: 0 }), fit({ gcEveryNs: 40e6, gcPauseNs: 1e6 }), fit({ gcEveryNs: 20e6, gcPauseNs: 3e6 })]);
    expect(s.median.gcEveryNs).toBe(40e6);
    expect(s.median.gcPauseNs).toBe(2e6);
    expect(s.spreads.find((x) => x.name === 'clients.eventLoop.gc.every')!.medianNs).toBe(40e6);
    expect(s.problems).toEqual([]);
    const none = summarizeCalibrations([fit({ gcEveryNs: 0, gcPauseNs: 0 }), fit({ gcEveryNs: 0, gcPauseNs: 0 }), fit()]);
    expect([none.median.gcEveryNs, none.median.gcPauseNs]).toEqual([0, 0]);
  });

  it('reports but does not judge freshMemoryPerKB, which is near 0 where page faults are cheap', () => {
    const s = summarizeCalibrations([fit({ freshMemoryPerKBNs: 0 }), fit({ freshMemoryPerKBNs: 300 }), fit()]);
    expect(s.problems).toEqual([]);
  });

  it('reports but does not judge the event loop\'s per-turn CPU, which may be 0', () => {
    const s = summarizeCalibrations([fit({ turnCpuNs: 0 }), fit({ turnCpuNs: 2000 })]);
    expect(s.spreads.find((x) => x.name === 'clients.eventLoop.turnCpu')!.spread).toBe(2);
    expect(s.problems).toEqual([]);
  });

  it('reports but does not judge the client\'s CPU per pipeline object, which may be 0', () => {
    const s = summarizeCalibrations([fit({ pipelineCpuNs: 0 }), fit({ pipelineCpuNs: 15_000 }), fit({ pipelineCpuNs: 5000 })]);
    expect(s.median.pipelineCpuNs).toBe(5000);
    expect(s.spreads.find((x) => x.name === 'clients.pipelineCpu')!.spread).toBe(3);
    expect(s.problems).toEqual([]);
  });
});
