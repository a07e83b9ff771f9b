// Test support: a `sharded` (plain or Sentinel-per-shard) or `proxy` topology built by its real builder on a network with a fixed
// one-way latency, unlimited bandwidth, a fixed server service time, no client CPU, and requests
// issued by hand; records request.done, server.command and net.message. Also used for the
// stampede protection of read-through GETs (test/origin/).

import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { RequestTable } from '../../models/request/request-table.js';
import { CpuPool } from '../../models/host/cpu-pool.js';
import { Machines } from '../../models/host/machines.js';
import { Network } from '../../models/network/network.js';
import { networkParams } from '../../models/network/network-params.js';
import { OriginDb } from '../../models/origin/origin-db.js';
import { originParams } from '../../models/origin/origin-params.js';
import { NET_MESSAGE, Op, REQUEST_DONE, SERVER_COMMAND, type NetMessage, type RequestDone, type ServerCommand } from '../../models/signals.js';
import { topologyParams, buildTopology } from '../../models/topology/topology-registry.js';
import { RequestFactory } from '../../models/workload/request-factory.js';
import { workloadParams } from '../../models/workload/workload-params.js';
import { rowStride, type StampedeProtection } from '../../models/client/stampede-guard.js';
import { ClientConnections } from '../../models/client/client-connections.js';
import { crashProcess } from '../../models/faults/fault-injector.js';

export const LATENCY_NS = 100_000;
export const SERVICE_NS = 10_000;

export interface TierOptions {
  keys?: number;
  clients?: Record<string, unknown>;
  hosts?: number;
  readThrough?: boolean;
  /** More workload fields (e.g. preloadTtl). */
  workload?: Record<string, unknown>;
  protection?: StampedeProtection | undefined;
}

export function tierHarness(topology: Record<string, unknown>, options: TierOptions = {}) {
  const engine = new Engine();
  const bus = new SignalBus();
  const streams = new RngStreams(1);
  const network = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: '100us' } }), streams, bus);
  const readThrough = options.readThrough ?? false;
  const workload = workloadParams.parse({
    keys: options.keys ?? 1000, valueSize: '100B', readThrough, mix: { get: 0.5, mget: { share: 0.5, keys: 8 } },
    clients: { hosts: options.hosts ?? 1, requestCpu: 0, replyCpu: 0, messageCpu: 0, poolSize: 8, ...options.clients },
    ...options.workload,
  });
  const factory = new RequestFactory(workload, streams.stream('sizes'), { preloadTtlRng: streams.stream('preload-ttl') });
  const requests = new RequestTable(rowStride(factory.stride, options.protection ?? null));
  const clientHosts = Array.from({ length: workload.clients.hosts }, (_, i) => network.addHost(`app-${i}`, 0));
  const origin = readThrough
    ? new OriginDb(engine, network, requests, originParams.parse({ latency: '2ms' }), network.addHost('origin', 0), factory.valueBytes, streams, bus)
    : null;
  const params = topologyParams.parse({ name: 't', server: { serviceTime: '10us' }, ...topology });
  const connections = new ClientConnections(requests);
  const built = buildTopology({
    engine, network, streams, bus, requests, factory, workload, origin, clientHosts, clientCpus: clientHosts.map(() => new CpuPool(engine, 1)), ledger: null, usage: [],
    protection: options.protection ?? null, machines: new Machines([]), connections,
  }, params);
  const done: RequestDone[] = [];
  const commands: (ServerCommand & { server: number })[] = [];
  const messages: NetMessage[] = [];
  bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => done.push({ ...r }));
  bus.signal<ServerCommand>(SERVER_COMMAND).subscribe((r) => commands.push({ ...r }));
  bus.signal<NetMessage>(NET_MESSAGE).subscribe((r) => messages.push({ ...r }));
  /** Issues a GET (one key) or an MGET (several) from application host `client` at `atNs`; with `set`, a SET of one key. */
  const issue = (atNs: number, keys: number[], client = 0, set = false) => engine.at(atNs, () => {
    const req = requests.alloc();
    const op = set ? Op.set : Op.get;
    keys.forEach((k, i) => factory.command(requests, req * requests.stride + i, op, k, streams.stream('unused')));
    requests.op[req] = set ? Op.set : keys.length > 1 ? Op.mget : Op.get;
    requests.commandCount[req] = keys.length;
    requests.requestBytes[req] = keys.length > 1 ? factory.mgetBytes(keys.length) : factory.commandBytes(op, keys[0]!);
    requests.startNs[req] = engine.now;
    requests.owner[req] = -1;
    built.clients[client]!.submit(req);
  });
  /** Crashes node `name` as a scenario's crash fault does: the process dies and its host resets the connections to it. */
  const crash = (name: string) => crashProcess(built.targets.get(name)!, connections);
  return { engine, bus, network, built, requests, factory, workload, issue, crash, done, commands, messages };
}
