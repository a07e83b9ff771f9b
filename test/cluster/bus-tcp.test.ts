// The cluster bus over TCP (bus-links.ts): a bus message lost to a partition is resent by TCP and
// late, not gone, as MIGRATE's payload is (migrate-timing.test.ts).

import { describe, expect, it } from 'vitest';
import { NET_MESSAGE, Purpose, type NetMessage } from '../../models/signals.js';
import { relayRun } from '../support/relay-run.js';

const L = 10_000;

/** The relay run (test/support/relay-run.ts) of `setsPerS` SETs a second, with `faults` as scenario lines. */
function relayed(setsPerS: number, faults: string[]) {
  const run = relayRun({ setsPerS, durationS: 2, drainS: 1, latency: `${L}ns`, keys: 1, faults });
  const host = (name: string) => [...Array(64).keys()].find((h) => run.network.hostName(h) === name)!;
  const [p0, p1, app] = [host('c/primary-0'), host('c/primary-1'), host('app-0')];
  /** Send times of the PUBLISHes primary-1 relays to primary-0 (copies included), and of primary-0's messages to its subscriber. */
  const relays: number[] = [];
  const delivered: number[] = [];
  run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
    if (m.purpose === Purpose['bus-pubsub'] && m.src === p1 && m.dst === p0) relays.push(run.engine.now);
    if (m.purpose === Purpose.pubsub && m.src === p0 && m.dst === app) delivered.push(run.engine.now);
  });
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return { relays, delivered };
}

describe('the cluster bus over TCP', () => {
  it('relays every PUBLISH to a node cut off for 50 ms: the first relayed after the heal is acknowledged selectively, so the five lost are resent 1.5 one-way after it arrives (RACK), and the subscriber gets each', () => {
    const quiet = relayed(100, []);
    const cut = relayed(100, ['{ at: 1s, partition: [c/primary-0], for: 50ms }']);
    expect(quiet.delivered.length).toBe(quiet.relays.length);
    expect(cut.delivered.length).toBe(quiet.delivered.length);
    // Five SETs (one every 10 ms) fall in the partition; each of their relayed PUBLISHes is sent twice.
    const lost = cut.relays.filter((t) => t >= 1e9 && t < 1.05e9);
    expect(lost.length).toBe(5);
    expect(cut.relays.length).toBe(quiet.relays.length + 5);
    const after = cut.relays.filter((t) => t >= 1.05e9).slice(0, 7);
    expect(after).toEqual([lost[4]! + 10e6, ...Array(5).fill(lost[4]! + 10e6 + 2.5 * L), lost[4]! + 20e6]);
  });

  it('resends a PUBLISH lost with nothing after it on its link one RTO (srtt + 200 ms) after its send', () => {
    const cut = relayed(2, ['{ at: 1s, partition: [c/primary-0], for: 50ms }']);
    const lost = cut.relays.filter((t) => t >= 1e9 && t < 1.05e9);
    expect(lost.length).toBe(1);
    expect(cut.relays.filter((t) => t >= 1.05e9)[0]).toBe(lost[0]! + 2 * L + 200e6);
    expect(cut.delivered.length).toBe(relayed(2, []).delivered.length);
  });
});
