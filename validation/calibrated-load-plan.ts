// The plan of an experiment that calibrates right before each replication and then runs closed
// loops of C connections (single-node.ts, twemproxy.ts).

export interface CalibratedLoadPlan {
  connections: number[];
  loadMs: number;
  /** Wall time of each of calibrate's measurement phases. */
  calibrationPhaseMs: number;
  replications: number;
}
