// Injects a scenario's faults into one run at their virtual times and says so with a
// `fault.injected` signal that reports annotate. What a fault does is the node's business
// (FaultTarget): pause = SIGSTOP (the process is alive, nothing runs: no replies, no cron, no
// gossip; work queues), resume = SIGCONT, crash = the process dies (queued work is lost, messages
// to it are dropped).

import type { Engine } from '../../sim/engine/engine.js';
import type { SignalBus } from '../../sim/signal/signal.js';
import { FAULT_INJECTED, FAULT_KINDS, type FaultInjected } from '../signals.js';
import type { Fault } from './fault-params.js';

export interface FaultTarget {
  pause(): void;
  resume(): void;
  crash(): void;
}

export function scheduleFaults(engine: Engine, bus: SignalBus, faults: readonly Fault[], topology: string, targets: ReadonlyMap<string, FaultTarget>): void {
  const signal = bus.signal<FaultInjected>(FAULT_INJECTED);
  const inject = (kind: Fault['kind'], name: string) => {
    const target = targets.get(name)!;
    target[kind]();
    signal.emit({ kind: FAULT_KINDS.indexOf(kind), node: name, timeNs: engine.now });
  };
  for (const f of faults) {
    if (!f.target.startsWith(`${topology}/`)) continue;
    engine.at(f.atNs, () => inject(f.kind, f.target));
    if (f.kind === 'pause' && f.forNs !== null) engine.at(f.atNs + f.forNs, () => inject('resume', f.target));
  }
}
