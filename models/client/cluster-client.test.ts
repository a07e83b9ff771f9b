import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { ClusterNode } from '../cluster/cluster-node.js';
import { clusterClientParams } from '../cluster/cluster-params.js';
import { ClusterSlotsService } from '../cluster/cluster-slots-service.js';
import { slotsOfKeys } from '../cluster/key-slots.js';
import { CpuPool } from '../host/cpu-pool.js';
import { Network } from '../network/network.js';
import { networkParams } from '../network/network-params.js';
import { RedisServer } from '../server/redis-server.js';
import { serverParams } from '../server/server-params.js';
import { CLIENT_REDIRECT, Op, Outcome, REQUEST_DONE, type RequestDone } from '../signals.js';
import { RequestFactory } from '../workload/request-factory.js';
import { workloadParams } from '../workload/workload-params.js';
import { initialSlotOwners } from '../topology/cluster.js';
import { ClusterClient } from './cluster-client.js';
import { RequestTable } from '../request/request-table.js';

const SLOTS = 16384;
const KEYS = 20_000;

/** Two primaries (slots split in half), zero network latency, 10 µs per request; a client whose map may be stale. */
function twoNodeCluster(clientMap?: (owner: Int16Array) => void, client: Record<string, unknown> = {}) {
  const engine = new Engine();
  const bus = new SignalBus();
  const streams = new RngStreams(1);
  const network = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: 0 } }), streams, bus);
  const workload = workloadParams.parse({ keys: KEYS, valueSize: '100B', readThrough: false, clients: { requestCpu: 0, replyCpu: 0, poolSize: 4 } });
  const factory = new RequestFactory(workload, streams.stream('sizes'));
  const requests = new RequestTable(8);
  const slotOfKey = slotsOfKeys(KEYS, SLOTS);
  const owner = initialSlotOwners(SLOTS, 2);
  const nodes = [0, 1].map((i) => new ClusterNode(i, new RedisServer(engine, network, requests, serverParams.parse({ serviceTime: '10us' }), {
    id: i, name: `n${i}`, host: network.addHost(`n${i}`, 0), keyCount: KEYS, withExpiry: false,
  }, streams, bus), requests, slotOfKey, owner, 2, -1, false));
  for (let k = 0; k < KEYS; k++) nodes[owner[slotOfKey[k]!]!]!.server.preload(k, 100);
  const services = nodes.map((n) => new ClusterSlotsService(n, network, () => Int16Array.from([-1, -1])));
  const map = owner.slice();
  clientMap?.(map);
  const cc = new ClusterClient({ engine, network, requests, factory, origin: null, bus, usage: [] }, workload.clients, clusterClientParams.parse(client),
    new CpuPool(engine, 1), network.addHost('app', 0), {
      nodeCount: 2,
      endpoint: (n) => ({ host: nodes[n]!.server.options.host, onRequest: nodes[n]!.server.onRequest }),
      clusterSlots: (n, host, up, down, onMap) => services[n]!.request(host, up, down, onMap),
    }, slotOfKey, map, Int16Array.from([-1, -1]), false, streams.stream('ttl'));
  const done: RequestDone[] = [];
  const redirects: number[] = [];
  bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => done.push({ ...r }));
  bus.signal<{ outcome: number }>(CLIENT_REDIRECT).subscribe((r) => redirects.push(r.outcome));
  const issue = (op: number, keys: number[]) => {
    const req = requests.alloc();
    keys.forEach((k, i) => factory.command(requests, req * requests.stride + i, Op.get, k, streams.stream('unused')));
    requests.op[req] = op;
    requests.commandCount[req] = keys.length;
    requests.requestBytes[req] = 40;
    requests.startNs[req] = engine.now;
    requests.owner[req] = -1;
    cc.submit(req);
  };
  const keyOn = (node: number, nth = 0) => Array.from({ length: KEYS }, (_, k) => k).filter((k) => owner[slotOfKey[k]!] === node)[nth]!;
  /** Two keys of one slot owned by `node`. */
  const sameSlotPair = (node: number): [number, number] => {
    const seen = new Map<number, number>();
    for (let k = 0; k < KEYS; k++) {
      const slot = slotOfKey[k]!;
      if (owner[slot] !== node) continue;
      const other = seen.get(slot);
      if (other !== undefined) return [other, k];
      seen.set(slot, k);
    }
    throw new Error('no two keys share a slot');
  };
  /** Puts `slot` in migration from node 0 to node 1 and moves `moved` keys already. */
  const migrate = (slot: number, moved: number[]) => {
    nodes[0]!.migratingTo[slot] = 1;
    nodes[1]!.importingFrom[slot] = 0;
    for (const k of moved) {
      nodes[0]!.server.keyspace.delete(k);
      nodes[1]!.server.preload(k, 100);
    }
  };
  return { engine, nodes, issue, done, redirects, keyOn, slotOfKey, client: cc, sameSlotPair, migrate };
}

