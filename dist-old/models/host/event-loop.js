// An application host that is one Node.js process: a single thread turning libuv's event loop.
// Work that I/O or a timer triggers (a reply arriving, an open-loop arrival) waits for the loop's
// next poll: a turn takes every such item that is ready when it starts, pays `turnCpu` (epoll_wait
// and libuv's bookkeeping), then runs them; items that become ready meanwhile wait for the next
// turn. The poll orders its items as epoll in level-triggered mode (libuv's) does: a socket the
// previous poll reported keeps its place in the kernel's ready list, so items from the sources the
// previous turn took come first, then the others, each group in the order it became ready. Work
// that a running callback triggers (parsing a reply resolves a promise, and the application's
// continuation sends its next request) runs right after that callback, before the turn's next item:
// JavaScript runs each callback to completion, with its microtasks. So, when several connections
// are busy, the request a turn sends last cannot be answered before the next poll and waits a whole
// further turn, and the turn's cost is shared by the replies it finds.
// Abstracted away: the loop's separate phases (timer, check and close callbacks are taken with
// the turn's I/O), a poll's cost varying with the number of ready sockets, garbage-collection pauses,
// preemption by other processes, libuv's thread pool (a Redis client does not use it).
// Parameters: turnCpu (ns per turn); each item's work (ns) comes from the caller.
import { IntQueue } from '../../sim/collections/int-queue.js';
/** Items waiting to run, FIFO, stored in rings of numbers. */
class ItemQueue {
    work = new IntQueue();
    handler = new IntQueue();
    data = new IntQueue();
    source = new IntQueue();
    get length() {
        return this.work.length;
    }
    push(item) {
        this.work.push(item.workNs);
        this.handler.push(item.handler);
        this.data.push(item.data);
        this.source.push(item.source);
    }
    /** Removes the oldest item into `into`. */
    shift(into) {
        into.workNs = this.work.shift();
        into.handler = this.handler.shift();
        into.data = this.data.shift();
        into.source = this.source.shift();
    }
}
/** The index of `key`; a key seen for the first time gets the next one, and `value` is appended to `list` for it. */
function indexOf(index, key, list, value) {
    let i = index.get(key);
    if (i === undefined) {
        i = list.push(value) - 1;
        index.set(key, i);
    }
    return i;
}
export class EventLoop {
    engine;
    turnCpuNs;
    handlers = [];
    handlerIndex = new Map();
    sourceIndex = new Map();
    /** Per source, the turn whose poll last took an item of it. */
    polledInTurn = [];
    /** Items I/O and timers made ready since the last poll, in order. */
    ready = new ItemQueue();
    /** The current turn's items, in the poll's order. */
    batch = new ItemQueue();
    /** Items the running callback triggered: they run before the turn goes on. */
    triggered = new ItemQueue();
    turnNumber = 0;
    busy = false;
    cores = 1;
    /** CPU-ns of turns and items started, and when the one in progress ends. */
    committedNs = 0;
    currentEndNs = 0;
    dispatching = false;
    item = { workNs: 0, handler: 0, data: 0, source: -1 };
    current = { workNs: 0, handler: 0, data: 0, source: -1 };
    onPolled = () => this.next();
    onWoken = () => this.turn();
    onItemDone = () => this.itemDone();
    constructor(engine, turnCpuNs) {
        this.engine = engine;
        this.turnCpuNs = turnCpuNs;
        if (!(turnCpuNs >= 0 && turnCpuNs < Infinity))
            throw new RangeError(`an event loop's turn CPU must be finite and ≥ 0 ns, got ${turnCpuNs}`);
    }
    run(workNs, done, data, source) {
        const item = this.item;
        item.workNs = workNs;
        item.handler = indexOf(this.handlerIndex, done, this.handlers, done);
        item.data = data;
        if (this.dispatching) {
            item.source = -1;
            this.triggered.push(item);
            return;
        }
        item.source = source ? indexOf(this.sourceIndex, source, this.polledInTurn, -1) : -1;
        this.ready.push(item);
        if (this.busy)
            return;
        this.busy = true;
        this.engine.schedule(0, this.onWoken);
    }
    /** Polls: the turn takes the items ready now (an idle loop wakes in the instant its first item became ready). */
    turn() {
        const previous = this.turnNumber++;
        const item = this.item;
        const n = this.ready.length;
        for (let i = 0; i < n; i++) {
            this.ready.shift(item);
            if (item.source >= 0 && this.polledInTurn[item.source] === previous) {
                this.batch.push(item);
                this.polledInTurn[item.source] = this.turnNumber;
            }
            else
                this.ready.push(item);
        }
        while (this.ready.length > 0) {
            this.ready.shift(item);
            this.batch.push(item);
            if (item.source >= 0)
                this.polledInTurn[item.source] = this.turnNumber;
        }
        this.commit(this.turnCpuNs);
        this.engine.schedule(this.turnCpuNs, this.onPolled);
    }
    commit(workNs) {
        this.committedNs += workNs;
        this.currentEndNs = this.engine.now + workNs;
    }
    busyNsAt(nowNs) {
        return this.committedNs - Math.max(0, this.currentEndNs - nowNs);
    }
    next() {
        if (this.triggered.length > 0)
            this.execute(this.triggered);
        else if (this.batch.length > 0)
            this.execute(this.batch);
        else if (this.ready.length > 0)
            this.turn();
        else
            this.busy = false;
    }
    execute(from) {
        from.shift(this.current);
        this.commit(this.current.workNs);
        this.engine.schedule(this.current.workNs, this.onItemDone);
    }
    itemDone() {
        this.dispatching = true;
        this.handlers[this.current.handler](this.current.data);
        this.dispatching = false;
        this.next();
    }
}
//# sourceMappingURL=event-loop.js.map