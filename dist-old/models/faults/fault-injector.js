// Injects a scenario's faults into one run at their virtual times and says so with a
// `fault.injected` signal that reports annotate. A node fault is the node's business
// (FaultTarget): pause = SIGSTOP (the process is alive, nothing runs: no replies, no cron, no
// gossip; work queues), resume = SIGCONT, crash = the process dies (queued work is lost, messages to
// it are dropped), restart = it starts again empty. Network faults go to the network: partition/heal, degrade (latency ×, loss).
import { FAULT_INJECTED, FAULT_KINDS } from '../signals.js';
/** The faults of one Redis process; `after` adds what its other parts do (a cluster node's bus). */
export function processFaultTarget(server, after = {}) {
    return {
        host: server.options.host,
        pause: () => server.executor.pause(),
        resume: () => server.executor.resume(),
        crash: () => {
            server.crash();
            after.crash?.();
        },
        restart: () => {
            server.restart();
            after.restart?.();
        },
    };
}
/** True if `fault` concerns the run of topology `topology`. */
export function faultApplies(fault, topology) {
    if (fault.kind === 'heal')
        return true;
    const nodes = fault.targets.filter((t) => t.includes('/'));
    if (fault.kind === 'partition' || fault.kind === 'degrade')
        return nodes.length === 0 || nodes.some((t) => t.startsWith(`${topology}/`));
    return fault.targets[0].startsWith(`${topology}/`);
}
export function scheduleFaults(engine, network, bus, faults, topology, targets, appHosts) {
    const signal = bus.signal(FAULT_INJECTED);
    const hostOf = (name) => (name.startsWith('app-') ? appHosts[Number(name.slice(4))] : targets.get(name).host);
    const emit = (kind, names) => signal.emit({ kind: FAULT_KINDS.indexOf(kind), node: names.join(','), timeNs: engine.now });
    const apply = (f, undo) => {
        const names = f.targets.filter((t) => t.startsWith('app-') || targets.has(t));
        switch (f.kind) {
            case 'pause':
            case 'resume':
            case 'crash':
            case 'restart': {
                const kind = undo ? 'resume' : f.kind;
                targets.get(f.targets[0])[kind]();
                emit(kind, f.targets);
                return;
            }
            case 'partition':
                if (undo)
                    network.heal();
                else
                    network.partition(names.map(hostOf));
                emit(undo ? 'heal' : 'partition', names);
                return;
            case 'heal':
                network.heal();
                emit('heal', []);
                return;
            case 'degrade':
                for (const n of names)
                    network.degrade(hostOf(n), undo ? 1 : f.factor, undo ? 0 : f.loss);
                emit(undo ? 'restore' : 'degrade', names);
        }
    };
    for (const f of faults) {
        if (!faultApplies(f, topology))
            continue;
        engine.at(f.atNs, () => apply(f, false));
        if (f.forNs !== null)
            engine.at(f.atNs + f.forNs, () => apply(f, true));
    }
}
//# sourceMappingURL=fault-injector.js.map