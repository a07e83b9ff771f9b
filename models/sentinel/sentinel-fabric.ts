// What the sentinels, the monitored instances and the Sentinel clients of one topology share: the
// processes (data servers first, then sentinels, each a Redis process on its own host), the message
// pool, the network path of their messages (purpose `sentinel`, one TCP connection per pair of
// processes, so a pair's messages stay in order), the replication hub, the clients (told when a
// server closes their connections), and the failover events and lost-write signal. When a process
// dies, its host resets each sentinel's link to it, after what the process had written on it; a
// sentinel's reconnect is a handshake its host answers, with a reset while the process is dead
// (tcp-segments.ts).

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { ConnectionHolder } from '../client/client-connections.js';
import { Channel, type Network } from '../network/network.js';
import { answerHandshake, sendHandshake, sendReset } from '../network/tcp-segments.js';
import type { ReplicationHub } from '../replication/replication-hub.js';
import type { RedisServer } from '../server/redis-server.js';
import { CLUSTER_EVENT, Purpose, REPLICATION_LOST, type ClusterEvent, type ReplicationLost } from '../signals.js';
import type { MonitoredInstance } from './monitored-instance.js';
import { SentinelMessagePool, SentinelType } from './sentinel-message.js';
import { FIN_BYTES } from './sentinel-wire.js';

/** A Sentinel client as the fabric sees it: where it runs, which servers it has connections to, and its handlers. */
export interface SentinelClientLink {
  readonly host: number;
  connectedTo(server: number): boolean;
  /** Server `data` closed this client's connections to it. */
  readonly onKilled: EventHandler;
  /** A get-master-addr-by-name reply: request number `epoch`, master instance index `master`. */
  addressed(epoch: number, master: number): void;
}

export interface SentinelTiming {
  downAfterNs: number;
  failoverTimeoutNs: number;
  quorum: number;
  parallelSyncs: number;
}

export class SentinelFabric implements ConnectionHolder {
  readonly pool = new SentinelMessagePool();
  /** Per process: hands it an arrived message (queued on its thread). */
  readonly receivers: EventHandler[] = [];
  clients: readonly SentinelClientLink[] = [];
  /** The data servers' sentinel-facing side, by index. */
  readonly instances: MonitoredInstance[] = [];
  private readonly channels: (Channel | undefined)[];
  private readonly n: number;
  private readonly eventSignal: Signal<ClusterEvent>;
  private readonly eventRecord: ClusterEvent = { kind: 0, node: '', target: '', timeNs: 0, delayNs: 0, rank: 0 };
  private readonly lostSignal: Signal<ReplicationLost>;
  private readonly onArrive: EventHandler = (id) => {
    const to = this.pool.get(id).to;
    if (this.processes[to]!.crashed) this.pool.release(id);
    else this.receivers[to]!(id);
  };
  /** A reconnect's SYN reached its process's host: a SYN-ACK back, or a reset if the process is dead (the sentinel learns which). */
  private readonly onSyn: EventHandler = (id) => {
    const m = this.pool.get(id);
    const listening = !this.processes[m.to]!.crashed;
    m.type = listening ? SentinelType.connected : SentinelType.refused;
    [m.from, m.to] = [m.to, m.from];
    answerHandshake(this.network, this.hostOf(m.from), this.hostOf(m.to), this.channel(m.from, m.to), listening, this.onArrive, this.onArrive, id);
  };
  private readonly onClientArrive: EventHandler = (id) => {
    const m = this.pool.get(id);
    this.clients[m.client]!.addressed(m.epoch, m.master);
    this.pool.release(id);
  };

  constructor(
    readonly engine: Engine,
    readonly network: Network,
    bus: SignalBus,
    /** Data servers (indexes 0..data−1), then sentinels. */
    readonly processes: readonly RedisServer[],
    readonly data: number,
    readonly replication: ReplicationHub,
    readonly timing: SentinelTiming,
  ) {
    this.n = processes.length;
    this.channels = new Array<Channel | undefined>(this.n * this.n);
    this.eventSignal = bus.signal<ClusterEvent>(CLUSTER_EVENT);
    this.lostSignal = bus.signal<ReplicationLost>(REPLICATION_LOST);
  }

  get sentinels(): number {
    return this.n - this.data;
  }

  /** Puts message `id` on the wire from its sender to its receiver (both processes). */
  send(id: number): void {
    const m = this.pool.get(id);
    this.network.send(this.hostOf(m.from), this.hostOf(m.to), m.sizeBytes, Purpose.sentinel, this.channel(m.from, m.to), this.onArrive, id);
  }

  /** The process on `host` died: its host resets each sentinel's link to it (sentinels only hold links here). */
  processDied(host: number): void {
    for (let j = 0; j < this.n; j++) {
      if (this.hostOf(j) !== host) continue;
      for (let k = this.data; k < this.n; k++) {
        if (k !== j) sendReset(this.network, host, this.hostOf(k), this.channel(j, k), this.onArrive, this.pool.alloc(SentinelType.reset, j, k, 0));
      }
    }
  }

  /** Sentinel `from` connects its link to process `to` again (its attempt number `attempt`). */
  connect(from: number, to: number, attempt: number): void {
    const id = this.pool.alloc(SentinelType.connected, from, to, 0);
    this.pool.get(id).epoch = attempt;
    sendHandshake(this.network, this.hostOf(from), this.hostOf(to), this.channel(from, to), this.onSyn, id);
  }

  private hostOf(process: number): number {
    return this.processes[process]!.options.host;
  }

  private channel(from: number, to: number): Channel {
    return (this.channels[from * this.n + to] ??= new Channel());
  }

  /** A client's get-master-addr-by-name to sentinel process `sentinel`. */
  sendFromClient(id: number): void {
    const m = this.pool.get(id);
    this.network.send(this.clients[m.client]!.host, this.processes[m.to]!.options.host, m.sizeBytes, Purpose.sentinel, null, this.onArrive, id);
  }

  /** The reply to a client's request. */
  sendToClient(id: number): void {
    const m = this.pool.get(id);
    this.network.send(this.processes[m.from]!.options.host, this.clients[m.client]!.host, m.sizeBytes, Purpose.sentinel, null, this.onClientArrive, id);
  }

  /** CLIENT KILL TYPE normal on data server `server`: each client connected to it learns when the FIN arrives. */
  closeClients(server: number): void {
    const host = this.processes[server]!.options.host;
    for (const c of this.clients) if (c.connectedTo(server)) this.network.send(host, c.host, FIN_BYTES, Purpose.connect, null, c.onKilled, server);
  }

  name(process: number): string {
    return this.processes[process]!.options.name;
  }

  event(kind: number, node: number, target: number): void {
    if (!this.eventSignal.active) return;
    const r = this.eventRecord;
    r.kind = kind; r.node = this.name(node); r.target = this.name(target); r.timeNs = this.engine.now;
    this.eventSignal.emit(r);
  }

  lost(writes: number): void {
    if (writes > 0 && this.lostSignal.active) this.lostSignal.emit({ writes });
  }
}
