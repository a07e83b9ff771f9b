// Injects a scenario's faults into one run at their virtual times and says so with a
// `fault.injected` signal that reports annotate. A node fault is the node's business
// (FaultTarget): pause = SIGSTOP (the process is alive, nothing runs: no replies, no cron, no
// gossip; work queues), resume = SIGCONT, crash = the process dies (queued work is lost, messages to
// it are dropped, and its host's kernel resets the clients' connections to it:
// client-connections.ts), restart = it starts again empty. Network faults go to the network:
// partition/heal, degrade (latency ×, loss).

import type { Engine } from '../../sim/engine/engine.js';
import type { SignalBus } from '../../sim/signal/signal.js';
import type { ClientConnections } from '../client/client-connections.js';
import type { Network } from '../network/network.js';
import type { RedisServer } from '../server/redis-server.js';
import { FAULT_INJECTED, FAULT_KINDS, type FaultInjected } from '../signals.js';
import type { Fault } from './fault-params.js';

export interface FaultTarget {
  host: number;
  pause(): void;
  resume(): void;
  crash(): void;
  /** Starts the process again after a crash, without its data. */
  restart(): void;
}

/** The faults of one Redis process; `after` adds what its other parts do (a cluster node's bus). */
export function processFaultTarget(server: RedisServer, after: { crash?: () => void; restart?: () => void } = {}): FaultTarget {
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

/** A process dies on a live host (kill -9): it stops, and its host resets the connections to it. */
export function crashProcess(target: FaultTarget, connections: ClientConnections): void {
  target.crash();
  connections.processDied(target.host);
}

/** True if `fault` concerns the run of topology `topology`. */
export function faultApplies(fault: Fault, topology: string): boolean {
  if (fault.kind === 'heal') return true;
  const nodes = fault.targets.filter((t) => t.includes('/'));
  if (fault.kind === 'partition' || fault.kind === 'degrade') return nodes.length === 0 || nodes.some((t) => t.startsWith(`${topology}/`));
  return fault.targets[0]!.startsWith(`${topology}/`);
}

export function scheduleFaults(
  engine: Engine, network: Network, bus: SignalBus, faults: readonly Fault[], topology: string,
  targets: ReadonlyMap<string, FaultTarget>, appHosts: readonly number[], connections: ClientConnections,
): void {
  const signal = bus.signal<FaultInjected>(FAULT_INJECTED);
  const hostOf = (name: string) => (name.startsWith('app-') ? appHosts[Number(name.slice(4))]! : targets.get(name)!.host);
  const emit = (kind: (typeof FAULT_KINDS)[number], names: readonly string[]) =>
    signal.emit({ kind: FAULT_KINDS.indexOf(kind), node: names.join(','), timeNs: engine.now });
  const apply = (f: Fault, undo: boolean): void => {
    const names = f.targets.filter((t) => t.startsWith('app-') || targets.has(t));
    switch (f.kind) {
      case 'pause':
      case 'resume':
      case 'crash':
      case 'restart': {
        const kind = undo ? 'resume' : f.kind;
        const target = targets.get(f.targets[0]!)!;
        if (kind === 'crash') crashProcess(target, connections);
        else target[kind]();
        emit(kind, f.targets);
        return;
      }
      case 'partition':
        if (undo) network.heal();
        else network.partition(names.map(hostOf));
        emit(undo ? 'heal' : 'partition', names);
        return;
      case 'heal':
        network.heal();
        emit('heal', []);
        return;
      case 'degrade':
        for (const n of names) network.degrade(hostOf(n), undo ? 1 : f.factor, undo ? 0 : f.loss);
        emit(undo ? 'restore' : 'degrade', names);
    }
  };
  for (const f of faults) {
    if (!faultApplies(f, topology)) continue;
    engine.at(f.atNs, () => apply(f, false));
    if (f.forNs !== null) engine.at(f.atNs + f.forNs, () => apply(f, true));
  }
}
