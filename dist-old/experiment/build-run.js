// Composition root of one run: one engine, one seed, one topology, the shared workload, network and
// origin, and the collectors. The only place where models and reports meet.
import { Engine } from '../sim/engine/engine.js';
import { RngStreams } from '../sim/random/rng.js';
import { SignalBus } from '../sim/signal/signal.js';
import { RequestTable } from '../models/request/request-table.js';
import { CpuPool } from '../models/host/cpu-pool.js';
import { EventLoop } from '../models/host/event-loop.js';
import { Network } from '../models/network/network.js';
import { OriginDb } from '../models/origin/origin-db.js';
import { scheduleFaults } from '../models/faults/fault-injector.js';
import { scheduleOperations } from '../models/operations/schedule-operations.js';
import { buildTopology } from '../models/topology/topology-registry.js';
import { WriteLedger } from '../models/replication/write-ledger.js';
import { ClosedLoop } from '../models/workload/closed-loop.js';
import { OpenLoop } from '../models/workload/open-loop.js';
import { RequestFactory } from '../models/workload/request-factory.js';
import { RunCollectors } from '../reports/collect/run-collectors.js';
import { RESOURCE_USAGE } from '../models/signals.js';
import { workloadTraceKeys } from './trace/workload-trace.js';
export function buildRun(scenario, topologyIndex, seed) {
    const engine = new Engine();
    const streams = new RngStreams(seed);
    const bus = new SignalBus();
    const w = scenario.workload;
    const network = new Network(engine, scenario.network, streams, bus);
    const factory = new RequestFactory(w, streams.stream('workload/value-sizes'), {
        preloadTtlRng: streams.stream('workload/preload-ttl'), traceKeys: workloadTraceKeys(scenario),
    });
    const requests = new RequestTable(factory.stride);
    const clientHosts = Array.from({ length: w.clients.hosts }, (_, i) => network.addHost(`app-${i}`, i % network.zoneCount));
    const loop = w.clients.eventLoop;
    const clientCpus = clientHosts.map(() => (loop ? new EventLoop(engine, loop.turnCpu) : new CpuPool(engine, w.clients.cores)));
    const origin = w.readThrough
        ? new OriginDb(engine, network, requests, scenario.origin, network.addHost('origin', 0), factory.valueBytes, streams, bus)
        : null;
    const params = scenario.topologies[topologyIndex];
    const ledger = params.l1 ? new WriteLedger(w.keys) : null;
    const usage = [];
    const topology = buildTopology({ engine, network, streams, bus, requests, factory, workload: w, origin, clientHosts, clientCpus, ledger, usage }, params);
    const endNs = scenario.duration + scenario.drain;
    const collectors = new RunCollectors(bus, () => engine.now, scenario.warmup, scenario.duration, { bucketNs: scenario.timeSeries.bucket, runNs: endNs }, (h) => network.hostName(h));
    const a = w.arrival;
    const start = a.kind === 'open'
        ? () => new OpenLoop(engine, requests, factory, topology.clients, a.rate, a.process === 'poisson', scenario.duration, streams, bus).start()
        : () => {
            const loop = new ClosedLoop(engine, requests, factory, topology.clients, a.connections, a.think, scenario.duration, streams, bus);
            for (const client of topology.clients)
                client.completion.onDone = (req) => loop.done(req);
            loop.start();
        };
    return {
        engine, bus, collectors, endNs, nodes: topology.targets.size,
        start: () => {
            if (w.preload)
                topology.preload();
            topology.start?.();
            const name = params.name;
            scheduleFaults(engine, network, bus, scenario.faults, name, topology.targets, clientHosts);
            scheduleOperations(engine, scenario.operations, name, topology);
            engine.at(scenario.duration, () => { for (const server of topology.shared.servers)
                server.reportState(bus); });
            usage.push(...topology.shared.servers.map((s) => ({ name: s.options.name, kind: 'server-cpu', capacity: 1, busyNsAt: (now) => s.executor.busyNsAt(now) })), ...clientCpus.map((cpu, i) => ({ name: `app-${i}`, kind: 'client-cpu', capacity: cpu.cores, busyNsAt: (now) => cpu.busyNsAt(now) })), ...(origin ? [{ name: 'origin', kind: 'origin', capacity: scenario.origin.maxConcurrency, busyNsAt: (now) => origin.slots.busyNsAt(now) }] : []), ...(topology.usage ?? []));
            const usageSignal = bus.signal(RESOURCE_USAGE);
            const readUsage = () => {
                if (!usageSignal.active)
                    return;
                for (const u of usage)
                    usageSignal.emit({ name: u.name, kind: u.kind, capacity: u.capacity, busyNs: u.busyNsAt(engine.now) });
            };
            engine.at(scenario.warmup, readUsage);
            engine.at(scenario.duration, readUsage);
            start();
        },
    };
}
//# sourceMappingURL=build-run.js.map