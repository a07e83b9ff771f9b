// TCP's recovery of a message lost on a connection (Linux, net/ipv4/tcp_timer.c, tcp_output.c,
// tcp_input.c, tcp_recovery.c), and its in-order delivery: the message is sent again until a copy
// gets through, and the connection's later messages, which the receiver's kernel holds out of
// order, reach the process only once it has (head-of-line blocking). A message lost in a partition
// or on a lossy host is late, not gone, as it is for an application over TCP.
// - One retransmission timer per connection, on its first lost message. After a send Linux arms a
//   tail loss probe (tcp_schedule_loss_probe): with one packet out at min(2·srtt + TCP_RTO_MIN,
//   RTO), that is the RTO = srtt + TCP_RTO_MIN (200 ms: Linux keeps the RTT variance term at least
//   rto_min, __tcp_set_rto); with more out at 2·srtt + 2 ms, but each acknowledgement of an earlier
//   message re-arms it, so with messages lost whole (below) it fires one RTO after the later of the
//   send and the acknowledgement of the message before (one way after that one's first byte). The
//   probe backs nothing off and restarts the RTO from itself; each RTO after it doubles the next
//   (icsk_backoff), at most TCP_RTO_MAX (120 s): copies at r, 2r, 4r, 8r … after the send.
// - Once an RTO has fired the connection is in loss recovery (tcp_enter_loss: everything
//   outstanding is taken as lost, the congestion window is one segment): what the process writes
//   meanwhile waits in the socket, and when the first lost message's copy is acknowledged (one way
//   after it arrives) the rest is sent again at once. So after a partition heals, a connection
//   waits for its next backed-off retransmission, not for the first message written after the heal.
// - Before that, a later message of the connection that arrives makes the receiver acknowledge it
//   selectively, and the sender resends the holes before it when that SACK is back, after RACK's
//   reordering window of srtt/4 (tcp_rack_detect_loss). A copy sent early (a probe, or after an
//   acknowledgement) that is lost too leaves the RTO where it was.
// - A connection opened with `connect` starts with its SYN: lost, it is sent again at the initial
//   RTO (TCP_TIMEOUT_INIT, 1 s), doubled each time (tcp_retransmit_timer), and given up after
//   tcp_syn_retries (6); what the process writes meanwhile waits in the socket, and leaves when the
//   SYN-ACK is back (one way after the SYN arrives).
// - srtt is twice the mean one-way latency of the path (degraded hosts' factor included).
// - After tcp_retries2 (15) RTO retransmissions and one more RTO (retransmits_timed_out), the
//   connection is aborted (tcp_write_err): nothing from the lost message on is passed on. So is a
//   connection whose far process died (its host's kernel resets it, `abort`): what it was still
//   resending either way is dropped, so a restarted process never runs a request sent to the one
//   that died.
// Abstracted away: loss of single segments of a large message (a message is lost or sent whole),
// lost ACKs, the congestion window's growth after a loss (everything outstanding is resent in one
// round trip), telling the owner of a connection whose retries ran out (after 15 minutes of loss).
// A message sent with no channel is lost for good (the cluster bus sends with none only where
// nothing can be lost: bus-links.ts).
// Parameters: rtoMin (ns, network.rtoMin, Linux's TCP_RTO_MIN, tunable per route).

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';

/** What a SYN's arrival passes on to the process: nothing (its connection is the kernel's). */
const NOTHING: EventHandler = () => {};

/** The wait before a SYN is sent again, doubled at each retransmission, ns (TCP_TIMEOUT_INIT). */
export const SYN_RTO_NS = 1e9;
/** SYN retransmissions before connect fails (net.ipv4.tcp_syn_retries). */
export const SYN_RETRIES = 6;
/** TCP_RTO_MAX: the longest wait between two retransmissions, ns. */
export const RTO_MAX_NS = 120e9;
/** net.ipv4.tcp_retries2: RTO retransmissions before the connection is given up. */
export const TCP_RETRIES2 = 15;

/** A connection as TCP recovery sees it (network.ts's Channel): when the first byte of its last message sent arrived, and its messages since a loss. */
export interface Connection {
  lastFirstByteNs: number;
  reassembly: Reassembly | null;
}

/** The path a retransmission takes: its one-way latency, and sending a copy (false: lost again). */
export interface RetransmitPath {
  oneWayNs(src: number, dst: number): number;
  resend(src: number, dst: number, sizeBytes: number, purpose: number, arrived: EventHandler, segment: number): boolean;
}

