// The network: hosts in zones (zones in regions), each host with a NIC of one bandwidth in each
// direction. A message from A to B waits for A's NIC (FIFO), leaves at A's bandwidth, travels a
// propagation latency drawn from the zone pair's distribution (between regions: the region pair's when
// latency.regions names it, else crossRegion), and is received through B's NIC.
//
// Reception is modeled as cut-through (pipelined), not store-and-forward: the last byte is delivered
// at max(last byte arrives from the wire, B's NIC start + size/bandwidth), where B's NIC serves
// messages FIFO in order of their first byte's arrival. So an idle path costs one serialization, and
// incast onto one receiver queues at its NIC. Messages of one channel (a TCP connection) never
// overtake each other.
// NOTE: one event per message when the receiver's NIC is free. A message's event is set at its last
// byte off the wire, the earliest it can be delivered. By then every message whose first byte reached
// the receiver before its own has been sent. So the event settles the receiver's FIFO up to itself,
// in first-byte order (each receiver keeps a small heap of its messages in flight), and only a
// message that the FIFO delays takes a second event, at its delivery.
// Faults: a partition splits hosts into two sides and drops every message between them; a degraded
// host multiplies the latency of its messages and loses a share of them (drawn from the network's
// own stream). A dropped message still used its sender's NIC. A message dropped on a connection
// (a channel) is sent again by TCP, and the connection's later messages wait for it
// (tcp-recovery.ts); the segments that open and reset connections (sendSegment, tcp-segments.ts)
// and messages with no channel are gone. `lossy` and `canLose` tell the cluster bus where it needs
// its links (bus-links.ts).
// Abstracted away: TCP/IP header bytes and ACKs (≈3-5 % on a LAN), slow start, switch buffers.
// Parameters: bandwidth (bits/s), latency distributions (ns) per zone relation, rtoMin (ns).

import type { Distribution } from '../../sim/dist/distribution.js';
import { createDistribution } from '../../sim/dist/registry.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Rng, RngStreams } from '../../sim/random/rng.js';
import type { SignalBus, Signal } from '../../sim/signal/signal.js';
import { NET_MESSAGE, type NetMessage } from '../signals.js';
import type { NetworkParams } from './network-params.js';
import { type Reassembly, type RetransmitPath, TcpRecovery } from './tcp-recovery.js';

/** A FIFO stream between two endpoints (a TCP connection): its messages arrive in send order. */
export class Channel {
  lastFirstByteNs = 0;
  /** The sender's pending output on this connection: the write phase it is queued for (a number the sender draws, -1 none) and its write in that phase (redis-server.ts). */
  writePhase = -1;
  writeIndex = 0;
  /** While TCP recovers a message lost on this connection: the connection's messages since, to be passed on in order (else null). */
  reassembly: Reassembly | null = null;

  /** A new connection takes this channel's place (a reconnect): what the old one still recovers keeps its own order and holds up nothing new. */
  reopened(): void {
    this.reassembly = null;
  }
}

export class Network implements RetransmitPath {
  private readonly nsPerByte: number;
  private readonly latencyRng: Rng;
  private readonly latency: Distribution[];
  private readonly zoneRegion: number[];
  private readonly regionNames: string[];
  /** Per pair of regions (a·R + b), its own latency, or null for crossRegion. */
  private readonly regionLatency: (Distribution | null)[];
  private readonly zoneNames: string[];
  private readonly hostZone: number[] = [];
  private readonly hostNames: string[] = [];
  private egressFreeNs: Float64Array<ArrayBuffer> = new Float64Array(16);
  private side: Float64Array<ArrayBuffer> = new Float64Array(16);
  private latencyFactor: Float64Array<ArrayBuffer> = new Float64Array(16).fill(1);
  private lossRate: Float64Array<ArrayBuffer> = new Float64Array(16);
  private partitioned = false;
  private degraded = 0;
  /** Hosts that lose a share of their messages now. */
  private lossyHosts = 0;
  private readonly lossRng: Rng;
  private ingressFreeNs: Float64Array<ArrayBuffer> = new Float64Array(16);
  private readonly signal: Signal<NetMessage>;
  private readonly record: NetMessage = { purpose: 0, sizeBytes: 0, src: 0, dst: 0 };
  // Messages in flight (struct of arrays with a free list): receiver, first and last byte at the
  // receiver, send order, delivery time once the receiver's FIFO has settled it (−1 before).
  private flightDst = new Int32Array(64);
  private flightFirstByteNs = new Float64Array(64);
  private flightLastByteNs = new Float64Array(64);
  private flightSeq = new Float64Array(64);
  private flightDeliverNs = new Float64Array(64);
  private flightData = new Float64Array(64);
  private flightHandler: (EventHandler | null)[] = [];
  private flightFree: number[] = [];
  private nextSeq = 0;
  /** Per receiver: its messages not yet settled, a binary min-heap of flights by (first byte, send order). */
  private readonly unsettled: number[][] = [];
  private readonly onLastByte: EventHandler = (flight) => this.lastByte(flight);
  private readonly onDeliver: EventHandler = (flight) => this.deliver(flight);
  private readonly tcp: TcpRecovery;

