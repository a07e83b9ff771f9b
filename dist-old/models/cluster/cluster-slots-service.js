// CLUSTER SLOTS as a node answers it: a request from a client's host runs on the node's thread and
// the reply carries the node's view of slot ownership at that moment. Reply size: the RESP array of
// slot ranges, each with the owner and one replica entry (ip, port, node id), ≈ 24 + 150 bytes a
// range. Abstracted: the exact per-replica entries.
import { Channel } from '../network/network.js';
import { Purpose } from '../signals.js';
const REQUEST_BYTES = 30;
const RANGE_BYTES = 150;
/** Executor time to build the reply: per slot range, ns. */
const PER_RANGE_NS = 200;
export class ClusterSlotsService {
    node;
    network;
    roles;
    tickets = new Map();
    nextTicket = 0;
    kind;
    onArrive = (ticket) => this.node.server.submitTask(this.kind, ticket);
    onReply = (ticket) => this.delivered(ticket);
    constructor(node, network, roles) {
        this.node = node;
        this.network = network;
        this.roles = roles;
        this.kind = node.server.addTask({ begin: (t) => this.begin(t), finish: (t) => this.finish(t) });
    }
    /** Sends CLUSTER SLOTS from `clientHost` on `up`; `onMap` gets this node's view when the reply arrives. */
    request(clientHost, up, down, onMap) {
        const ticket = this.nextTicket++;
        this.tickets.set(ticket, { clientHost, down, onMap, owner: null, roles: null });
        this.network.send(clientHost, this.node.server.options.host, REQUEST_BYTES, Purpose.client, up, this.onArrive, ticket);
    }
    begin(ticket) {
        const t = this.tickets.get(ticket);
        t.owner = this.node.owner.slice();
        t.roles = this.roles();
        return PER_RANGE_NS * rangeCount(this.node.owner);
    }
    finish(ticket) {
        const t = this.tickets.get(ticket);
        const bytes = 24 + RANGE_BYTES * rangeCount(this.node.owner);
        this.network.send(this.node.server.options.host, t.clientHost, bytes, Purpose.client, t.down, this.onReply, ticket);
    }
    delivered(ticket) {
        const t = this.tickets.get(ticket);
        this.tickets.delete(ticket);
        t.onMap(t.owner, t.roles);
    }
}
function rangeCount(owner) {
    let ranges = 0;
    for (let s = 0; s < owner.length; s++)
        if (owner[s] >= 0 && (s === 0 || owner[s - 1] !== owner[s]))
            ranges++;
    return ranges;
}
//# sourceMappingURL=cluster-slots-service.js.map