/** A connection's messages since a loss, in send order: each passed on once it and every earlier one have arrived. */
export class Reassembly {
  /** The ids of its segments not yet passed on, oldest first (ids grow in send order). */
  readonly ids = new IntQueue();
  /** Its holes waiting to be resent, and how many of those wait for an acknowledgement (no timer of their own). */
  readonly waiting = new Set<Segment>();
  untimed = 0;
  /** Its holes not yet arrived. */
  open = 0;
  /** An RTO has fired: the connection is in loss recovery until everything in it has arrived. */
  inLoss = false;
  constructor(readonly channel: Connection) {}
}

class Segment {
  arrived = false;
  /** Lost (or, in loss recovery, not sent) at least once; while waiting (Reassembly.waiting), resent at dueNs (Infinity: after an acknowledgement). */
  hole = false;
  /** The next retransmission is sent before an RTO (a probe, or after an acknowledgement): lost, it does not back the RTO off. */
  early = false;
  /** A connection's SYN: resent on the connect schedule, and its arrival releases what waited for the connection. */
  syn = false;
  backoff = 0;
  dueNs = Infinity;
  rtoNs = 0;
  oneWayNs = 0;
  constructor(
    readonly id: number, readonly queue: Reassembly, readonly src: number, readonly dst: number, readonly sizeBytes: number,
    readonly purpose: number, readonly deliver: EventHandler, readonly data: number,
  ) {}
}

export class TcpRecovery {
  /** Segments not yet passed on, by id (ids are never reused: a copy still on the wire of an aborted connection finds none). */
  private readonly segments = new Map<number, Segment>();
  private nextId = 0;
  /** A segment's copy reached the receiver's kernel. */
  readonly onArrival: EventHandler = (id) => this.arrived(id);
  private readonly onTimer: EventHandler = (id) => this.timer(id);
  private readonly onSyn: EventHandler = (id) => this.syn(id);

  constructor(private readonly engine: Engine, private readonly path: RetransmitPath, private readonly rtoMinNs: number) {}

  /** Whether any connection still has a message to resend or to pass on in order. */
  get recovering(): boolean {
    return this.segments.size > 0;
  }

  /**
   * A message of the connection being recovered (or the first lost one): its segment, to send with onArrival; or −1
   * when the connection is in loss recovery, so that the message waits in the socket, unsent, until the lost one is acknowledged.
   */
  ordered(channel: Connection, src: number, dst: number, sizeBytes: number, purpose: number, deliver: EventHandler, data: number): number {
    const queue = (channel.reassembly ??= new Reassembly(channel));
    const seg = new Segment(this.nextId++, queue, src, dst, sizeBytes, purpose, deliver, data);
    this.segments.set(seg.id, seg);
    queue.ids.push(seg.id);
    seg.oneWayNs = this.path.oneWayNs(src, dst);
    seg.rtoNs = 2 * seg.oneWayNs + this.rtoMinNs;
    if (!queue.inLoss) return seg.id;
    seg.hole = true;
    queue.waiting.add(seg);
    queue.untimed++;
    queue.open++;
    return -1;
  }

  /**
   * A new connection on `channel`, whose SYN leaves `delayNs` from now. Until the SYN-ACK is back the connection is in
   * loss recovery, so what is sent on it meanwhile waits in the socket.
   */
  connect(channel: Connection, src: number, dst: number, sizeBytes: number, purpose: number, delayNs: number): void {
    const queue = (channel.reassembly = new Reassembly(channel));
    queue.inLoss = true;
    const seg = new Segment(this.nextId++, queue, src, dst, sizeBytes, purpose, NOTHING, 0);
    seg.syn = true;
    seg.oneWayNs = this.path.oneWayNs(src, dst);
    seg.rtoNs = SYN_RTO_NS;
    this.segments.set(seg.id, seg);
    queue.ids.push(seg.id);
    this.engine.schedule(delayNs, this.onSyn, seg.id);
  }

  /** A connection's SYN leaves (unless the connection was aborted meanwhile). */
  private syn(id: number): void {
    const seg = this.segments.get(id);
    if (seg && !this.path.resend(seg.src, seg.dst, seg.sizeBytes, seg.purpose, this.onArrival, id)) this.lost(id, this.engine.now);
  }

