import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import type { RedisServer } from '../server/redis-server.js';
import { startReplicationPings } from './replication-pings.js';
import type { ReplicationFanOut } from './replication-stream.js';

/** A server's state as its cron sees it, changed at given times (s); returns the times (s) it fed its backlog a PING up to `untilS`. */
function pings(changes: [number, (s: { crashed: boolean; paused: boolean; incarnation: number; following: boolean }) => void][], untilS: number, index = 0, of = 1): number[] {
  const engine = new Engine();
  const state = { crashed: false, paused: false, incarnation: 0, following: false };
  const server = { get crashed() { return state.crashed; }, executor: { get paused() { return state.paused; } }, get incarnation() { return state.incarnation; }, get following() { return state.following; } };
  const fed: number[] = [];
  const fanOut = { ping: () => fed.push(engine.now / 1e9) };
  const servers = Array.from({ length: of }, (_, i) => (i === index ? server : { crashed: true })) as unknown as RedisServer[];
  const fanOuts = Array.from({ length: of }, () => fanOut) as unknown as ReplicationFanOut[];
  startReplicationPings(engine, servers, fanOuts);
  for (const [atS, change] of changes) engine.at(atS * 1e9, () => change(state));
  engine.run({ untilNs: untilS * 1e9 });
  return fed;
}

describe('replicationCron\'s PINGs', () => {
  it('feeds one on its first run and every 10th run after, from its phase in the second (server 1 of 4: 0.25 s)', () => {
    expect(pings([], 31, 1, 4)).toEqual([0.25, 10.25, 20.25, 30.25]);
  });

  it('counts no run while paused (the PING due at 10 s comes 3 runs later) and none as a replica', () => {
    expect(pings([[9.5, (s) => { s.paused = true; }], [12.5, (s) => { s.paused = false; }]], 25)).toEqual([0, 13, 23]);
    expect(pings([[5, (s) => { s.following = true; }], [15, (s) => { s.following = false; }]], 25)).toEqual([0, 20]);
  });

  it('counts its runs from zero again after a restart (a new process), and none while crashed', () => {
    expect(pings([[4.5, (s) => { s.crashed = true; }], [7.5, (s) => { s.crashed = false; s.incarnation = 1; }]], 20)).toEqual([0, 8, 18]);
  });
});
