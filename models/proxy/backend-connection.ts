// One connection from a proxy to a Redis server, pipelined as twemproxy's are: requests are written
// one after another without waiting for replies; the server runs them in arrival order on its one
// thread and the connection is a FIFO stream each way, so replies come back in request order. The
// connection keeps its outstanding requests in that order, with the time each times out at, and
// arms one timer at a time (for the oldest, re-armed lazily). A closed connection is opened again
// by the next request for its server, which waits, with any that follow, until the handshake is
// answered (twemproxy 0.5 src/nc_server.c server_connect: a non-blocking connect, the requests
// queued on the connection meanwhile); an unanswered SYN is sent again as Linux does
// (tcp-segments.ts).

import { IntQueue } from '../../sim/collections/int-queue.js';
import { Channel } from '../network/network.js';

/** Requests are written at once. */
export const OPEN = 0;
/** A handshake is out; requests wait on the connection. */
export const CONNECTING = 1;
/** No socket: the next request opens one. */
export const CLOSED = 2;

/** What reached the proxy on a connection, for its event loop to handle: the handshake's SYN-ACK, its refusal, the reset of a dead process. */
export const CONNECTED_EVENT = 0;
export const REFUSED_EVENT = 1;
export const RESET_EVENT = 2;

export class BackendConnection {
  readonly up = new Channel();
  readonly down = new Channel();
  /** Request rows written (or, while connecting, waiting to be) and not yet answered, oldest first, and when each times out (ns). */
  readonly outstanding = new IntQueue();
  readonly deadlines = new IntQueue();
  timerArmed = false;
  state = OPEN;
  /** Handshakes sent so far; a segment about an earlier socket (one the proxy has since closed) is ignored. */
  handshakes = 0;
  /** Retransmissions of the handshake's SYN so far. */
  synRetransmits = 0;
  /** Segments that arrived and wait for the event loop: (the handshake count they are about, the event), in arrival order. */
  events: IntQueue | null = null;

  constructor(readonly id: number, readonly node: number) {}

  /** The socket is closed: the next one is a new connection, which what TCP still resends on this one does not hold up. */
  close(): void {
    this.state = CLOSED;
    this.up.reopened();
    this.down.reopened();
  }
}
