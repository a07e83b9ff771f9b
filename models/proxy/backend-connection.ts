// One connection from a proxy to a Redis server, pipelined as twemproxy's are: requests are written
// one after another without waiting for replies; the server runs them in arrival order on its one
// thread and the connection is a FIFO stream each way, so replies come back in request order. The
// connection keeps its outstanding requests in that order, with the time each times out at, and
// arms one timer at a time (for the oldest, re-armed lazily).

import { IntQueue } from '../../sim/collections/int-queue.js';
import { Channel } from '../network/network.js';

export class BackendConnection {
  readonly up = new Channel();
  readonly down = new Channel();
  /** Request rows written and not yet answered, oldest first, and when each times out (ns). */
  readonly outstanding = new IntQueue();
  readonly deadlines = new IntQueue();
  timerArmed = false;

  constructor(readonly id: number, readonly node: number) {}
}
