// One client connection (a TCP stream) to one endpoint: a FIFO channel each way, at most one
// request outstanding, a single request timer, and a broken state while it reconnects, with a single
// connect timer. It also carries its place among its pool's free connections (idle-connections.ts),
// so that handing it out touches only the connection itself.

import { Channel } from '../network/network.js';

/** The pool a connection belongs to, as the run's shared handlers reach it (client-connections.ts). */
export interface ConnectionOwner {
  /** The client's CPU to send the connection's request is done: it goes on the wire. */
  transmit(conn: Connection): void;
  /** A reply to row `req` arrived on the connection. */
  reply(conn: Connection, req: number): void;
  /** The host of the process the connection goes to. */
  readonly peerHost: number;
  /** That process died: its host's kernel resets the connection. */
  peerDied(conn: Connection): void;
}

export class Connection {
  readonly up = new Channel();
  readonly down = new Channel();
  /** The request row outstanding on this connection, or -1. */
  req = -1;
  broken = false;
  deadlineNs = 0;
  timerArmed = false;
  /** When the handshake last sent goes unanswered for too long, ns. */
  connectDeadlineNs = 0;
  connectTimerArmed = false;
  /** Handshakes sent so far; an answer to an earlier one is for a socket the client has since closed, and is ignored. */
  handshakes = 0;
  /** The wait before connecting again after the last of the handshakes refused in a row, ns (0: none refused). */
  reconnectBackoffNs = 0;
  /** In its pool's free list, and its neighbours there (freed just after and just before it). */
  inIdleList = false;
  newerIdle: Connection | null = null;
  olderIdle: Connection | null = null;
  /** The user whose request it last carried (-1: none). */
  lastUser = -1;

  /** `id`: its number in its pool; `serial`: its number in the run (client-connections.ts). */
  constructor(readonly id: number, readonly serial: number, readonly pool: ConnectionOwner) {}
}
