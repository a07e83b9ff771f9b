// An administration client (redis-cli --cluster) on its own host: sends one command at a time to
// a node, the command runs on the node's thread as a task (its cost, then its effect), its reply is
// written with the iteration's other writes (after beforeSleep's work: a nodes.conf save, for one)
// and travels back before the next command. Commands are small (64 bytes each way) unless said.
// The tool spends commandCpuNs of its own per command, charged when the reply arrives (hiredis
// writes the command, then sleeps in a blocking read; waking up and parsing dominate).
// The tool keeps one connection per node, made at its first command and never made again (redis-cli's
// cluster manager does not reconnect): when a node's process dies, its host resets it, and a command
// not yet answered, or any later one, fails (the reset's segment back, or the host's answer to a
// command on the dead connection); a command the node refuses (an error reply) fails too. A failure
// stops the tool (a `tool-failed` event): redis-cli prints the error and exits.

import type { EventHandler } from '../../sim/engine/engine.js';
import { Channel } from '../network/network.js';
import { sendReset } from '../network/tcp-segments.js';
import { ClusterEventKind, Purpose } from '../signals.js';
import type { WriteSender } from '../server/pending-writes.js';
import type { ClusterFabric } from './cluster-fabric.js';

const COMMAND_BYTES = 64;

export interface AdminCommand {
  /** Executor time on the node, ns (evaluated when the command starts). */
  cost(): number;
  /** What the command does when it ends; call `reply(true)` when the node answers (at once, or later for MIGRATE), `reply(false)` with an error. */
  run(reply: (ok: boolean) => void): void;
}

interface Pending {
  node: number;
  command: AdminCommand;
  done: () => void;
  /** On an error reply, instead of failing (an error the tool accepts). */
  refused: (() => void) | null;
  ok: boolean;
  /** Its reply is written (it arrives whatever happens to the node next), or its connection reset. */
  written: boolean;
  reset: boolean;
}

export class ClusterAdmin implements WriteSender {
  private readonly kinds: number[];
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private readonly up = new Channel();
  private readonly down = new Channel();
  /** Per node: its process died since the tool first spoke to it, so the tool's connection to it is gone. */
  private readonly lost: boolean[];
  /** Told when a command fails and the tool stops. */
  onStopped: () => void = () => {};
  private readonly onReply: EventHandler = (ticket) => {
    const p = this.pending.get(ticket)!;
    this.pending.delete(ticket);
    if (p.ok) p.done();
    else if (p.refused) p.refused();
    else this.failed(p.node);
  };
  private readonly onArrival: EventHandler = (ticket) => this.fabric.engine.schedule(this.commandCpuNs, this.onReply, ticket);
  private readonly onReset: EventHandler = (ticket) => {
    const p = this.pending.get(ticket)!;
    this.pending.delete(ticket);
    this.failed(p.node);
  };

  constructor(private readonly fabric: ClusterFabric, readonly host: number, private readonly commandCpuNs: number) {
    this.kinds = fabric.nodes.map((n) => n.server.addTask({
      begin: (ticket) => this.pending.get(ticket)!.command.cost(),
      finish: (ticket) => this.pending.get(ticket)!.command.run((ok) => this.answer(ticket, ok)),
    }));
    this.lost = fabric.nodes.map(() => false);
  }

  /** Sends `command` to `node`; `done` runs when its reply is back at the admin host (never if it fails: the tool stops), `refused` on an error reply the tool accepts. */
  send(node: number, command: AdminCommand, done: () => void, refused: (() => void) | null = null): void {
    const ticket = this.next++;
    const server = this.fabric.nodes[node]!.server;
    this.pending.set(ticket, { node, command, done, refused, ok: true, written: false, reset: false });
    this.fabric.network.send(this.host, server.options.host, COMMAND_BYTES, Purpose.migration, this.up, this.onCommand, ticket);
  }

  /** The process on `host` died: its host resets the tool's connection to it, failing what it has not answered. */
  processDied(host: number): void {
    for (const n of this.fabric.nodes) if (n.server.options.host === host) this.lost[n.index] = true;
    for (const [ticket, p] of this.pending) if (this.fabric.nodes[p.node]!.server.options.host === host) this.reset(ticket, p);
  }

  /** A command at its node: run, unless its connection is gone (the host answers with a reset). */
  private readonly onCommand: EventHandler = (ticket) => {
    const p = this.pending.get(ticket)!;
    if (p.reset) return;
    // Every death of a node's process reaches processDied, so `lost` covers a dead process and a restarted one.
    if (this.lost[p.node]) this.reset(ticket, p);
    else this.fabric.nodes[p.node]!.server.submitTask(this.kinds[p.node]!, ticket);
  };

  private reset(ticket: number, p: Pending): void {
    if (p.written || p.reset) return;
    p.reset = true;
    sendReset(this.fabric.network, this.fabric.nodes[p.node]!.server.options.host, this.host, this.up, this.down, this.onReset, ticket);
  }

  private failed(node: number): void {
    this.onStopped();
    this.fabric.event(ClusterEventKind['tool-failed'], node, node);
  }

  /** The node's reply, written with its iteration's other writes (after beforeSleep's work, such as a nodes.conf save). */
  private answer(ticket: number, ok: boolean): void {
    const p = this.pending.get(ticket)!;
    p.ok = ok;
    this.fabric.nodes[p.node]!.server.queueWrite(this.down, this, ticket);
  }

  /** The reply's write ended `delayNs` from now: it travels to the tool. */
  sendWritten(ticket: number, delayNs: number): void {
    const p = this.pending.get(ticket)!;
    if (p.reset) return;
    p.written = true;
    const server = this.fabric.nodes[p.node]!.server;
    this.fabric.network.send(server.options.host, this.host, COMMAND_BYTES, Purpose.migration, this.down, this.onArrival, ticket, delayNs);
  }
}
