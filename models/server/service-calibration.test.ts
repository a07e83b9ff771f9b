import { describe, expect, it } from 'vitest';
import { fitCalibration, MIN_ONE_WAY_NS } from './service-calibration.js';

describe('fitCalibration', () => {
  // A server whose true costs are request 3000, command 500, perKey 200, perKB 100 ns: the five
  // shapes' CPU per request follow from the cost model, and the fit must give the costs back.
  const truth = { request: 3000, command: 500, perKey: 200, perKB: 100 };
  const k = 20;
  const small = 0.5;
  const large = 16;
  const shape = (commands: number, keys: number, kb: number) => truth.request + commands * truth.command + keys * truth.perKey + kb * truth.perKB;

  it('recovers request, command, perKey and perKB exactly from the shapes the cost model predicts', () => {
    const c = fitCalibration({
      getSmallNs: shape(1, 1, small), mgetNs: shape(1, k, k * small), pipelineNs: shape(k, k, k * small), getLargeNs: shape(1, 1, large),
      pingNs: 3500, width: k, smallKB: small, largeKB: large, pingRttNs: 20_000, clientCpuNs: 12_000,
    });
    expect(c.requestNs).toBeCloseTo(3000, 6);
    expect(c.commandNs).toBeCloseTo(500, 6);
    expect(c.perKeyNs).toBeCloseTo(200, 6);
    expect(c.perKBNs).toBeCloseTo(100, 6);
    expect(c.requestCpuNs + c.replyCpuNs + c.offPathCpuNs).toBeCloseTo(12_000, 6);
    expect(c.oneWayNs).toBeCloseTo((20_000 - 3500 - 12_000) / 2, 6);
  });

  it('moves the client CPU the round trip cannot hold off the critical path, leaving the least one-way latency', () => {
    const c = fitCalibration({
      getSmallNs: 4000, mgetNs: 9000, pipelineNs: 18_000, getLargeNs: 5500, pingNs: 3000, width: k, smallKB: small, largeKB: large,
      pingRttNs: 15_000, clientCpuNs: 20_000,
    });
    expect(c.requestCpuNs + c.replyCpuNs).toBeCloseTo(15_000 - 3000 - 2 * MIN_ONE_WAY_NS, 6);
    expect(c.offPathCpuNs).toBeCloseTo(20_000 - (15_000 - 3000 - 2 * MIN_ONE_WAY_NS), 6);
    expect(c.oneWayNs).toBe(MIN_ONE_WAY_NS);
  });
});
