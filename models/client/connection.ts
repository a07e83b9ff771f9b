// One client connection (a TCP stream) to one endpoint: a FIFO channel each way, at most one
// request outstanding, a single timeout timer, and a broken state while it reconnects.

import type { EventHandler } from '../../sim/engine/engine.js';
import { Channel } from '../network/network.js';

export class Connection {
  readonly up = new Channel();
  readonly down = new Channel();
  /** The request row outstanding on this connection, or -1. */
  req = -1;
  broken = false;
  deadlineNs = 0;
  timerArmed = false;

  constructor(
    readonly id: number,
    readonly onReply: EventHandler,
    readonly onTimer: EventHandler,
    readonly onHandshake: EventHandler,
  ) {}
}
