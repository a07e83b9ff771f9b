// fork(2) on a Redis server's main thread (src/server.c redisFork, for BGSAVE and for a replica's
// full sync): the kernel copies the page tables while the parent waits, a pause of `forkPerGB` per
// GB of dataset (redis.io "Diagnosing latency issues": 10–13 ms per GB on VMware, physical and EC2
// HVM hosts). Forks are queued on the thread like any other work, each emitting `server.persistence`
// kind 0 with its pause; what the child then does is its requester's (persistence.ts,
// replication-stream.ts). A fork queued when the process dies never happens; its requester is told.
// Abstracted: the kernel's copy-on-write faults after the fork (persistence.ts counts the pages),
// transparent huge pages, and a fork's failure for lack of memory.
// Parameters: persistence.forkPerGB (ns per GB).

import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import { SERVER_PERSISTENCE, type ServerPersistence } from '../signals.js';
import type { Keyspace } from './keyspace.js';

export class ForkTask {
  private readonly waiting: { then: () => void; cancelled: (() => void) | undefined }[] = [];
  private readonly signal: Signal<ServerPersistence>;

  constructor(private readonly keyspace: Keyspace, private readonly forkPerGBNs: number, private readonly serverId: number, bus: SignalBus) {
    this.signal = bus.signal<ServerPersistence>(SERVER_PERSISTENCE);
  }

  /** Queues a fork whose child starts with `then` (called with the dataset as it is at the fork); `cancelled` if the process dies first. */
  request(then: () => void, cancelled?: () => void): void {
    this.waiting.push({ then, cancelled });
  }

  begin(): number {
    const pauseNs = (this.keyspace.usedBytes / 1e9) * this.forkPerGBNs;
    if (this.signal.active) this.signal.emit({ server: this.serverId, kind: 0, durationNs: pauseNs, cowBytes: 0, datasetBytes: 0 });
    return pauseNs;
  }

  finish(): void {
    this.waiting.shift()!.then();
  }

  /** The process died: its queued forks never happen, and their requesters are told. */
  clear(): void {
    const dropped = this.waiting.splice(0);
    for (const w of dropped) w.cancelled?.();
  }
}