  constructor(private readonly engine: Engine, params: NetworkParams, streams: RngStreams, bus: SignalBus) {
    this.nsPerByte = params.bandwidth === Infinity ? 0 : 8e9 / params.bandwidth;
    this.latencyRng = streams.stream('network/latency');
    this.lossRng = streams.stream('network/loss');
    this.latency = [params.latency.sameZone, params.latency.crossZone, params.latency.crossRegion]
      .map((spec) => createDistribution(spec));
    this.zoneNames = params.zones.map((z) => z.name);
    this.regionNames = [...new Set(params.zones.map((z) => z.region))];
    this.zoneRegion = params.zones.map((z) => this.regionNames.indexOf(z.region));
    const r = this.regionNames.length;
    this.regionLatency = new Array<Distribution | null>(r * r).fill(null);
    for (const pair of params.latency.regions) {
      const [a, b] = pair.between.map((name) => this.regionNames.indexOf(name)) as [number, number];
      this.regionLatency[a * r + b] = this.regionLatency[b * r + a] = createDistribution(pair.latency);
    }
    this.signal = bus.signal<NetMessage>(NET_MESSAGE);
    this.tcp = new TcpRecovery(engine, this, params.rtoMin);
  }

  zoneOf(host: number): number {
    return this.hostZone[host]!;
  }

  get zoneCount(): number {
    return this.zoneNames.length;
  }

  /** Zones chosen for hosts by name (the scenario's placement), over the builders' defaults. */
  placement: ReadonlyMap<string, number> = new Map();

  /** Adds a host in zone `zone` (index into the scenario's zones), or where the placement puts `name`; returns its id. */
  addHost(name: string, defaultZone: number): number {
    const zone = this.placement.get(name) ?? defaultZone;
    if (zone < 0 || zone >= this.zoneNames.length) throw new RangeError(`no zone ${zone}`);
    const id = this.hostZone.length;
    this.hostZone.push(zone);
    this.hostNames.push(name);
    this.unsettled.push([]);
    if (id >= this.egressFreeNs.length) {
      this.egressFreeNs = grow(this.egressFreeNs);
      this.ingressFreeNs = grow(this.ingressFreeNs);
      this.side = grow(this.side);
      this.lossRate = grow(this.lossRate);
      const factor = grow(this.latencyFactor);
      factor.fill(1, this.latencyFactor.length);
      this.latencyFactor = factor;
    }
    return id;
  }

  hostName(host: number): string {
    return this.hostNames[host]!;
  }

  /** Splits the network: `hosts` on one side, every other host on the other; messages across are dropped. */
  partition(hosts: readonly number[]): void {
    this.side.fill(0);
    for (const h of hosts) this.side[h] = 1;
    this.partitioned = true;
  }

  heal(): void {
    this.side.fill(0);
    this.partitioned = false;
  }

  /** Multiplies the latency of `host`'s messages by `factor` and drops a share `loss` of them (factor 1, loss 0: restore). */
  degrade(host: number, factor: number, loss: number): void {
    const was = this.latencyFactor[host] !== 1 || this.lossRate[host] !== 0;
    this.lossyHosts += (loss > 0 ? 1 : 0) - (this.lossRate[host]! > 0 ? 1 : 0);
    this.latencyFactor[host] = factor;
    this.lossRate[host] = loss;
    const is = factor !== 1 || loss !== 0;
    this.degraded += (is ? 1 : 0) - (was ? 1 : 0);
  }

  /** Whether a message can be lost anywhere now, or a connection still recovers one (where connections kept only then, the cluster bus's, are needed). */
  get lossy(): boolean {
    return this.partitioned || this.lossyHosts > 0 || this.tcp.recovering;
  }

  /** Whether a message between `a` and `b` can be lost now (a partition between them, or a lossy end). */
  canLose(a: number, b: number): boolean {
    return (this.partitioned && this.side[a] !== this.side[b]) || this.lossRate[a]! > 0 || this.lossRate[b]! > 0;
  }

  /** Whether a message sent now from `src` to `dst` on `channel` surely arrives one trip later: the path can lose nothing and the connection recovers nothing. */
  certain(channel: Channel, src: number, dst: number): boolean {
    return channel.reassembly === null && !this.canLose(src, dst);
  }

