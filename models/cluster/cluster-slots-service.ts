// CLUSTER SLOTS as a node answers it: a request from a client's host runs on the node's thread and
// the reply carries the node's view of slot ownership at that moment, written with the iteration's
// other writes (after beforeSleep's nodes.conf save, for one; the write costs `server.cost.write`).
// Reply size: the RESP array of slot ranges, each with the owner and one replica entry (ip, port,
// node id), ≈ 24 + 150 bytes a range. Abstracted: the exact per-replica entries.

import type { EventHandler } from '../../sim/engine/engine.js';
import { Channel, type Network } from '../network/network.js';
import { Purpose } from '../signals.js';
import type { WriteSender } from '../server/pending-writes.js';
import type { ClusterNode } from './cluster-node.js';

const REQUEST_BYTES = 30;
const RANGE_BYTES = 150;
/** Executor time to build the reply: per slot range, ns. */
const PER_RANGE_NS = 200;

interface Ticket {
  clientHost: number;
  down: Channel;
  onMap: (owner: Int16Array, roles: Int16Array) => void;
  /** The node's view when the command ran: slot owners, and each node's primary (−1: a primary). */
  owner: Int16Array | null;
  roles: Int16Array | null;
  replyBytes: number;
}

export class ClusterSlotsService implements WriteSender {
  private readonly tickets = new Map<number, Ticket>();
  private nextTicket = 0;
  private readonly kind: number;
  private readonly onArrive: EventHandler = (ticket) => this.node.server.submitTask(this.kind, ticket);
  private readonly onReply: EventHandler = (ticket) => this.delivered(ticket);

  constructor(private readonly node: ClusterNode, private readonly network: Network, private readonly roles: () => Int16Array) {
    this.kind = node.server.addTask({ begin: (t) => this.begin(t), finish: (t) => this.finish(t) });
  }

  /** Sends CLUSTER SLOTS from `clientHost` on `up`; `onMap` gets this node's view when the reply arrives. */
  request(clientHost: number, up: Channel, down: Channel, onMap: (owner: Int16Array, roles: Int16Array) => void): void {
    const ticket = this.nextTicket++;
    this.tickets.set(ticket, { clientHost, down, onMap, owner: null, roles: null, replyBytes: 0 });
    this.network.send(clientHost, this.node.server.options.host, REQUEST_BYTES, Purpose.client, up, this.onArrive, ticket);
  }

  private begin(ticket: number): number {
    const t = this.tickets.get(ticket)!;
    t.owner = this.node.owner.slice();
    t.roles = this.roles();
    return PER_RANGE_NS * rangeCount(this.node.owner);
  }

  /** The reply is written with the iteration's other writes (after beforeSleep's work, such as a nodes.conf save). */
  private finish(ticket: number): void {
    const t = this.tickets.get(ticket)!;
    t.replyBytes = 24 + RANGE_BYTES * rangeCount(this.node.owner);
    this.node.server.queueWrite(t.down, this, ticket);
  }

  /** The reply's write ended `delayNs` from now: it travels to the client. */
  sendWritten(ticket: number, delayNs: number): void {
    const t = this.tickets.get(ticket)!;
    this.network.send(this.node.server.options.host, t.clientHost, t.replyBytes, Purpose.client, t.down, this.onReply, ticket, delayNs);
  }

  private delivered(ticket: number): void {
    const t = this.tickets.get(ticket)!;
    this.tickets.delete(ticket);
    t.onMap(t.owner!, t.roles!);
  }
}

function rangeCount(owner: Int16Array): number {
  let ranges = 0;
  for (let s = 0; s < owner.length; s++) if (owner[s]! >= 0 && (s === 0 || owner[s - 1] !== owner[s])) ranges++;
  return ranges;
}
