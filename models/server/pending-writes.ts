// A Redis server's clients with output waiting for beforeSleep's writes (Redis 7.0.15,
// src/networking.c: putClientInPendingWriteQueue adds a client once per event-loop iteration, at the
// head of clients_pending_write, when its first output of the iteration is queued;
// handleClientsWithPendingWrites then walks the list from head to tail, one writeToClient, that is
// one write(2) of all its output, per client). So the connections are written newest first: a
// BCAST flush's redirect connections (queued in beforeSleep) before the iteration's writers, and a
// writer before the redirect connection its command invalidated (queued during the command). Each
// write takes the server's thread `write` ns and its messages leave when it ends; with I/O threads
// writing (io-threads.ts) the writes go round-robin to the threads, so the k-th leaves after
// floor(k / threads) + 1 writes.
// A connection is marked on its Channel with the phase of the server writing it (phases are unique
// to a server's iteration): a Channel that several servers write (the cluster tool's, a cluster
// client's refresh connection) gets a write of its own on each, as separate connections would. Abstracted away: partial writes (a reply larger than the socket buffer; the write
// handler), a write's cost growing with its size (its bytes are in the command's perKB), the 64 KB
// per-client cap per event (NET_MAX_WRITES_PER_EVENT), the replicas' writes (redis-server.ts).
// Parameters: the write's time (cost.write, ns), the threads writing.

import type { Channel } from '../network/network.js';

/** Sends a message queued for the writes, `delayNs` after now (when its write ends). */
export interface WriteSender {
  sendWritten(data: number, delayNs: number): void;
}

/** Numbers the write phases of every server, so that a connection's mark is never mistaken for another phase's. */
let nextPhase = 0;

export class PendingWrites {
  private phase = nextPhase++;
  /** Writes queued this iteration (connections with output), in the order their first output was queued. */
  private writeCount = 0;
  private readonly writeHead: number[] = [];
  private readonly writeTail: number[] = [];
  /**
   * Messages in queue order: their sender, data, and the next message of the same write (-1: none).
   * NOTE: the arrays keep their length from phase to phase and `messages` counts what is in use
   * (truncating three arrays at every flush was about 1 % of a large cluster's run).
   */
  private messages = 0;
  private readonly senders: WriteSender[] = [];
  private readonly data: number[] = [];
  private readonly next: number[] = [];

  /** Connections to write. */
  get writes(): number {
    return this.writeCount;
  }

  /** Queues a message on `channel` (null: a connection of its own). */
  queue(channel: Channel | null, sender: WriteSender, data: number): void {
    const message = this.messages++;
    this.senders[message] = sender;
    this.data[message] = data;
    this.next[message] = -1;
    if (channel !== null && channel.writePhase === this.phase) {
      const write = channel.writeIndex;
      this.next[this.writeTail[write]!] = message;
      this.writeTail[write] = message;
      return;
    }
    const write = this.writeCount++;
    this.writeHead[write] = message;
    this.writeTail[write] = message;
    if (channel !== null) {
      channel.writePhase = this.phase;
      channel.writeIndex = write;
    }
  }

  /** Writes every connection, newest first, from `startDelayNs` after now, `threads` at a time, each write taking `writeNs`; then forgets them. */
  flush(startDelayNs: number, writeNs: number, threads: number): void {
    const writes = this.writeCount;
    for (let k = 0; k < writes; k++) {
      const delayNs = startDelayNs + (Math.floor(k / threads) + 1) * writeNs;
      for (let m = this.writeHead[writes - 1 - k]!; m >= 0; m = this.next[m]!) this.senders[m]!.sendWritten(this.data[m]!, delayNs);
    }
    this.clear();
  }

  /** Drops what is queued (the process died). */
  clear(): void {
    this.writeCount = 0;
    this.messages = 0;
    this.phase = nextPhase++;
  }
}
