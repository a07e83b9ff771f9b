import { describe, expect, it } from 'vitest';
import { Op } from '../signals.js';
import { harness } from '../../test/support/server-harness.js';
import { serverParams } from './server-params.js';

// A GET miss costs request 4 µs + command 600 ns + perKey 250 ns; the reply's write is half of request, reading it a quarter of the rest.
const WRITE_NS = 2000;
const READ_NS = 500;
const MAIN_NS = 4000 - WRITE_NS + 850;

/** Each request on a connection of its own. */
function replyTimes(server: Record<string, unknown>, sends: [number, number][]): number[][] {
  const { engine, send, replies } = harness({ ...server, cost: { write: '2us' } });
  sends.forEach(([atNs, key], i) => send(atNs, [[Op.get, key]], Op.pipeline, i));
  engine.run();
  return replies.map((r) => [r.req, r.atNs]);
}

describe('I/O threads (io-threads, io-threads-do-reads)', () => {
  it('change nothing while fewer than 2 connections per thread have replies: the main thread writes them one by one, as with io-threads 1', () => {
    const sends: [number, number][] = [[0, 1], [0, 2], [100, 3], [10_000, 4]];
    expect(replyTimes({ ioThreads: 2 }, sends)).toEqual(replyTimes({}, sends));
    const second = 4850 + 2 * MAIN_NS;
    expect(replyTimes({ ioThreads: 2 }, sends)).toEqual([[0, 4850], [2, second + WRITE_NS], [1, second + 2 * WRITE_NS], [3, second + 2 * WRITE_NS + 4850]]);
  });

  it('write an iteration\'s connections on the threads when at least 2 per thread have replies: newest first, threads at a time', () => {
    const sends: [number, number][] = [[0, 1], [100, 2], [100, 3], [100, 4], [100, 5]];
    const first = MAIN_NS + WRITE_NS;
    const commands = first + 4 * MAIN_NS;
    expect(replyTimes({ ioThreads: 2 }, sends)).toEqual([[0, first], [4, commands + WRITE_NS], [3, commands + WRITE_NS], [2, commands + 2 * WRITE_NS], [1, commands + 2 * WRITE_NS]]);
    // One thread: the last write ends at 4850 + 4 × 4850.
    expect(replyTimes({}, sends).at(-1)).toEqual([1, 5 * 4850]);
  });

  it('with io-threads-do-reads, read an iteration\'s requests on the threads while they are active (after threaded writes)', () => {
    const sends: [number, number][] = [[0, 1], [100, 2], [100, 3], [100, 4], [100, 5], [5000, 6], [5000, 7], [5000, 8], [5000, 9]];
    const second = MAIN_NS + WRITE_NS + 4 * MAIN_NS + 2 * WRITE_NS;
    const threadedReads = second + 2 * READ_NS + 4 * (MAIN_NS - READ_NS) + 2 * WRITE_NS;
    expect(replyTimes({ ioThreads: 2, ioThreadsDoReads: true }, sends).at(-1)).toEqual([5, threadedReads]);
    expect(replyTimes({ ioThreads: 2 }, sends).at(-1)).toEqual([5, second + 4 * MAIN_NS + 2 * WRITE_NS]);
  });

  it('refuses I/O threads with replies per command, and a write longer than the request', () => {
    expect(serverParams.safeParse({ ioThreads: 2, replies: 'per-command' }).success).toBe(false);
    expect(serverParams.safeParse({ cost: { write: '4001ns' } }).success).toBe(false);
    expect(serverParams.safeParse({ cost: { write: '4us' } }).success).toBe(true);
    expect(serverParams.safeParse({ ioThreads: 4, ioThreadsDoReads: true }).success).toBe(true);
  });
});
