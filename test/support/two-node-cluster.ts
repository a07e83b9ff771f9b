// Test support: two cluster primaries (the slots split in half) with zero network latency and 10 µs
// per request, and a cluster client whose map may be stale; requests issued by hand.

import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { ClusterNode } from '../../models/cluster/cluster-node.js';
import { clusterClientParams } from '../../models/cluster/cluster-params.js';
import { ClusterSlotsService } from '../../models/cluster/cluster-slots-service.js';
import { slotsOfKeys } from '../../models/cluster/key-slots.js';
import { CpuPool } from '../../models/host/cpu-pool.js';
import { Network } from '../../models/network/network.js';
import { networkParams } from '../../models/network/network-params.js';
import { RedisServer } from '../../models/server/redis-server.js';
import { serverParams } from '../../models/server/server-params.js';
import { CLIENT_REDIRECT, Op, REQUEST_DONE, type RequestDone } from '../../models/signals.js';
import { RequestFactory } from '../../models/workload/request-factory.js';
import { workloadParams } from '../../models/workload/workload-params.js';
import { initialSlotOwners } from '../../models/topology/cluster.js';
import { ClusterClient } from '../../models/client/cluster-client.js';
import { RequestTable } from '../../models/request/request-table.js';
import { ClientConnections } from '../../models/client/client-connections.js';
import { serverEndpoint } from '../../models/client/connection-pool.js';

const SLOTS = 16384;
const KEYS = 20_000;

/** Two primaries (slots split in half), zero network latency, 10 µs per request; a client (no CPU unless `clients` sets it, one core) whose map may be stale. */
export function twoNodeCluster(clientMap?: (owner: Int16Array) => void, client: Record<string, unknown> = {}, clients: Record<string, unknown> = {}) {
  const engine = new Engine();
  const bus = new SignalBus();
  const streams = new RngStreams(1);
  const network = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: 0 } }), streams, bus);
  const workload = workloadParams.parse({ keys: KEYS, valueSize: '100B', readThrough: false, clients: { requestCpu: 0, replyCpu: 0, messageCpu: 0, poolSize: 4, ...clients } });
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
  const cc = new ClusterClient({ engine, network, requests, factory, origin: null, bus, usage: [], connections: new ClientConnections(requests) }, workload.clients, clusterClientParams.parse(client),
    new CpuPool(engine, 1), network.addHost('app', 0), {
      nodeCount: 2,
      endpoint: (n) => serverEndpoint(nodes[n]!.server),
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
    nodes[0]!.setMigrating(slot, 1);
    nodes[1]!.setImporting(slot, 0);
    for (const k of moved) {
      nodes[0]!.server.keyspace.delete(k);
      nodes[1]!.server.preload(k, 100);
    }
  };
  return { engine, bus, nodes, issue, done, redirects, keyOn, slotOfKey, client: cc, sameSlotPair, migrate };
}

