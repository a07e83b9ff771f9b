// What the sentinels, the monitored instances and the Sentinel clients of one topology share: the
// processes (data servers first, then sentinels, each a Redis process on its own host), the message
// pool, the network path of their messages (purpose `sentinel`, one TCP connection per pair of
// processes, so a pair's messages stay in order), the replication hub, the clients (told when a
// server closes their connections), and the failover events and lost-write signal. When a process
// dies, its host resets each sentinel's link to it, after what the process had written on it; a
// sentinel's reconnect is a handshake its host answers, with a reset while the process is dead
// (tcp-segments.ts). A client's question to a sentinel opens a connection of its own (ioredis's
// SentinelConnector makes a new connection per resolve and drops it after the answer): the
// sentinel's host refuses it while the process is dead, and resets it if the process dies before it
// has answered, so the client tries the next sentinel without waiting for its timeout; a question
// still on its way then finds no connection, even at a process restarted meanwhile. A client's
// segments and messages to and from one sentinel keep their order (one channel each way per pair).

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

/** A Sentinel client as the fabric sees it: where it runs, which servers it has connections to, and its handlers. */
export interface SentinelClientLink {
  readonly host: number;
  connectedTo(server: number): boolean;
  /** Data server `server` closes this client's connections to it (CLIENT KILL). */
  killedBy(server: number): void;
  /** A get-master-addr-by-name reply: request number `epoch`, master instance index `master`. */
  addressed(epoch: number, master: number): void;
  /** The connection for question `question` is open (SYN-ACK): the client sends it. */
  connected(question: number): void;
  /** The connection for question `question` was refused or reset: its sentinel's process is dead. */
  refused(question: number): void;
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
  private readonly clientChannels: (Channel | undefined)[] = [];
  private readonly n: number;
  private readonly eventSignal: Signal<ClusterEvent>;
  private readonly eventRecord: ClusterEvent = { kind: 0, node: '', target: '', timeNs: 0, delayNs: 0, rank: 0 };
  private readonly lostSignal: Signal<ReplicationLost>;
  /** Per client: the sentinel process whose host accepted its question's connection, until the answer is written (−1: none), and that question. */
  private readonly accepted: number[] = [];
  private readonly acceptedQuestion: number[] = [];
  private readonly onArrive: EventHandler = (id) => {
    const m = this.pool.get(id);
    if (m.type === SentinelType.getAddr && this.acceptedQuestion[m.client] === m.epoch && this.accepted[m.client] === -1) {
      // Its connection was reset when the process that accepted it died: a restarted process never had it, and the client knows.
      this.pool.release(id);
      return;
    }
    if (!this.processes[m.to]!.crashed) this.receivers[m.to]!(id);
    else if (m.type === SentinelType.getAddr) this.resetClient(m.to, m.client, m.epoch, id);
    else this.pool.release(id);
  };
  /** A reconnect's SYN reached its process's host: a SYN-ACK back, or a reset if the process is dead (the sentinel learns which). */
  private readonly onSyn: EventHandler = (id) => {
    const m = this.pool.get(id);
    const listening = !this.processes[m.to]!.crashed;
    m.type = listening ? SentinelType.connected : SentinelType.refused;
    [m.from, m.to] = [m.to, m.from];
    answerHandshake(this.network, this.hostOf(m.from), this.hostOf(m.to), this.channel(m.from, m.to), listening, this.onArrive, this.onArrive, id);
  };
  /** A client's SYN reached a sentinel's host: a SYN-ACK back, or a reset if the sentinel's process is dead. */
  private readonly onClientSyn: EventHandler = (id) => {
    const m = this.pool.get(id);
    const listening = !this.processes[m.to]!.crashed;
    if (listening) {
      this.accepted[m.client] = m.to;
      this.acceptedQuestion[m.client] = m.epoch;
    }
    m.type = listening ? SentinelType.connected : SentinelType.refused;
    answerHandshake(this.network, this.hostOf(m.to), this.clients[m.client]!.host, this.clientDown(m.client, m.to), listening, this.onClientSegment, this.onClientSegment, id);
  };
  private readonly onClientSegment: EventHandler = (id) => {
    const m = this.pool.get(id);
    const client = this.clients[m.client]!;
    if (m.type === SentinelType.connected) client.connected(m.epoch);
    else client.refused(m.epoch);
    this.pool.release(id);
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

  /** The process on `host` died: its host resets each sentinel's link to it, and each client's connection to it that awaits an answer. */
  processDied(host: number): void {
    for (let j = 0; j < this.n; j++) {
      if (this.hostOf(j) !== host) continue;
      for (let k = this.data; k < this.n; k++) {
        if (k !== j) sendReset(this.network, host, this.hostOf(k), this.channel(k, j), this.channel(j, k), this.onArrive, this.pool.alloc(SentinelType.reset, j, k, 0));
      }
      this.accepted.forEach((sentinel, client) => {
        if (sentinel === j) this.resetClient(j, client, this.acceptedQuestion[client]!, this.pool.alloc(SentinelType.refused, j, -1, 0));
      });
    }
  }

  /** The connection of client `client`'s question `question` is over: forgotten, unless a later question's is open. */
  private closeAccepted(client: number, question: number): void {
    if (this.acceptedQuestion[client] === question) this.accepted[client] = -1;
  }

  /** Client `client` opens a connection to sentinel process `sentinel` to ask question `question`. */
  connectClient(client: number, sentinel: number, question: number): void {
    const id = this.pool.alloc(SentinelType.connected, -1, sentinel, 0);
    const m = this.pool.get(id);
    m.client = client;
    m.epoch = question;
    this.clientUp(client, sentinel).reopened();
    this.clientDown(client, sentinel).reopened();
    sendHandshake(this.network, this.clients[client]!.host, this.hostOf(sentinel), this.clientUp(client, sentinel), this.onClientSyn, id);
  }

  /** Sentinel process `sentinel`'s host resets client `client`'s connection (question `question`), reusing message `id`. */
  private resetClient(sentinel: number, client: number, question: number, id: number): void {
    this.closeAccepted(client, question);
    const m = this.pool.get(id);
    m.type = SentinelType.refused;
    m.client = client;
    m.epoch = question;
    sendReset(this.network, this.hostOf(sentinel), this.clients[client]!.host, this.clientUp(client, sentinel), this.clientDown(client, sentinel), this.onClientSegment, id);
  }

  /** Sentinel `from` connects its link to process `to` again (its attempt number `attempt`). */
  connect(from: number, to: number, attempt: number): void {
    const id = this.pool.alloc(SentinelType.connected, from, to, 0);
    this.pool.get(id).epoch = attempt;
    this.channel(from, to).reopened();
    this.channel(to, from).reopened();
    sendHandshake(this.network, this.hostOf(from), this.hostOf(to), this.channel(from, to), this.onSyn, id);
  }

  private hostOf(process: number): number {
    return this.processes[process]!.options.host;
  }

  private channel(from: number, to: number): Channel {
    return (this.channels[from * this.n + to] ??= new Channel());
  }

  /** The path of client `client`'s connections to process `sentinel`, up and down: its segments and messages stay in order, as one TCP connection's do. */
  private clientUp(client: number, sentinel: number): Channel {
    return (this.clientChannels[2 * (client * this.n + sentinel)] ??= new Channel());
  }

  private clientDown(client: number, sentinel: number): Channel {
    return (this.clientChannels[2 * (client * this.n + sentinel) + 1] ??= new Channel());
  }

  /** A client's get-master-addr-by-name to sentinel process `sentinel`. */
  sendFromClient(id: number): void {
    const m = this.pool.get(id);
    this.network.send(this.clients[m.client]!.host, this.processes[m.to]!.options.host, m.sizeBytes, Purpose.sentinel, this.clientUp(m.client, m.to), this.onArrive, id);
  }

  /** The reply to a client's request (the client then closes the connection). */
  sendToClient(id: number): void {
    const m = this.pool.get(id);
    this.closeAccepted(m.client, m.epoch);
    this.network.send(this.processes[m.from]!.options.host, this.clients[m.client]!.host, m.sizeBytes, Purpose.sentinel, this.clientDown(m.client, m.from), this.onClientArrive, id);
  }

  /** CLIENT KILL TYPE normal on data server `server`: it closes each client's connections to it. */
  closeClients(server: number): void {
    for (const c of this.clients) if (c.connectedTo(server)) c.killedBy(server);
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

  /** The run ends: what superseded masters acknowledged and their demotion would discard is lost. */
  runEnds(): void {
    this.lost(this.instances.reduce((sum, m) => sum + m.writesPendingLoss(), 0));
  }
}