  /** `segment`, sent at `sentNs`, was lost: it is sent again, and the connection's later messages wait for it. */
  lost(segment: number, sentNs: number): void {
    const seg = this.segments.get(segment)!;
    seg.hole = true;
    const queue = seg.queue;
    queue.waiting.add(seg);
    if (seg.syn) {
      // Nothing is sent before a SYN: no probe, the initial RTO from its send.
      queue.open++;
      this.arm(seg, sentNs + seg.rtoNs);
      return;
    }
    // The connection's one retransmission timer is on its first lost message (it was just sent, so any other is before it); this one is resent after that one's acknowledgement.
    if (queue.open++ > 0) {
      queue.untimed++;
      return;
    }
    // The probe, one RTO after the later of the send and the acknowledgement of the message before.
    const before = queue.channel.lastFirstByteNs;
    seg.early = true;
    this.arm(seg, Math.max(sentNs, before > 0 ? before + seg.oneWayNs : 0) + seg.rtoNs);
  }

  /** The far end's kernel reset the connection (its process died): what it still resends, either way, is dropped. */
  abort(channel: Connection): void {
    const queue = channel.reassembly;
    if (queue === null) return;
    channel.reassembly = null;
    this.dropFrom(queue, 0);
  }

  /** Sets the segment's retransmission for `atNs`, on the clock's whole nanoseconds (so its timer knows it is the current one). */
  private arm(seg: Segment, atNs: number): void {
    seg.dueNs = Math.round(atNs);
    this.engine.at(seg.dueNs, this.onTimer, seg.id);
  }

  private timer(id: number): void {
    const seg = this.segments.get(id);
    // A stale timer: the segment was retransmitted sooner (a SACK), or it is gone.
    if (!seg || !seg.queue.waiting.has(seg) || seg.dueNs !== this.engine.now) return;
    const queue = seg.queue;
    queue.waiting.delete(seg);
    if (seg.backoff === (seg.syn ? SYN_RETRIES : TCP_RETRIES2)) {
      // The connection is given up: nothing from this message on reaches the process.
      if (queue.channel.reassembly === queue) queue.channel.reassembly = null;
      this.dropFrom(queue, this.placeOf(seg));
      this.drain(queue);
      return;
    }
    if (!seg.early) queue.inLoss = true;
    if (this.path.resend(seg.src, seg.dst, seg.sizeBytes, seg.purpose, this.onArrival, id)) return;
    if (!seg.early) seg.backoff++;
    seg.early = false;
    queue.waiting.add(seg);
    this.arm(seg, this.engine.now + Math.min(seg.rtoNs * 2 ** seg.backoff, RTO_MAX_NS));
  }

  private arrived(id: number): void {
    const seg = this.segments.get(id);
    if (!seg) return;
    seg.arrived = true;
    const now = this.engine.now;
    // The receiver acknowledges it (selectively, if a hole is before it); when that is back, RACK resends the holes before it.
    const queue = seg.queue;
    for (const hole of queue.waiting) if (hole.id < seg.id) this.early(hole, now + hole.oneWayNs + hole.oneWayNs / 2);
    // A lost message's copy acknowledged, or the SYN answered: the connection resends the rest of what it lost, and sends what waited in the socket.
    if (seg.hole) queue.open--;
    if ((seg.hole || seg.syn) && queue.untimed > 0) for (const hole of queue.waiting) if (hole.id > seg.id && hole.dueNs === Infinity) this.early(hole, now + seg.oneWayNs);
    this.drain(queue);
  }

  /** Resends `hole` at `atNs` if its timer would come later; lost, that copy leaves its RTO as it was. */
  private early(hole: Segment, atNs: number): void {
    if (Math.round(atNs) >= hole.dueNs) return;
    if (hole.dueNs === Infinity) hole.queue.untimed--;
    hole.early = true;
    this.arm(hole, atNs);
  }

  /** Where `seg` stands in its queue (0: the oldest not passed on). */
  private placeOf(seg: Segment): number {
    let i = 0;
    while (seg.queue.ids.at(i) !== seg.id) i++;
    return i;
  }

  /** Drops the queue's segments from place `from` on: none is passed on, and their timers and copies find nothing. */
  private dropFrom(queue: Reassembly, from: number): void {
    for (let i = from; i < queue.ids.length; i++) {
      const seg = this.segments.get(queue.ids.at(i))!;
      this.segments.delete(seg.id);
      queue.waiting.delete(seg);
    }
    queue.ids.truncate(from);
  }

  /** Passes on the queue's arrived messages in order. */
  private drain(queue: Reassembly): void {
    while (queue.ids.length > 0 && this.segments.get(queue.ids.peek())!.arrived) {
      const seg = this.segments.get(queue.ids.shift())!;
      this.segments.delete(seg.id);
      if (queue.ids.length === 0 && queue.channel.reassembly === queue) queue.channel.reassembly = null;
      seg.deliver(seg.data);
    }
  }
}
