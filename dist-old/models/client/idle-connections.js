// The free connections of a pool. The most recently freed is taken first, except that a user's next
// request takes the connection that carried the user's previous one, if that is free: a client
// library frees a connection while it handles the reply, and the application sends the user's next
// request from that same callback, so each busy user keeps its connection (as with one connection
// per user). Where the socket a request goes out on matters: an event loop orders each poll's
// replies by socket (models/host/event-loop.ts).
// Parameters: the pool's size (connections).
export class IdleConnections {
    size;
    /** Freed connections, most recent last; entries of connections taken since are skipped. */
    stack = [];
    free;
    lastUser;
    /** The free connection that last carried each user's request. */
    ofUser = new Map();
    constructor(size) {
        this.size = size;
        this.free = new Uint8Array(size);
        this.lastUser = new Int32Array(size).fill(-1);
    }
    /** Connection `conn` now carries a request of `user` (-1: no user). */
    carry(conn, user) {
        this.lastUser[conn] = user;
    }
    push(conn) {
        if (this.free[conn] === 1)
            return;
        this.free[conn] = 1;
        this.stack.push(conn);
        const user = this.lastUser[conn];
        if (user >= 0)
            this.ofUser.set(user, conn);
        if (this.stack.length > 2 * this.size)
            this.compact();
    }
    /** A free connection for a request of `user` (-1: none in particular), or -1 when none is free. */
    take(user) {
        const own = user >= 0 ? this.ofUser.get(user) : undefined;
        if (own !== undefined && this.free[own] === 1)
            return this.claim(own);
        while (this.stack.length > 0) {
            const conn = this.stack.pop();
            if (this.free[conn] === 1)
                return this.claim(conn);
        }
        return -1;
    }
    clear() {
        this.stack.length = 0;
        this.free.fill(0);
        this.ofUser.clear();
    }
    claim(conn) {
        this.free[conn] = 0;
        const user = this.lastUser[conn];
        if (user >= 0 && this.ofUser.get(user) === conn)
            this.ofUser.delete(user);
        return conn;
    }
    /** Drops the entries of connections taken out of order, keeping the order of the others. */
    compact() {
        const seen = new Uint8Array(this.size);
        let kept = 0;
        for (let i = this.stack.length - 1; i >= 0; i--) {
            const conn = this.stack[i];
            if (this.free[conn] === 1 && seen[conn] === 0) {
                seen[conn] = 1;
                this.stack[kept++] = conn;
            }
        }
        this.stack.length = kept;
        this.stack.reverse();
    }
}
//# sourceMappingURL=idle-connections.js.map