import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { FifoExecutor } from './fifo-executor.js';

function executor(serviceNs: number) {
  const engine = new Engine();
  const trace: string[] = [];
  const ex = new FifoExecutor(engine, {
    begin: (job) => { trace.push(`begin ${job} @${engine.now}`); return serviceNs; },
    finish: (job) => trace.push(`finish ${job} @${engine.now}`),
  });
  return { engine, ex, trace };
}

describe('FifoExecutor', () => {
  it('serves jobs one at a time in arrival order', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.submit(2); });
    engine.at(5, () => ex.submit(3));
    engine.run();
    expect(trace).toEqual(['begin 1 @0', 'finish 1 @10', 'begin 2 @10', 'finish 2 @20', 'begin 3 @20', 'finish 3 @30']);
  });

  it('shifts the job in service by the length of a pause and holds the queue meanwhile', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.submit(2); });
    engine.at(4, () => ex.pause());
    engine.at(104, () => ex.resume());
    engine.run();
    expect(trace).toEqual(['begin 1 @0', 'finish 1 @110', 'begin 2 @110', 'finish 2 @120']);
  });

  it('queues a job submitted from finish() behind the jobs already waiting', () => {
    const engine = new Engine();
    const order: number[] = [];
    const ex: FifoExecutor = new FifoExecutor(engine, {
      begin: (job) => { order.push(job); return 1; },
      finish: (job) => { if (job === 1) ex.submit(9); },
    });
    engine.at(0, () => { ex.submit(1); ex.submit(2); });
    engine.run();
    expect(order).toEqual([1, 2, 9]);
  });

  it('drops every job on clear() and serves nothing more until new submissions', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.submit(2); });
    engine.at(5, () => expect(ex.clear()).toEqual([1, 2]));
    engine.run();
    expect(trace).toEqual(['begin 1 @0']);
  });
});

describe('FifoExecutor blocking', () => {
  it('starts nothing while blocked, independently of a pause, and resumes FIFO when unblocked', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.block(); ex.submit(2); });
    engine.at(50, () => ex.pause());
    engine.at(60, () => ex.unblock());
    engine.at(100, () => ex.resume());
    engine.run();
    expect(trace).toEqual(['begin 1 @0', 'finish 1 @10', 'begin 2 @100', 'finish 2 @110']);
  });
});
