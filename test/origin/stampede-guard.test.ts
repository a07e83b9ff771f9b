import { describe, expect, it } from 'vitest';
import { EarlyRefresh } from '../../models/origin/early-refresh.js';
import { Op, ORIGIN_QUERY, Outcome, type OriginQuery } from '../../models/signals.js';
import { lockCommandBytes, setCommandBytes, unlockCommandBytes } from '../../models/workload/wire-sizes.js';
import { LATENCY_NS, SERVICE_NS, tierHarness, type TierOptions } from '../sharded/tier-harness.js';

const ORIGIN_NS = 2e6;
const POLL_NS = 5e6;
const SINGLE = { kind: 'single', server: { serviceTime: '10us', replies: 'per-command' } };
const LOCK = { lock: { ttl: 1e9, poll: POLL_NS }, early: null };
const KEY = 7;

function run(protection: TierOptions['protection'], options: { preloadTtl?: string } = {}) {
  const h = tierHarness(SINGLE, { hosts: 2, readThrough: true, protection, workload: options.preloadTtl ? { preloadTtl: options.preloadTtl } : {} });
  const queries: OriginQuery[] = [];
  h.bus.signal<OriginQuery>(ORIGIN_QUERY).subscribe((q) => queries.push({ ...q }));
  return { ...h, queries };
}

const gets = (h: ReturnType<typeof run>) => h.done.filter((d) => d.op === Op.get).sort((a, b) => a.endNs - b.endNs).map((d) => [d.outcome, d.endNs - d.startNs, d.hits]);
const ops = (h: ReturnType<typeof run>, op: number) => h.done.filter((d) => d.op === op).map((d) => [d.outcome, d.hits]);

describe('stampede protection: a lock before the origin (SET lock:{key} NX PX)', () => {
  it('lets one of two hosts that miss a key together read the origin; the other polls and finds the value written back, exactly', () => {
    const h = run(LOCK);
    h.issue(0, [KEY], 0);
    h.issue(0, [KEY], 1);
    h.engine.run({ untilNs: 1e9 });
    const rtt = 2 * LATENCY_NS + SERVICE_NS;
    // Host 0: GET (miss), lock (taken), origin, answer. Host 1: its GET and lock queue 10 µs behind host 0's; the lock is refused, it waits poll, GETs again and hits.
    expect(gets(h)).toEqual([
      [Outcome.ok, rtt + rtt + 2 * LATENCY_NS + ORIGIN_NS, 0],
      [Outcome.ok, (rtt + SERVICE_NS) + rtt + POLL_NS + rtt, 0],
    ]);
    expect(h.queries).toHaveLength(1);
    expect(ops(h, Op.lock)).toEqual([[Outcome.ok, 0], [Outcome.ok, 0]]);
    expect(ops(h, Op.poll)).toEqual([[Outcome.ok, 1]]);
    // The write-back carries the SET and the lock's DEL, in one request.
    expect(ops(h, Op.populate)).toEqual([[Outcome.ok, 0]]);
    const toServer = h.messages.filter((m) => h.network.hostName(m.src) === 'app-0' && h.network.hostName(m.dst) === 't/server-0');
    const keyBytes = h.workload.keyBytes;
    expect(toServer.map((m) => m.sizeBytes)).toEqual([
      h.factory.commandBytes(Op.get, KEY), lockCommandBytes(keyBytes, 1000), setCommandBytes(keyBytes, h.factory.valueBytes[KEY]!) + unlockCommandBytes(keyBytes),
    ]);
  });

  it('without protection, both hosts read the origin', () => {
    const h = run(undefined);
    h.issue(0, [KEY], 0);
    h.issue(0, [KEY], 1);
    h.engine.run({ untilNs: 1e9 });
    expect(h.queries).toHaveLength(2);
    expect(ops(h, Op.lock)).toEqual([]);
  });

  it('fails open: with the cache server paused, the lock request times out and the GET reads the origin', () => {
    const h = tierHarness(SINGLE, { readThrough: true, protection: LOCK, clients: { timeout: '50ms', retries: 0 } });
    h.issue(0, [KEY]);
    // The GET's miss is answered at 210 µs; the server hangs before the lock arrives.
    h.engine.at(250_000, () => h.built.targets.get('t/server-0')!.pause());
    h.engine.run({ untilNs: 1e9 });
    expect(h.done.filter((d) => d.op === Op.lock).map((d) => d.outcome)).toEqual([Outcome.timeout]);
    expect(h.done.filter((d) => d.op === Op.get).map((d) => [d.outcome, d.endNs - d.startNs])).toEqual([
      [Outcome.ok, 2 * LATENCY_NS + SERVICE_NS + 50e6 + 2 * LATENCY_NS + ORIGIN_NS],
    ]);
  });
});

describe('stampede protection: XFetch early refresh', () => {
  it('refreshes when now − δ·β·ln(u) reaches the expiry, and learns δ from the last recompute', () => {
    let u = 0.5;
    const x = new EarlyRefresh(10, 2e6, 1, () => u);
    // δβ·(−ln 0.5) = 1.386 ms: due 1.386 ms before the expiry, not 1.387 ms before.
    expect(x.due(3, 10e6, 10e6 - 1.386e6)).toBe(true);
    expect(x.due(3, 10e6, 10e6 - 1.387e6)).toBe(false);
    expect(x.due(3, 0, 1e15)).toBe(false);
    x.recomputed(3, 4e6);
    expect(x.due(3, 10e6, 10e6 - 2.772e6)).toBe(true);
    expect(x.due(4, 10e6, 10e6 - 2.772e6)).toBe(false);
    u = 0;
    expect(x.due(3, 10e6, 10e6 - 1)).toBe(false);
    expect(x.due(3, 10e6, 10e6)).toBe(true);
  });

  it('a host due for a refresh reads the origin behind the lock; another due at once loses the lock and serves the value it found', () => {
    // u → 1: −ln(1 − u) ≈ 690, so with δ = 2 ms and β = 100 every read within 138 s of the expiry is due.
    const h = run({ lock: LOCK.lock, early: new EarlyRefresh(1000, ORIGIN_NS, 100, () => 1 - 1e-300) }, { preloadTtl: '10s' });
    h.built.preload();
    h.issue(0, [KEY], 0);
    h.issue(0, [KEY], 1);
    h.engine.run({ untilNs: 1e9 });
    const rtt = 2 * LATENCY_NS + SERVICE_NS;
    expect(gets(h)).toEqual([
      [Outcome.ok, (rtt + SERVICE_NS) + rtt, 1],
      [Outcome.ok, rtt + rtt + 2 * LATENCY_NS + ORIGIN_NS, 1],
    ]);
    expect(h.queries).toHaveLength(1);
    expect(ops(h, Op.populate)).toEqual([[Outcome.ok, 0]]);
  });

  it('a read not yet due is answered from the cache alone', () => {
    const h = run({ lock: null, early: new EarlyRefresh(1000, ORIGIN_NS, 1, () => 0.5) }, { preloadTtl: '10s' });
    h.built.preload();
    h.issue(0, [KEY], 0);
    h.engine.run({ untilNs: 1e9 });
    expect(gets(h)).toEqual([[Outcome.ok, 2 * LATENCY_NS + SERVICE_NS, 1]]);
    expect(h.queries).toHaveLength(0);
  });
});
