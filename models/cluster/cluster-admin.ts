// An administration client (redis-cli --cluster) on its own host: sends one command at a time to
// a node, the command runs on the node's thread as a task (its cost, then its effect), its reply is
// written with the iteration's other writes (after beforeSleep's work: a nodes.conf save, for one)
// and travels back before the next command. Commands are small (64 bytes each way) unless said.
// The tool spends commandCpuNs of its own per command, charged when the reply arrives (hiredis
// writes the command, then sleeps in a blocking read; waking up and parsing dominate).

import type { EventHandler } from '../../sim/engine/engine.js';
import { Channel } from '../network/network.js';
import { Purpose } from '../signals.js';
import type { WriteSender } from '../server/pending-writes.js';
import type { ClusterFabric } from './cluster-fabric.js';

const COMMAND_BYTES = 64;

export interface AdminCommand {
  /** Executor time on the node, ns (evaluated when the command starts). */
  cost(): number;
  /** What the command does when it ends; call `reply()` when the node answers (at once, or later for MIGRATE). */
  run(reply: () => void): void;
}

export class ClusterAdmin implements WriteSender {
  private readonly kinds: number[];
  private readonly pending = new Map<number, { node: number; command: AdminCommand; done: () => void }>();
  private next = 0;
  private readonly up = new Channel();
  private readonly down = new Channel();
  private readonly onReply: EventHandler = (ticket) => {
    const p = this.pending.get(ticket)!;
    this.pending.delete(ticket);
    p.done();
  };
  private readonly onArrival: EventHandler = (ticket) => this.fabric.engine.schedule(this.commandCpuNs, this.onReply, ticket);

  constructor(private readonly fabric: ClusterFabric, readonly host: number, private readonly commandCpuNs: number) {
    this.kinds = fabric.nodes.map((n) => n.server.addTask({
      begin: (ticket) => this.pending.get(ticket)!.command.cost(),
      finish: (ticket) => this.pending.get(ticket)!.command.run(() => this.answer(ticket)),
    }));
  }

  /** Sends `command` to `node`; `done` runs when its reply is back at the admin host. */
  send(node: number, command: AdminCommand, done: () => void): void {
    const ticket = this.next++;
    this.pending.set(ticket, { node, command, done });
    const server = this.fabric.nodes[node]!.server;
    this.fabric.network.send(this.host, server.options.host, COMMAND_BYTES, Purpose.migration, this.up,
      (t) => server.submitTask(this.kinds[node]!, t), ticket);
  }

  /** The node's reply, written with its iteration's other writes (after beforeSleep's work, such as a nodes.conf save). */
  private answer(ticket: number): void {
    this.fabric.nodes[this.pending.get(ticket)!.node]!.server.queueWrite(this.down, this, ticket);
  }

  /** The reply's write ended `delayNs` from now: it travels to the tool. */
  sendWritten(ticket: number, delayNs: number): void {
    const server = this.fabric.nodes[this.pending.get(ticket)!.node]!.server;
    this.fabric.network.send(server.options.host, this.host, COMMAND_BYTES, Purpose.migration, this.down, this.onArrival, ticket, delayNs);
  }
}
