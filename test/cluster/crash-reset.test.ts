// A crash fault as the clients see it: the host of the dead process resets their connections and
// refuses new ones, so the requests for its slots fail as `disconnected` within milliseconds of the
// crash. With a 1 s timeout and no retries, a request on a connection that was not reset (as every
// connection was before session 39) would fail as a timeout a second later.

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';

describe('a crashed cluster node\'s clients', () => {
  it('fail more than 100 requests as disconnected within 20 ms of the crash, and none as a timeout in the next 2 s', () => {
    const { scenario } = loadScenario('scenarios/failover-under-load.yaml', [
      'duration=8s', 'warmup=1s', 'drain=0.5s', 'faults=[{at: 6s, crash: cluster/primary-0}]', 'timeSeries={bucket: 10ms}',
      'workload.clients.timeout=1s', 'workload.clients.retries=0',
    ]);
    const run = buildRun(scenario, 0, scenario.seed);
    run.start();
    run.engine.run({ untilNs: run.endNs });
    const ts = run.collectors.result().timeSeries;
    const crashBucket = ts.startS.indexOf(6);
    expect(ts.errors.slice(0, crashBucket).every((n) => n === 0)).toBe(true);
    expect(ts.errorsByKind.disconnected![crashBucket]! + ts.errorsByKind.disconnected![crashBucket + 1]!).toBeGreaterThan(100);
    // Requests can wait a whole timeout for a refused connection only once its doubling backoff has
    // grown to a second (refusals at 6.63 and 7.27 s, then every second): not before 8 s.
    const timeouts = (ts.errorsByKind.timeout ?? []).slice(0, ts.startS.indexOf(8));
    expect(timeouts).toEqual(new Array(timeouts.length).fill(0));
  });
});
