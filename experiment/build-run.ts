// Composition root of one run: one engine, one seed, one topology, the shared workload, network and
// origin, and the collectors. The only place where models and reports meet.

import { Engine } from '../sim/engine/engine.js';
import { RngStreams } from '../sim/random/rng.js';
import { SignalBus } from '../sim/signal/signal.js';
import { RequestTable } from '../models/request/request-table.js';
import { CpuPool } from '../models/host/cpu-pool.js';
import { EventLoop } from '../models/host/event-loop.js';
import { Machines } from '../models/host/machines.js';
import { Network } from '../models/network/network.js';
import { OriginDb } from '../models/origin/origin-db.js';
import { EarlyRefresh } from '../models/origin/early-refresh.js';
import { rowStride, type StampedeProtection } from '../models/client/stampede-guard.js';
import { createDistribution } from '../sim/dist/registry.js';
import type { Scenario } from '../models/scenario/scenario-schema.js';
import { scheduleFaults } from '../models/faults/fault-injector.js';
import { scheduleOperations } from '../models/operations/schedule-operations.js';
import { runKeepsLedger } from './write-ledger-rule.js';
import { buildTopology } from '../models/topology/topology-registry.js';
import { WriteLedger } from '../models/replication/write-ledger.js';
import { ClosedLoop } from '../models/workload/closed-loop.js';
import { OpenLoop } from '../models/workload/open-loop.js';
import { RequestFactory } from '../models/workload/request-factory.js';
import { RunCollectors } from './collect/run-collectors.js';
import type { UsageSource } from '../models/host/busy-meter.js';
import { RESOURCE_USAGE, type ResourceUsage } from '../models/signals.js';
import { workloadTraceKeys } from './trace/workload-trace.js';
import { ClientConnections } from '../models/client/client-connections.js';

export interface BuiltRun {
  engine: Engine;
  bus: SignalBus;
  collectors: RunCollectors;
  /** Virtual time at which the run is over (duration + drain). */
  endNs: number;
  /** Servers of the topology (cluster nodes, replicas…). */
  nodes: number;
  /** The run's network (its hosts' names). */
  network: Network;
  start(): void;
}

export function buildRun(scenario: Scenario, topologyIndex: number, seed: number): BuiltRun {
  const engine = new Engine();
  const streams = new RngStreams(seed);
  const bus = new SignalBus();
  const w = scenario.workload;
  const network = new Network(engine, scenario.network, streams, bus);
  const zoneNames = scenario.network.zones.map((z) => z.name);
  network.placement = new Map(Object.entries(scenario.placement).map(([host, zone]) => [host, zoneNames.indexOf(zone)]));
  const factory = new RequestFactory(w, streams.stream('workload/value-sizes'), {
    preloadTtlRng: streams.stream('workload/preload-ttl'), traceKeys: workloadTraceKeys(scenario),
  });
  const protection = w.readThrough ? stampedeProtection(scenario, streams) : null;
  const requests = new RequestTable(rowStride(factory.stride, protection));
  const clientHosts = Array.from({ length: w.clients.hosts }, (_, i) => network.addHost(`app-${i}`, i % network.zoneCount));
  const machines = new Machines(scenario.machines);
  const loop = w.clients.eventLoop;
  const loopGc = loop?.gc ? { everyNs: loop.gc.every, pauseNs: loop.gc.pause } : null;
  const gcPhase = loopGc ? streams.stream('clients/gc-phase') : null;
  const clientCpus = clientHosts.map((_, i) => {
    const machine = machines.of(`app-${i}`);
    return loop
      ? new EventLoop(engine, { turnNs: loop.turnCpu, tailNs: loop.tailCpu }, loopGc, gcPhase ? gcPhase() : 0, machine)
      : new CpuPool(engine, w.clients.cores, machine);
  });
  const origin = w.readThrough
    ? new OriginDb(engine, network, requests, scenario.origin, network.addHost('origin', 0), factory.valueBytes, streams, bus)
    : null;
  const params = scenario.topologies[topologyIndex]!;
  const ledger = runKeepsLedger(scenario, params) ? new WriteLedger(w.keys) : null;
  const usage: UsageSource[] = [];
  const connections = new ClientConnections(requests);
  const topology = buildTopology({ engine, network, streams, bus, requests, factory, workload: w, origin, clientHosts, clientCpus, ledger, usage, protection, machines, connections }, params);
  const endNs = scenario.duration + scenario.drain;
  const collectors = new RunCollectors(bus, () => engine.now, scenario.warmup, scenario.duration, { bucketNs: scenario.timeSeries.bucket, runNs: endNs }, (h) => network.hostName(h),
    new Set(clientHosts.map((h) => network.regionOf(h))).size > 1 ? (h) => network.regionOf(h) : null);
  const a = w.arrival;
  const start = a.kind === 'open'
    ? () => new OpenLoop(engine, requests, factory, topology.clients, a.rate, a.process === 'poisson', scenario.duration, streams, bus).start()
    : () => {
      const loop = new ClosedLoop(engine, requests, factory, topology.clients, a.connections, a.think, scenario.duration, streams, bus);
      for (const client of topology.clients) client.completion.onDone = (req) => loop.done(req);
      loop.start();
    };
  return {
    engine, bus, collectors, endNs, nodes: topology.targets.size, network,
    start: () => {
      if (w.preload) topology.preload();
      topology.start?.();
      const name = params.name;
      scheduleFaults(engine, network, bus, scenario.faults, name, topology.targets, clientHosts, connections);
      scheduleOperations(engine, scenario.operations, name, topology);
      engine.at(scenario.duration, () => topology.shared.servers.forEach((server, i) => server.reportState(bus, server.crashed ? 'down' : topology.roleOf?.(i) ?? null)));
      if (topology.runEnds) engine.at(endNs, topology.runEnds);
      usage.push(
        ...topology.shared.servers.map((s): UsageSource => ({ name: s.options.name, kind: 'server-cpu', capacity: 1, busyNsAt: (now) => s.executor.busyNsAt(now) })),
        ...clientCpus.map((cpu, i): UsageSource => ({ name: `app-${i}`, kind: 'client-cpu', capacity: cpu.cores, busyNsAt: (now) => cpu.busyNsAt(now) })),
        ...(origin ? [{ name: 'origin', kind: 'origin', capacity: scenario.origin.maxConcurrency, busyNsAt: (now: number) => origin.slots.busyNsAt(now) } satisfies UsageSource] : []),
        ...(topology.usage ?? []),
        ...machines.usage(),
      );
      const usageSignal = bus.signal<ResourceUsage>(RESOURCE_USAGE);
      const readUsage = () => {
        if (!usageSignal.active) return;
        for (const u of usage) usageSignal.emit({ name: u.name, kind: u.kind, capacity: u.capacity, busyNs: u.busyNsAt(engine.now) });
      };
      engine.at(scenario.warmup, readUsage);
      engine.at(scenario.duration, readUsage);
      start();
    },
  };
}

/** The scenario's stampede protection (origin.protection), or null when it has none. */
function stampedeProtection(scenario: Scenario, streams: RngStreams): StampedeProtection | null {
  const { lock, earlyRefresh } = scenario.origin.protection;
  if (!lock && !earlyRefresh) return null;
  const early = earlyRefresh
    ? new EarlyRefresh(scenario.workload.keys, createDistribution(scenario.origin.latency).mean, earlyRefresh.beta, streams.stream('origin/early-refresh'))
    : null;
  return { lock: lock ?? null, early };
}
