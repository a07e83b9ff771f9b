// Work waiting for a thread, as numbers: a FIFO of items (work, the index of the callback to run
// after it, its data, the index of the I/O source that made it ready) in rings, with no allocation
// per item once grown, and the table that gives callbacks and sources their indexes. An event loop
// queues its ready items in it (event-loop.ts), a pool on a shared machine its items waiting for a
// thread (cpu-pool.ts).
// Parameters: none.

import { IntQueue } from '../../sim/collections/int-queue.js';

export interface Item {
  workNs: number;
  /** Index into the owner's handlers. */
  handler: number;
  data: number;
  /** Index into the owner's sources, or -1. */
  source: number;
}

/** Items waiting to run, FIFO, stored in rings of numbers. */
export class ItemQueue {
  private readonly work = new IntQueue();
  private readonly handler = new IntQueue();
  private readonly data = new IntQueue();
  private readonly source = new IntQueue();

  get length(): number {
    return this.work.length;
  }

  push(item: Item): void {
    this.work.push(item.workNs);
    this.handler.push(item.handler);
    this.data.push(item.data);
    this.source.push(item.source);
  }

  /** Removes the oldest item into `into`. */
  shift(into: Item): void {
    into.workNs = this.work.shift();
    into.handler = this.handler.shift();
    into.data = this.data.shift();
    into.source = this.source.shift();
  }
}

/** The index of `key`; a key seen for the first time gets the next one, and `value` is appended to `list` for it. */
export function indexOf<K, V>(index: Map<K, number>, key: K, list: V[], value: V): number {
  let i = index.get(key);
  if (i === undefined) {
    i = list.push(value) - 1;
    index.set(key, i);
  }
  return i;
}
