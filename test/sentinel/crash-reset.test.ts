// A Sentinel client after its master's process died: the host resets the client's connections and
// refuses new ones, and the client asks the sentinels where the master is at the reset and at the
// first refusal in a row, not at every refusal of the dead master's pool, whose connections keep
// trying with their backoff for the rest of the run.

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { NET_MESSAGE, Purpose, type NetMessage } from '../../models/signals.js';

describe('a Sentinel client whose master crashed', () => {
  it('sends no more Sentinel traffic after the failover than before the crash (the sentinels\' own pings and hellos)', () => {
    const { scenario } = loadScenario('scenarios/sentinel-vs-cluster-failover.yaml', ['faults=[{at: 20s, crash: sentinel/primary}]']);
    const run = buildRun(scenario, 0, scenario.seed);
    const before = { n: 0 };
    const after = { n: 0 };
    run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
      if (m.purpose !== Purpose.sentinel) return;
      const s = run.engine.now / 1e9;
      if (s >= 10 && s < 20) before.n++;
      else if (s >= 30 && s < 40) after.n++;
    });
    run.start();
    run.engine.run({ untilNs: run.endNs });
    expect(before.n).toBeGreaterThan(100);
    expect(after.n).toBeLessThan(1.5 * before.n);
  });
});
