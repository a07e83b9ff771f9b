import { describe, expect, it } from 'vitest';
import { Op } from '../signals.js';
import { harness } from '../../test/support/server-harness.js';
import { serverParams } from './server-params.js';

// A GET miss costs request 4 µs + command 600 ns + perKey 250 ns; the reply's write is half of request, reading it a quarter.
const WRITE_NS = 2000;
const READ_NS = 1000;
const MAIN_NS = 4000 - WRITE_NS + 850;

function replyTimes(server: Record<string, unknown>, sends: [number, number][]): number[][] {
  const { engine, send, replies } = harness(server);
  for (const [atNs, key] of sends) send(atNs, [[Op.get, key]]);
  engine.run();
  return replies.map((r) => [r.req, r.atNs]);
}

describe('I/O threads (io-threads, io-threads-do-reads)', () => {
  it('change nothing while fewer than 2 replies per thread are pending: the main thread writes them, as with io-threads 1', () => {
    const sends: [number, number][] = [[0, 1], [0, 2], [100, 3], [10_000, 4]];
    expect(replyTimes({ ioThreads: 2 }, sends)).toEqual(replyTimes({}, sends));
    expect(replyTimes({ ioThreads: 2 }, sends)).toEqual([[0, 4850], [1, 14550], [2, 14550], [3, 19400]]);
  });

  it('write the replies of an iteration with at least 2 per thread pending on the threads: ceil(n / threads) writes after the commands', () => {
    const sends: [number, number][] = [[0, 1], [100, 2], [100, 3], [100, 4], [100, 5]];
    const first = MAIN_NS + WRITE_NS;
    const second = first + 4 * MAIN_NS + 2 * WRITE_NS;
    expect(replyTimes({ ioThreads: 2 }, sends)).toEqual([[0, first], [1, second], [2, second], [3, second], [4, second]]);
    // One thread: 4850 + 4 × 4850.
    expect(replyTimes({}, sends).at(-1)).toEqual([4, 5 * 4850]);
  });

  it('with io-threads-do-reads, read an iteration\'s requests on the threads while they are active (after a threaded write phase)', () => {
    const sends: [number, number][] = [[0, 1], [100, 2], [100, 3], [100, 4], [100, 5], [5000, 6], [5000, 7], [5000, 8], [5000, 9]];
    const second = MAIN_NS + WRITE_NS + 4 * MAIN_NS + 2 * WRITE_NS;
    const threadedReads = second + 2 * READ_NS + 4 * (MAIN_NS - READ_NS) + 2 * WRITE_NS;
    expect(replyTimes({ ioThreads: 2, ioThreadsDoReads: true }, sends).at(-1)).toEqual([8, threadedReads]);
    expect(replyTimes({ ioThreads: 2 }, sends).at(-1)).toEqual([8, second + 4 * MAIN_NS + 2 * WRITE_NS]);
  });

  it('refuses I/O threads with replies per command, and read and write shares over one request', () => {
    expect(serverParams.safeParse({ ioThreads: 2, replies: 'per-command' }).success).toBe(false);
    expect(serverParams.safeParse({ cost: { ioReadShare: 0.6, ioWriteShare: 0.5 } }).success).toBe(false);
    expect(serverParams.safeParse({ ioThreads: 4, ioThreadsDoReads: true }).success).toBe(true);
  });
});
