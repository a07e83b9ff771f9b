// The cluster bus's TCP connections (Redis 7.0 src/cluster.c). A node opens one link to each peer
// it knows (node->link) and sends on it every message it starts: PING, MEET, PONG broadcasts, FAIL,
// PUBLISH, UPDATE, AUTH_REQUEST and AUTH_ACK, MFSTART. The peer answers a PING or a MEET with a PONG
// on the link it came in on (clusterProcessPacket: clusterSendPing(link, PONG)), so on that
// connection's other direction, and only a PONG read on a node's own link is the answer it waits
// for (link->node). Over a connection a lost message is late, not gone: TCP resends it, and the
// connection's later messages wait behind it (tcp-recovery.ts).
// A link is kept only while the network can lose a message between its two hosts (a partition
// between them, a lossy end) or some connection still recovers one; elsewhere nothing is lost, so
// a message needs no connection (as before, bus messages with none may overtake one another).
// At 2,000 nodes that is four million links the model never has to hold.
// A link the node frees (the stale-link rule, peer-scan.ts) is closed: what TCP still resends on
// it either way is dropped, and what comes back on it is not read (the node reads its new link).
// Where a message between the two can be lost, the new link connects at the next cron run
// (clusterNodeCronHandleReconnect, 100 ms later): its SYN is resent at 1 s doubling if lost
// (tcp-recovery.ts), and what the node sends meanwhile (its PING first) leaves when the SYN-ACK is
// back, as clusterLinkConnectHandler sends the PING on connect. A process that dies has its host
// reset its links, both ways.
// Abstracted away: where nothing can be lost, the reconnect's connect and the cron run before it
// (its PING leaves at once); a refused connect's retry at every cron run (a link to a dead
// process connects, and what it carries is not read); the data a closed link's socket would still
// resend after close (Linux's orphaned socket) and the peer's read of it.

import type { ConnectionHolder } from '../client/client-connections.js';
import { Channel, type Network } from '../network/network.js';
import { HANDSHAKE_BYTES } from '../network/tcp-segments.js';
import { Purpose } from '../signals.js';

/** One node's link to a peer: `up` carries what the owner sends, `down` the peer's answers. */
export class BusLink {
  readonly up = new Channel();
  readonly down = new Channel();
  /** The owner freed it: nothing that arrives on it is read by the owner. */
  freed = false;
  constructor(readonly owner: number, readonly ownerHost: number, readonly peerHost: number) {}
}

export class BusLinks implements ConnectionHolder {
  /** The links kept now, by owner · n + peer. */
  private readonly open = new Map<number, BusLink>();

  constructor(private readonly network: Network, private readonly n: number) {}

  /** `owner`'s link to `peer` (hosts `ownerHost`, `peerHost`), or null when no message between them can be lost now and the link recovers none. */
  of(owner: number, peer: number, ownerHost: number, peerHost: number): BusLink | null {
    if (!this.network.lossy) {
      if (this.open.size > 0) this.open.clear();
      return null;
    }
    const key = owner * this.n + peer;
    const link = this.open.get(key);
    if (this.network.canLose(ownerHost, peerHost)) {
      if (link !== undefined) return link;
      const opened = new BusLink(owner, ownerHost, peerHost);
      this.open.set(key, opened);
      return opened;
    }
    if (link === undefined) return null;
    if (link.up.reassembly !== null || link.down.reassembly !== null) return link;
    this.open.delete(key);
    return null;
  }

  /**
   * `owner` frees its link to `peer` and opens another: the old connection is closed; the new one, where a message
   * between them can be lost, sends its SYN after `connectDelayNs`, and what is sent on it waits for the connection.
   */
  reconnect(owner: number, peer: number, ownerHost: number, peerHost: number, connectDelayNs: number): void {
    if (this.open.size === 0) return;
    const key = owner * this.n + peer;
    const link = this.open.get(key);
    if (link === undefined) return;
    link.freed = true;
    this.close(key, link);
    if (!this.network.canLose(ownerHost, peerHost)) return;
    const opened = new BusLink(owner, ownerHost, peerHost);
    this.open.set(key, opened);
    this.network.connect(ownerHost, peerHost, HANDSHAKE_BYTES, Purpose.connect, opened.up, connectDelayNs);
  }

  /** The process on `host` died: its host resets every link to or from it. */
  processDied(host: number): void {
    for (const [key, link] of this.open) if (link.ownerHost === host || link.peerHost === host) this.close(key, link);
  }

  private close(key: number, link: BusLink): void {
    this.network.abort(link.up);
    this.network.abort(link.down);
    this.open.delete(key);
  }
}
