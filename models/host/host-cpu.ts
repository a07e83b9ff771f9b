// What a client library asks of its application host's CPU: run some work, then call back. Two
// hosts implement it: CpuPool (threads on identical cores, FIFO) and EventLoop (one thread turning a
// Node-style event loop).

import type { EventHandler } from '../../sim/engine/engine.js';

export interface HostCpu {
  /** Cores (an event loop: 1). */
  readonly cores: number;
  /** CPU-ns of work done from time 0 to `nowNs` (work committed minus work still ahead). */
  busyNsAt(nowNs: number): number;
  /** Runs `workNs` of CPU work, then `done(data)`; `source` is the connection whose I/O made it ready, if any (an event loop orders each poll's items by it). */
  run(workNs: number, done: EventHandler, data: number, source?: object | null): void;
}
