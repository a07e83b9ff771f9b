import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { CpuPool } from './cpu-pool.js';

describe('CpuPool', () => {
  it('runs work on the earliest free of its cores, first come first served', () => {
    const engine = new Engine();
    const cpu = new CpuPool(engine, 2);
    const done: [number, number][] = [];
    engine.at(0, () => {
      for (let i = 0; i < 5; i++) cpu.run(10, (d) => done.push([d, engine.now]), i);
    });
    engine.run();
    expect(done).toEqual([[0, 10], [1, 10], [2, 20], [3, 20], [4, 30]]);
  });
});