  /** Serialization time of `sizeBytes` on one NIC, ns. */
  serializationNs(sizeBytes: number): number {
    return Math.round(sizeBytes * this.nsPerByte);
  }

  /**
   * Sends `sizeBytes` from `src` to `dst` on `channel`; `deliver(data)` runs when the last byte is received.
   * `delayNs` > 0: the sender hands it to its NIC that much later (a write at the end of a Redis server's
   * write phase); it holds the NIC's queue from now, so what the host sends meanwhile queues behind it.
   * Lost on a channel, it is sent again (TCP); with no channel, it is gone.
   */
  send(src: number, dst: number, sizeBytes: number, purpose: number, channel: Channel | null, deliver: EventHandler, data: number, delayNs = 0): void {
    if (channel !== null && channel.reassembly !== null) {
      const segment = this.tcp.ordered(channel, src, dst, sizeBytes, purpose, deliver, data);
      if (segment >= 0 && !this.post(src, dst, sizeBytes, purpose, channel, this.tcp.onArrival, segment, delayNs)) this.tcp.lost(segment, this.engine.now + delayNs);
      return;
    }
    if (this.post(src, dst, sizeBytes, purpose, channel, deliver, data, delayNs) || channel === null) return;
    this.tcp.lost(this.tcp.ordered(channel, src, dst, sizeBytes, purpose, deliver, data), this.engine.now + delayNs);
  }

  /**
   * Opens a new connection on `channel` with a SYN of `sizeBytes` that leaves `delayNs` from now, resent by TCP if lost
   * (tcp-recovery.ts); what is sent on the channel meanwhile leaves when the SYN-ACK is back.
   */
  connect(src: number, dst: number, sizeBytes: number, purpose: number, channel: Channel, delayNs: number): void {
    this.tcp.connect(channel, src, dst, sizeBytes, purpose, delayNs);
  }

  /** Sends a segment that opens or resets a connection (SYN, SYN-ACK, RST): in the channel's order, but gone if lost (its sender's timers resend a SYN). */
  sendSegment(src: number, dst: number, sizeBytes: number, purpose: number, channel: Channel | null, deliver: EventHandler, data: number): void {
    this.post(src, dst, sizeBytes, purpose, channel, deliver, data, 0);
  }

  /** TCP sends a lost message again (no channel: the connection's order is the reassembly's); false if it is lost again. */
  resend(src: number, dst: number, sizeBytes: number, purpose: number, arrived: EventHandler, segment: number): boolean {
    return this.post(src, dst, sizeBytes, purpose, null, arrived, segment, 0);
  }

  /** The far end's kernel reset the connection of `channel` (its process died): what TCP still resends on it is dropped. */
  abort(channel: Channel): void {
    this.tcp.abort(channel);
  }

  /** The mean one-way latency between two hosts, degradation included, ns (TCP's smoothed RTT is twice it). */
  oneWayNs(src: number, dst: number): number {
    return this.latencyOf(src, dst).mean * Math.max(this.latencyFactor[src]!, this.latencyFactor[dst]!);
  }

  /** Puts a message on the wire; false if the partition or a degraded host's loss dropped it (it still used the sender's NIC). */
  private post(src: number, dst: number, sizeBytes: number, purpose: number, channel: Channel | null, deliver: EventHandler, data: number, delayNs: number): boolean {
    const now = this.engine.now;
    const serNs = this.serializationNs(sizeBytes);
    const leaveNs = Math.max(now + delayNs, this.egressFreeNs[src]!);
    this.egressFreeNs[src] = leaveNs + serNs;
    if (this.signal.active) {
      const r = this.record;
      r.purpose = purpose; r.sizeBytes = sizeBytes; r.src = src; r.dst = dst;
      this.signal.emit(r);
    }
    if (this.partitioned && this.side[src] !== this.side[dst]) return false;
    let latency = this.latencyOf(src, dst).sample(this.latencyRng);
    if (this.degraded > 0) {
      const loss = Math.max(this.lossRate[src]!, this.lossRate[dst]!);
      if (loss > 0 && this.lossRng() < loss) return false;
      latency *= Math.max(this.latencyFactor[src]!, this.latencyFactor[dst]!);
    }
    let firstByteNs = leaveNs + Math.round(latency);
    if (channel) {
      if (firstByteNs < channel.lastFirstByteNs) firstByteNs = channel.lastFirstByteNs;
      channel.lastFirstByteNs = firstByteNs;
    }
    if (serNs === 0) {
      this.engine.at(firstByteNs, deliver, data);
      return true;
    }
    const flight = this.allocFlight();
    this.flightDst[flight] = dst;
    this.flightFirstByteNs[flight] = firstByteNs;
    this.flightLastByteNs[flight] = firstByteNs + serNs;
    this.flightSeq[flight] = this.nextSeq++;
    this.flightDeliverNs[flight] = -1;
    this.flightData[flight] = data;
    this.flightHandler[flight] = deliver;
    this.pushUnsettled(this.unsettled[dst]!, flight);
    this.engine.at(firstByteNs + serNs, this.onLastByte, flight);
    return true;
  }

