import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { BusMessage, BusType, FAIL } from './bus-message.js';
import type { ClusterBus } from './cluster-bus.js';
import { FailoverElection } from './failover-election.js';

/**
 * A stub of the bus around one node, enough for the election's rules: nodes 0–2 are primaries
 * owning slots, 3 and 4 are replicas of primary 0. `me` is the node under test.
 */
function stubBus(me: number, myOffset: number, peerOffsets: number[]) {
  const engine = new Engine();
  const sent: [number, number][] = [];
  const events: { delayNs: number; rank: number }[] = [];
  /** nodes.conf saves asked for (true: with an fsync). */
  const saves: boolean[] = [];
  const n = 5;
  const bus = {
    n,
    timeoutNs: 15e9,
    rng: new RngStreams(5).stream('election'),
    peers: {
      flags: Uint8Array.from([FAIL, 0, 0, 0, 0]),
      flagsOf(j: number) {
        return this.flags[j]!;
      },
      primaryOf: Int16Array.from([-1, -1, -1, 0, 0]),
      replOffset: Float64Array.from(peerOffsets),
      configEpoch: Float64Array.from([1, 2, 3, 0, 0]),
      knows: () => true,
    },
    node: {
      index: me, isPrimary: me < 3, primaryOf: me < 3 ? -1 : 0, currentEpoch: 3, configEpoch: me + 1,
      slotCount: Int32Array.from([5, 5, 6, 0, 0]), owner: Int16Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]),
      saveConfig: (fsync: boolean) => saves.push(fsync),
    },
    fabric: {
      engine,
      timing: { replicaNoFailover: false },
      replication: { streamInto: () => ({ appliedWrites: myOffset }) },
      event: (_k: number, _n: number, _t: number, delayNs = 0, rank = 0) => events.push({ delayNs, rank }),
    },
    ownsSlots: () => me < 3,
    quorum: () => 2,
    sendHeartbeat: (type: number, to: number) => sent.push([type, to]),
    sendBare: (type: number, to: number) => sent.push([type, to]),
    broadcastPong: () => sent.push([BusType.pong, -1]),
    updateState: () => {},
  };
  return { election: new FailoverElection(bus as unknown as ClusterBus), bus, sent, events, saves };
}

function authRequest(from: number, currentEpoch: number): BusMessage {
  const m = new BusMessage();
  m.type = BusType.authRequest;
  m.from = from;
  m.currentEpoch = currentEpoch;
  m.primaryOf = 0;
  m.configEpoch = 1;
  m.slots = Int32Array.from([0, 1, 2, 3, 4]);
  return m;
}

describe('FailoverElection', () => {
  it.each([
    [0, 100, [0, 0, 0, 0, 100]],
    [1, 100, [0, 0, 0, 0, 150]],
  ])('schedules the vote request 500 ms + U[0, 500) + 1000 ms · rank after FAIL (rank %i)', (rank, mine, peers) => {
    for (let trial = 0; trial < 50; trial++) {
      const { election, events } = stubBus(3, mine, peers);
      election.handle();
      expect(events).toHaveLength(1);
      expect(events[0]!.rank).toBe(rank);
      const base = events[0]!.delayNs - 1e9 * rank;
      expect(base).toBeGreaterThanOrEqual(500e6);
      expect(base).toBeLessThan(1000e6);
    }
  });

  it('tells sibling replicas with a PONG when it schedules an election', () => {
    const { election, sent } = stubBus(3, 0, [0, 0, 0, 0, 0]);
    election.handle();
    expect(sent).toEqual([[BusType.pong, 4]]);
  });

  it('votes at most once per epoch, and not twice within 2T for replicas of the same primary', () => {
    const { election, bus, sent } = stubBus(1, 0, [0, 0, 0, 0, 0]);
    bus.node.currentEpoch = 4;
    election.vote(authRequest(3, 4));
    election.vote(authRequest(4, 4));
    expect(sent).toEqual([[BusType.authAck, 3]]);
    bus.node.currentEpoch = 5;
    election.vote(authRequest(4, 5));
    expect(sent).toHaveLength(1);
  });

  it('saves nodes.conf with an fsync when it gives a vote (not when it refuses one), and when it starts an election', () => {
    const voter = stubBus(1, 0, [0, 0, 0, 0, 0]);
    voter.bus.node.currentEpoch = 4;
    voter.election.vote(authRequest(3, 4));
    voter.election.vote(authRequest(4, 4));
    expect(voter.saves).toEqual([true]);
    const candidate = stubBus(3, 100, [0, 0, 0, 0, 100]);
    candidate.election.handle();
    candidate.bus.fabric.engine.run();
    expect(candidate.saves).toEqual([]);
    candidate.bus.fabric.engine.run({ untilNs: 2e9 });
    candidate.election.handle();
    expect(candidate.saves).toEqual([true]);
  });

  it('refuses to vote for a replica whose primary it does not see as FAIL', () => {
    const { election, bus, sent } = stubBus(1, 0, [0, 0, 0, 0, 0]);
    bus.peers.flags[0] = 0;
    bus.node.currentEpoch = 4;
    election.vote(authRequest(3, 4));
    expect(sent).toEqual([]);
  });

  it('refuses a request from an older epoch', () => {
    const { election, bus, sent } = stubBus(1, 0, [0, 0, 0, 0, 0]);
    bus.node.currentEpoch = 6;
    election.vote(authRequest(3, 5));
    expect(sent).toEqual([]);
  });
});
