// An administration client (redis-cli --cluster) on its own host: sends one command at a time to
// a node, the command runs on the node's thread as a task (its cost, then its effect), and the
// reply travels back before the next command. Commands are small (64 bytes each way) unless said.
import { Channel } from '../network/network.js';
import { Purpose } from '../signals.js';
const COMMAND_BYTES = 64;
export class ClusterAdmin {
    fabric;
    host;
    kinds;
    pending = new Map();
    next = 0;
    up = new Channel();
    down = new Channel();
    onReply = (ticket) => {
        const p = this.pending.get(ticket);
        this.pending.delete(ticket);
        p.done();
    };
    constructor(fabric, host) {
        this.fabric = fabric;
        this.host = host;
        this.kinds = fabric.nodes.map((n) => n.server.addTask({
            begin: (ticket) => this.pending.get(ticket).command.cost(),
            finish: (ticket) => this.pending.get(ticket).command.run(() => this.answer(ticket)),
        }));
    }
    /** Sends `command` to `node`; `done` runs when its reply is back at the admin host. */
    send(node, command, done) {
        const ticket = this.next++;
        this.pending.set(ticket, { node, command, done });
        const server = this.fabric.nodes[node].server;
        this.fabric.network.send(this.host, server.options.host, COMMAND_BYTES, Purpose.migration, this.up, (t) => server.submitTask(this.kinds[node], t), ticket);
    }
    answer(ticket) {
        const node = this.pending.get(ticket).node;
        this.fabric.network.send(this.fabric.nodes[node].server.options.host, this.host, COMMAND_BYTES, Purpose.migration, this.down, this.onReply, ticket);
    }
}
//# sourceMappingURL=cluster-admin.js.map