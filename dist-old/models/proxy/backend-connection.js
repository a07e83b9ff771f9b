// One connection from a proxy to a Redis server, pipelined as twemproxy's are: requests are written
// one after another without waiting for replies; the server runs them in arrival order on its one
// thread and the connection is a FIFO stream each way, so replies come back in request order. The
// connection keeps its outstanding requests in that order.
import { IntQueue } from '../../sim/collections/int-queue.js';
import { Channel } from '../network/network.js';
export class BackendConnection {
    id;
    up = new Channel();
    down = new Channel();
    /** Request rows written and not yet answered, oldest first. */
    outstanding = new IntQueue();
    constructor(id) {
        this.id = id;
    }
}
//# sourceMappingURL=backend-connection.js.map