import { describe, expect, it } from 'vitest';
import { LockTable } from './lock-table.js';

describe('LockTable (SET NX PX and compare-and-delete)', () => {
  it('refuses a live lock, takes an expired one, and lets only the current holder release it', () => {
    const locks = new LockTable();
    expect(locks.acquire(7, 0, 100, 1)).toBe(true);
    expect(locks.acquire(7, 50, 100, 2)).toBe(false);
    // Holder 1's lock expires at 100; holder 2 takes it; holder 1's late release leaves it.
    expect(locks.acquire(7, 100, 100, 2)).toBe(true);
    locks.release(7, 1);
    expect(locks.acquire(7, 150, 100, 3)).toBe(false);
    locks.release(7, 2);
    expect(locks.acquire(7, 150, 100, 3)).toBe(true);
  });
});
