// Which machine, if any, each host of a run is on (scenario `machines`): the processes of the hosts
// on one machine share its cores (core-schedule.ts); a host on no machine has cores of its own.
// A host is named as in `placement`: "app-<i>" or "<topology>/<node>"; "app-*" stands for every
// application host, "<topology>/*" for every process of a topology, "*" for every host.
// Abstracted away: a cluster tool's redis-cli host (<topology>/admin) is on no machine (its
// commands' CPU is a delay of its own), and so is an origin database.
// Parameters: machine-params.ts (cores: count).

import type { UsageSource } from './busy-meter.js';
import { CoreSchedule } from './core-schedule.js';
import type { MachineParams } from './machine-params.js';

/** Whether host pattern `pattern` names host `name`. */
export function hostPatternMatches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern === 'app-*') return /^app-\d+$/.test(name);
  if (pattern.endsWith('/*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

/** What two host patterns both name, as the narrower of them, or null when they name no host in common. */
export function patternOverlap(a: string, b: string): string | null {
  if (a === b) return a;
  for (const [wide, narrow] of [[a, b], [b, a]] as const) if (hostPatternMatches(wide, narrow)) return narrow;
  return null;
}

export class Machines {
  private readonly cores: CoreSchedule[];
  /** Whether some host of the run is on each machine (a machine may hold only other topologies' hosts). */
  private readonly used: boolean[];

  constructor(private readonly params: readonly MachineParams[]) {
    this.cores = params.map((m) => new CoreSchedule(m.cores));
    this.used = params.map(() => false);
  }

  /** The cores host `name` shares with the other hosts of its machine, or null when it is on none. */
  of(name: string): CoreSchedule | null {
    const i = this.params.findIndex((m) => m.hosts.some((h) => hostPatternMatches(h, name)));
    if (i < 0) return null;
    this.used[i] = true;
    return this.cores[i]!;
  }

  /** The machines that hold a host of the run, as accounted resources (all their cores). */
  usage(): UsageSource[] {
    return this.params.flatMap((m, i): UsageSource[] => {
      const cores = this.cores[i]!;
      return this.used[i] ? [{ name: m.name, kind: 'machine-cpu', capacity: m.cores, busyNsAt: (now) => cores.busyNsAt(now) }] : [];
    });
  }
}