  /** The last byte of `flight` is off the wire: deliver it now, or when the receiver's NIC has passed it on. */
  private lastByte(flight: number): void {
    if (this.flightDeliverNs[flight]! < 0) this.settle(flight);
    const deliverNs = this.flightDeliverNs[flight]!;
    if (deliverNs > this.engine.now) this.engine.at(deliverNs, this.onDeliver, flight);
    else this.deliver(flight);
  }

  /** Runs the receiver's FIFO, in first-byte order, over its messages up to and including `flight`. */
  private settle(flight: number): void {
    const dst = this.flightDst[flight]!;
    const heap = this.unsettled[dst]!;
    for (;;) {
      const next = heap[0]!;
      const firstByteNs = this.flightFirstByteNs[next]!;
      const lastByteNs = this.flightLastByteNs[next]!;
      const startNs = Math.max(firstByteNs, this.ingressFreeNs[dst]!);
      const deliverNs = Math.max(lastByteNs, startNs + (lastByteNs - firstByteNs));
      this.ingressFreeNs[dst] = deliverNs;
      this.flightDeliverNs[next] = deliverNs;
      this.popUnsettled(heap);
      if (next === flight) return;
    }
  }

  private deliver(flight: number): void {
    const handler = this.flightHandler[flight]!;
    const data = this.flightData[flight]!;
    this.flightHandler[flight] = null;
    this.flightFree.push(flight);
    handler(data);
  }

  /** Whether flight a's first byte reached its receiver before b's (ties: the one sent first). */
  private before(a: number, b: number): boolean {
    const fa = this.flightFirstByteNs[a]!;
    const fb = this.flightFirstByteNs[b]!;
    return fa < fb || (fa === fb && this.flightSeq[a]! < this.flightSeq[b]!);
  }

  private pushUnsettled(heap: number[], flight: number): void {
    let hole = heap.length;
    heap.push(flight);
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      if (!this.before(flight, heap[parent]!)) break;
      heap[hole] = heap[parent]!;
      hole = parent;
    }
    heap[hole] = flight;
  }

  private popUnsettled(heap: number[]): void {
    const last = heap.pop()!;
    const size = heap.length;
    if (size === 0) return;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= size) break;
      if (child + 1 < size && this.before(heap[child + 1]!, heap[child]!)) child++;
      if (!this.before(heap[child]!, last)) break;
      heap[hole] = heap[child]!;
      hole = child;
    }
    heap[hole] = last;
  }

  /** How far apart two hosts are: 0 in one zone, 1 in zones of one region, 2 in different regions (which latency they pay). */
  distance(a: number, b: number): number {
    const za = this.hostZone[a]!;
    const zb = this.hostZone[b]!;
    return za === zb ? 0 : this.zoneRegion[za] === this.zoneRegion[zb] ? 1 : 2;
  }

  /** The region name of a host. */
  regionOf(host: number): string {
    return this.regionNames[this.zoneRegion[this.hostZone[host]!]!]!;
  }

  /** The latency distribution of the path between two hosts. */
  private latencyOf(src: number, dst: number): Distribution {
    const distance = this.distance(src, dst);
    const pair = distance === 2 ? this.regionLatency[this.zoneRegion[this.hostZone[src]!]! * this.regionNames.length + this.zoneRegion[this.hostZone[dst]!]!]! : null;
    return pair ?? this.latency[distance]!;
  }

  private allocFlight(): number {
    const free = this.flightFree.pop();
    if (free !== undefined) return free;
    const id = this.flightHandler.length;
    this.flightHandler.push(null);
    if (id >= this.flightDst.length) {
      const n = this.flightDst.length * 2;
      const dst = new Int32Array(n); dst.set(this.flightDst); this.flightDst = dst;
      this.flightFirstByteNs = grow(this.flightFirstByteNs);
      this.flightLastByteNs = grow(this.flightLastByteNs);
      this.flightSeq = grow(this.flightSeq);
      this.flightDeliverNs = grow(this.flightDeliverNs);
      this.flightData = grow(this.flightData);
    }
    return id;
  }
}

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
