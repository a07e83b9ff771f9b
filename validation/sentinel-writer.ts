// The real side's writer during a Sentinel failover: a SET of a random key every 10 ms, each with a
// 100 ms timeout and no retry, sent to the master as last told by a sentinel, with the simulator's
// Sentinel-aware client policy (models/client/sentinel-client.ts): it asks
// `SENTINEL get-master-addr-by-name` at start and again whenever a write times out or the server
// closed its connection (CLIENT KILL after a promotion; it reconnects on the next write), one
// question at a time; a question unanswered within the timeout moves on to the next sentinel. Drives ioredis
// connections (one per data server, one per sentinel).

import type { Redis } from 'ioredis';
import { randomKey, VALUE } from './cluster-writer.js';
import { MASTER_NAME } from './real-sentinel.js';
import { connect } from './redis-fleet.js';

export class SentinelWriter {
  private readonly servers: Map<number, Redis>;
  private readonly sentinels: Redis[];
  private timer: NodeJS.Timeout | null = null;
  private master = -1;
  private asking = false;
  private sentinel = 0;
  /** ms (performance.now) of the first write after `sinceMs` that succeeded on a server other than `oldMasterPort`. */
  firstWriteMs: number | null = null;

  constructor(serverPorts: number[], sentinelPorts: number[], private readonly oldMasterPort: number, private readonly sinceMs: number,
    private readonly intervalMs = 10, private readonly timeoutMs = 100) {
    this.servers = new Map(serverPorts.map((port) => [port, connect(port, timeoutMs)]));
    this.sentinels = sentinelPorts.map((port) => connect(port, timeoutMs));
  }

  async start(): Promise<void> {
    await Promise.all([...this.servers.values(), ...this.sentinels].map((c) => c.connect()));
    await this.resolve();
    this.timer = setInterval(() => this.write(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const c of [...this.servers.values(), ...this.sentinels]) c.disconnect();
  }

  private write(): void {
    const port = this.master;
    this.servers.get(port)!.set(randomKey(), VALUE).then(() => {
      const now = performance.now();
      if (this.firstWriteMs === null && port !== this.oldMasterPort && now > this.sinceMs) this.firstWriteMs = now;
    }, (error: Error) => {
      if (/closed/i.test(error.message) && this.servers.get(port)!.status === 'end') {
        this.servers.set(port, connect(port, this.timeoutMs));
        void this.resolve();
      } else if (/timed? ?out/i.test(error.message)) void this.resolve();
    });
  }

  private async resolve(): Promise<void> {
    if (this.asking) return;
    this.asking = true;
    let unanswered = false;
    try {
      const [, port] = await this.sentinels[this.sentinel]!.call('SENTINEL', 'get-master-addr-by-name', MASTER_NAME) as [string, string];
      this.master = Number(port);
    } catch (error) {
      unanswered = /timed? ?out/i.test((error as Error).message);
      this.sentinel = (this.sentinel + 1) % this.sentinels.length;
    } finally {
      this.asking = false;
    }
    if (unanswered && this.timer) await this.resolve();
  }
}
