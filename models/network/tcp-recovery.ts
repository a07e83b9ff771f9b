// TCP's recovery of a message lost on a connection (Linux, net/ipv4/tcp_timer.c, tcp_output.c,
// tcp_recovery.c), and its in-order delivery: the message is sent again until a copy gets through,
// and the connection's later messages, which the receiver's kernel holds out of order, reach the
// process only once it has (head-of-line blocking). A message lost in a partition or on a lossy
// host is late, not gone, as it is for an application over TCP.
// - When: the retransmission timeout RTO = srtt + TCP_RTO_MIN (200 ms: Linux keeps the RTT variance
//   term at least rto_min, __tcp_set_rto), doubled after each retransmission that is lost too
//   (icsk_backoff), at most TCP_RTO_MAX (120 s). A loss with an earlier message of the connection
//   still unacknowledged is found sooner by a tail loss probe, 2·srtt + TCP_TIMEOUT_MIN (2 ms)
//   after the send (tcp_schedule_loss_probe: with one packet out the probe waits 2·srtt + 200 ms,
//   after the RTO). A later message of the connection that arrives makes the receiver acknowledge
//   it selectively, and the sender resends the hole when that SACK is back, after RACK's reordering
//   window of srtt/4 (tcp_rack_detect_loss).
// - srtt is twice the mean one-way latency of the path (degraded hosts' factor included).
// - After tcp_retries2 (15) RTO retransmissions and one more RTO (924.6 s in all with a 200 ms
//   RTO, retransmits_timed_out), the message is given up and the connection's later messages are
//   passed on.
// Abstracted away: loss of single segments of a large message (a message is lost or sent whole),
// lost ACKs, congestion window and slow start after a loss, SYN retransmission (tcp-segments.ts),
// the reset that ends a connection whose retries ran out. Connections the model does not keep in
// order (a null channel: the cluster bus, MIGRATE's) lose the message, as before; their owners'
// timers resend what matters (a bus link's reconnect ping, MIGRATE's retry).
// Parameters: rtoMin (ns, network.tcp.rtoMin, Linux's TCP_RTO_MIN, tunable per route).

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Channel } from './network.js';

/** TCP_RTO_MAX: the longest wait between two retransmissions, ns. */
export const RTO_MAX_NS = 120e9;
/** TCP_TIMEOUT_MIN: the tail loss probe's allowance with several packets out (2 jiffies at HZ = 1000), ns. */
export const TIMEOUT_MIN_NS = 2e6;
/** net.ipv4.tcp_retries2: RTO retransmissions before the connection is given up. */
export const TCP_RETRIES2 = 15;

/** The path a retransmission takes: its one-way latency, and sending a copy (false: lost again). */
export interface RetransmitPath {
  oneWayNs(src: number, dst: number): number;
  resend(src: number, dst: number, sizeBytes: number, purpose: number, arrived: EventHandler, segment: number): boolean;
}

/** A connection's messages since a loss, in send order: each passed on once it and every earlier one have arrived. */
export class Reassembly {
  readonly segments: Segment[] = [];
  constructor(readonly channel: Channel) {}
}

class Segment {
  arrived = false;
  /** Lost and waiting for its retransmission at dueNs. */
  waiting = false;
  /** The next retransmission is a tail loss probe (it does not back the RTO off). */
  probe = false;
  backoff = 0;
  dueNs = 0;
  rtoNs = 0;
  oneWayNs = 0;
  constructor(
    readonly id: number, readonly queue: Reassembly, readonly src: number, readonly dst: number, readonly sizeBytes: number,
    readonly purpose: number, readonly deliver: EventHandler, readonly data: number,
  ) {}
}

export class TcpRecovery {
  private readonly segments: (Segment | null)[] = [];
  private readonly free: number[] = [];
  /** A segment's copy reached the receiver's kernel. */
  readonly onArrival: EventHandler = (id) => this.arrived(this.segments[id]!);
  private readonly onTimer: EventHandler = (id) => this.timer(id);

