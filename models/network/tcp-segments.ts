// The TCP segments that open and end a connection, as a client of a Redis process sees them: a
// handshake (SYN out, SYN-ACK back: one round trip) answered by the far host's kernel whether or
// not the process listening there is running (a paused process's kernel still accepts), a reset
// (RST) instead of the SYN-ACK when no process listens (connect's ECONNREFUSED), and the reset the
// kernel sends on each of a process's connections when it dies, after whatever the process had
// already written on that connection (so it travels the connection's channel; null for a
// connection whose messages the model does not keep in order, such as MIGRATE's), and the FIN a
// process sends on a connection it closes (CLIENT KILL), after what it wrote there: it takes a
// sequence number, so TCP resends it like data and the connection's order holds.
// A SYN lost on the way, or its answer, is sent again after Linux's initial retransmission timeout
// (1 s, TCP_TIMEOUT_INIT, RFC 6298), doubled each time, and connect gives up with ETIMEDOUT after
// net.ipv4.tcp_syn_retries (6) retransmissions, 127 s in all (the constants are tcp-recovery.ts's,
// which resends the SYN of a connection opened with Network.connect); the clients' pools stand for that
// with their own connect timeout, the proxy follows it, MIGRATE's retry and a sentinel's reconnect
// leave it to their own timers (MIGRATE's timeout, the next reconnect a ping period later).
// Abstracted away: the final ACK, the FIN back from the other end (a process's death is taken as a
// reset on each of its connections), windows. Sizes: Ethernet + IPv4 + TCP headers, 54 bytes, plus 20 bytes of options
// on SYN and SYN-ACK (MSS, SACK permitted, timestamps, window scale).

import type { EventHandler } from '../../sim/engine/engine.js';
import { Purpose } from '../signals.js';
import type { Channel, Network } from './network.js';

/** Bytes of a TCP handshake segment (SYN, SYN-ACK) with options. */
export const HANDSHAKE_BYTES = 74;
/** Bytes of a TCP reset segment (RST), without options. */
export const RESET_BYTES = 54;
/** Bytes of a FIN segment with the timestamps option. */
export const FIN_BYTES = 66;

/** Sends a SYN from `nearHost` to `farHost` on the connection's outgoing channel; `arrived(handshake)` runs at the far host. */
export function sendHandshake(network: Network, nearHost: number, farHost: number, up: Channel | null, arrived: EventHandler, handshake: number): void {
  network.sendSegment(nearHost, farHost, HANDSHAKE_BYTES, Purpose.connect, up, arrived, handshake);
}

/** The far host's answer to a handshake that reached it: a SYN-ACK if a process listens, else a reset; the near end's handler runs when it arrives. */
export function answerHandshake(
  network: Network, farHost: number, nearHost: number, down: Channel | null, listening: boolean, connected: EventHandler, refused: EventHandler, handshake: number,
): void {
  if (listening) network.sendSegment(farHost, nearHost, HANDSHAKE_BYTES, Purpose.connect, down, connected, handshake);
  else network.sendSegment(farHost, nearHost, RESET_BYTES, Purpose.connect, down, refused, handshake);
}

/** The far host's process closes a connection: its FIN follows what it wrote on `down` (far to near), resent like data if lost; `arrived(data)` runs at the near end. */
export function sendFin(network: Network, farHost: number, nearHost: number, down: Channel, arrived: EventHandler, data: number): void {
  network.send(farHost, nearHost, FIN_BYTES, Purpose.connect, down, arrived, data);
}

/**
 * The far host's kernel resets a connection whose process died: what TCP was still resending on it, either
 * way (`up` is near to far), is dropped, and `arrived(data)` runs at the near end, after what the process had
 * written before.
 */
export function sendReset(network: Network, farHost: number, nearHost: number, up: Channel | null, down: Channel | null, arrived: EventHandler, data: number): void {
  if (up !== null) network.abort(up);
  if (down !== null) network.abort(down);
  network.sendSegment(farHost, nearHost, RESET_BYTES, Purpose.connect, down, arrived, data);
}