describe('ClusterClient and ClusterNode routing', () => {
  it('is answered MOVED by a node that does not own the slot, re-sends to the owner, and refreshes its map', () => {
    const h = twoNodeCluster();
    const key = h.keyOn(0);
    const staleSlot = h.slotOfKey[key]!;
    const otherStaleSlot = h.slotOfKey[h.keyOn(0, 1)]!;
    const stale = twoNodeCluster((map) => { map[staleSlot] = 1; map[otherStaleSlot] = 1; });
    stale.issue(Op.get, [key]);
    stale.engine.run();
    // 4.6 µs at node 1 (a refusal costs request + command), then node 0 runs CLUSTER SLOTS
    // (2 ranges × 200 ns) and the GET (10 µs).
    expect(stale.redirects).toEqual([Outcome.moved]);
    expect(stale.done).toEqual([{ op: Op.get, outcome: Outcome.ok, startNs: 0, endNs: 15_000, hits: 1, reads: 1, stale: 0, attempts: 2, l1Hits: 0, host: 2 }]);
    expect([stale.client.slotOwner(staleSlot), stale.client.slotOwner(otherStaleSlot)]).toEqual([0, 0]);
  });

  it('gets CROSSSLOT for an MGET over two slots when the client does not split', () => {
    const h = twoNodeCluster(undefined, { multiKey: 'crossslot' });
    h.issue(Op.mget, [h.keyOn(0, 0), h.keyOn(0, 1)]);
    h.engine.run();
    expect(h.done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.crossslot, 4_600]]);
  });

  it('splits an MGET over two nodes into one pipelined round trip per node, in parallel', () => {
    const h = twoNodeCluster();
    h.issue(Op.mget, [h.keyOn(0, 0), h.keyOn(1, 0), h.keyOn(0, 1)]);
    h.engine.run();
    expect(h.done).toEqual([{ op: Op.mget, outcome: Outcome.ok, startNs: 0, endNs: 10_000, hits: 3, reads: 3, stale: 0, attempts: 1, l1Hits: 0, host: 2 }]);
  });

  it('answers CLUSTERDOWN while the node sees the cluster as down', () => {
    const h = twoNodeCluster();
    h.nodes[0]!.stateOk = false;
    h.issue(Op.get, [h.keyOn(0)]);
    h.engine.run();
    expect(h.done.map((d) => d.outcome)).toEqual([Outcome.clusterdown]);
  });

  it('gives up after maxRedirects MOVED replies that point back and forth', () => {
    const h = twoNodeCluster(undefined, { maxRedirects: 2 });
    const key = h.keyOn(0);
    const slot = h.slotOfKey[key]!;
    h.nodes[0]!.owner[slot] = 1;
    h.nodes[1]!.owner[slot] = 0;
    h.issue(Op.get, [key]);
    h.engine.run();
    expect(h.done.map((d) => d.outcome)).toEqual([Outcome.redirect_limit]);
    expect(h.redirects.length).toBe(3);
  });

  it('follows ASK for a key already migrated: ASKING + the command on the target, map unchanged', () => {
    const h = twoNodeCluster();
    const key = h.keyOn(0);
    const slot = h.slotOfKey[key]!;
    h.migrate(slot, [key]);
    h.issue(Op.get, [key]);
    h.engine.run();
    // 4.6 µs at node 0 (ASK), then 10 µs at node 1 (ASKING + GET); no CLUSTER SLOTS refresh.
    expect(h.redirects).toEqual([Outcome.ask]);
    expect(h.done).toEqual([{ op: Op.get, outcome: Outcome.ok, startNs: 0, endNs: 14_600, hits: 1, reads: 1, stale: 0, attempts: 2, l1Hits: 0, host: 2 }]);
    expect(h.client.slotOwner(slot)).toBe(0);
  });

  it('is served by the source for a key of a migrating slot that has not moved yet', () => {
    const h = twoNodeCluster();
    const [moved, stays] = h.sameSlotPair(0);
    h.migrate(h.slotOfKey[moved]!, [moved]);
    h.issue(Op.get, [stays]);
    h.engine.run();
    expect(h.redirects).toEqual([]);
    expect(h.done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.ok, 10_000]]);
  });

  it('gets TRYAGAIN for an MGET whose keys are split by a migration, and retries after tryAgainDelay', () => {
    const h = twoNodeCluster();
    const [moved, stays] = h.sameSlotPair(0);
    const slot = h.slotOfKey[moved]!;
    h.migrate(slot, [moved]);
    h.engine.at(20e6, () => {
      h.migrate(slot, [stays]);
      for (const n of h.nodes) {
        n.setOwner(slot, 1);
        n.migratingTo[slot] = -1;
        n.importingFrom[slot] = -1;
      }
    });
    h.issue(Op.mget, [moved, stays]);
    h.engine.run();
    expect(h.redirects).toEqual([Outcome.tryagain, Outcome.moved]);
    expect(h.done.map((d) => [d.outcome, d.hits])).toEqual([[Outcome.ok, 2]]);
    expect(h.done[0]!.endNs).toBeGreaterThan(50e6);
  });
});
