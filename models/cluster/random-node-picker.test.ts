import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../sim/random/rng.js';
import { RandomNodePicker } from './random-node-picker.js';

/** dictGetRandomKey's rule written plainly: the buckets' chains as arrays, a random non-empty bucket, a random entry of its chain (the picker packs the same layout into two arrays, 32-bit above 32,767 nodes). */
function referencePicks(nodes: number, seed: number, picks: number): number[] {
  const streams = new RngStreams(seed);
  const layout = streams.stream('layout');
  let size = 4;
  while (size < nodes) size *= 2;
  const table: number[][] = Array.from({ length: size }, () => []);
  for (let n = 0; n < nodes; n++) table[Math.floor(layout() * size)]!.push(n);
  const filled = table.filter((b) => b.length > 0);
  const rng = streams.stream('picks');
  return Array.from({ length: picks }, () => {
    const x = rng() * filled.length;
    const chain = filled[Math.floor(x)]!;
    return chain[Math.floor((x - Math.floor(x)) * chain.length)]!;
  });
}

describe('RandomNodePicker', () => {
  it('picks as dictGetRandomKey\'s rule written over the chains as arrays does (a random non-empty bucket, then a random entry of its chain), for any cluster size and seed', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.constant(40_000)), fc.nat(), (nodes, seed) => {
      const streams = new RngStreams(seed);
      const picker = new RandomNodePicker(nodes, streams.stream('layout'));
      const rng = streams.stream('picks');
      expect(Array.from({ length: 500 }, () => picker.pick(rng))).toEqual(referencePicks(nodes, seed, 500));
    }), { numRuns: 60 });
  });
});
