// Which machine, if any, each host of a run is on (scenario `machines`): the processes of the hosts
// on one machine share its cores (core-schedule.ts); a host on no machine has cores of its own.
// A host is named as in `placement`: "app-<i>" or "<topology>/<node>"; "app-*" stands for every
// application host, "<topology>/*" for every process of a topology, "*" for every host.
// Parameters: machine-params.ts.

import { CoreSchedule } from './core-schedule.js';
import type { MachineParams } from './machine-params.js';

/** Whether host pattern `pattern` names host `name`. */
export function hostPatternMatches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern === 'app-*') return /^app-\d+$/.test(name);
  if (pattern.endsWith('/*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

export class Machines {
  private readonly cores: CoreSchedule[];

  constructor(private readonly params: readonly MachineParams[]) {
    this.cores = params.map((m) => new CoreSchedule(m.cores));
  }

  /** The cores host `name` shares with the other hosts of its machine, or null when it is on none. */
  of(name: string): CoreSchedule | null {
    const i = this.params.findIndex((m) => m.hosts.some((h) => hostPatternMatches(h, name)));
    return i < 0 ? null : this.cores[i]!;
  }
}
