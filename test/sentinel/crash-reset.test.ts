// A Sentinel client after its master's process died: the host resets the client's connections and
// refuses new ones. The client asks the sentinels where the master is at the reset and at each
// refused handshake to the master it knows, so it finds the promoted replica once the sentinels
// have failed over; after that, the refusals of the dead master's pool, whose connections keep
// trying with their backoff for the rest of the run, ask nothing.

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { NET_MESSAGE, Outcome, Purpose, REQUEST_DONE, type NetMessage, type RequestDone } from '../../models/signals.js';

describe('a Sentinel client whose master crashed', () => {
  it('is served by the promoted replica after the failover, and then adds no questions to the sentinels\' traffic: at most half again what it was before the crash', () => {
    const { scenario } = loadScenario('scenarios/sentinel-vs-cluster-failover.yaml', ['faults=[{at: 20s, crash: sentinel/primary}]']);
    const run = buildRun(scenario, 0, scenario.seed);
    const sentinelMessages = { before: 0, after: 0 };
    const late = { ok: 0, all: 0 };
    run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
      if (m.purpose !== Purpose.sentinel) return;
      const s = run.engine.now / 1e9;
      if (s >= 10 && s < 20) sentinelMessages.before++;
      else if (s >= 30 && s < 40) sentinelMessages.after++;
    });
    run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => {
      if (r.startNs < 30e9 || r.startNs >= 40e9) return;
      late.all++;
      if (r.outcome === Outcome.ok) late.ok++;
    });
    run.start();
    run.engine.run({ untilNs: run.endNs });
    expect(late.all).toBeGreaterThan(40_000);
    expect(late.ok / late.all).toBeGreaterThan(0.99);
    expect(sentinelMessages.before).toBeGreaterThan(100);
    expect(sentinelMessages.after).toBeLessThan(1.5 * sentinelMessages.before);
  });
});