  constructor(private readonly engine: Engine, private readonly path: RetransmitPath, private readonly rtoMinNs: number) {}

  /** A message of the connection being recovered (or the first lost one); returns its segment, to send with onArrival. */
  ordered(channel: Channel, src: number, dst: number, sizeBytes: number, purpose: number, deliver: EventHandler, data: number): number {
    const seg = this.add(channel, src, dst, sizeBytes, purpose, deliver, data);
    seg.oneWayNs = this.path.oneWayNs(src, dst);
    seg.rtoNs = 2 * seg.oneWayNs + this.rtoMinNs;
    return seg.id;
  }

  /** `segment`, sent at `sentNs`, was lost: it is sent again, and the connection's later messages wait for it. */
  lost(segment: number, sentNs: number): void {
    const seg = this.segments[segment]!;
    seg.waiting = true;
    // An earlier message whose acknowledgement is not back yet: two packets out, so a tail loss probe finds it first.
    seg.probe = seg.queue.channel.lastFirstByteNs > 0 && seg.queue.channel.lastFirstByteNs + seg.oneWayNs > sentNs;
    this.arm(seg, sentNs + (seg.probe ? 4 * seg.oneWayNs + TIMEOUT_MIN_NS : seg.rtoNs));
  }

  private add(channel: Channel, src: number, dst: number, sizeBytes: number, purpose: number, deliver: EventHandler, data: number): Segment {
    const queue = (channel.reassembly ??= new Reassembly(channel));
    const id = this.free.pop() ?? this.segments.length;
    const seg = new Segment(id, queue, src, dst, sizeBytes, purpose, deliver, data);
    this.segments[id] = seg;
    queue.segments.push(seg);
    return seg;
  }

  /** Sets the segment's retransmission for `atNs`, on the clock's whole nanoseconds (so its timer knows it is the current one). */
  private arm(seg: Segment, atNs: number): void {
    seg.dueNs = Math.round(atNs);
    this.engine.at(seg.dueNs, this.onTimer, seg.id);
  }

  private timer(id: number): void {
    const seg = this.segments[id];
    // A stale timer: the segment was retransmitted sooner (a SACK), or it is gone.
    if (!seg || !seg.waiting || seg.dueNs !== this.engine.now) return;
    seg.waiting = false;
    if (seg.backoff === TCP_RETRIES2) {
      seg.arrived = true;
      this.drain(seg.queue, seg);
      return;
    }
    if (this.path.resend(seg.src, seg.dst, seg.sizeBytes, seg.purpose, this.onArrival, id)) return;
    if (!seg.probe) seg.backoff++;
    seg.probe = false;
    seg.waiting = true;
    this.arm(seg, this.engine.now + Math.min(seg.rtoNs * 2 ** seg.backoff, RTO_MAX_NS));
  }

  private arrived(seg: Segment): void {
    seg.arrived = true;
    const queue = seg.queue;
    if (queue.segments[0] !== seg) {
      // The receiver acknowledges it selectively; when that is back, RACK resends the holes before it.
      for (const hole of queue.segments) {
        if (hole === seg) break;
        const dueNs = this.engine.now + hole.oneWayNs + hole.oneWayNs / 2;
        if (hole.waiting && dueNs < hole.dueNs) this.arm(hole, dueNs);
      }
    }
    this.drain(queue, null);
  }

  /** Passes on the queue's arrived messages in order (`givenUp`'s message is dropped). */
  private drain(queue: Reassembly, givenUp: Segment | null): void {
    const segments = queue.segments;
    while (segments.length > 0 && segments[0]!.arrived) {
      const seg = segments.shift()!;
      this.segments[seg.id] = null;
      this.free.push(seg.id);
      if (segments.length === 0 && queue.channel.reassembly === queue) queue.channel.reassembly = null;
      if (seg !== givenUp) seg.deliver(seg.data);
    }
  }
}
