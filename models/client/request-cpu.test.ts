import { describe, expect, it } from 'vitest';
import { RequestTable } from '../request/request-table.js';
import { Op, Outcome } from '../signals.js';
import { RequestCpu } from './request-cpu.js';

describe('RequestCpu', () => {
  const table = new RequestTable(4);
  const row = (op: number, keys: number) => {
    const req = table.alloc();
    table.op[req] = op;
    table.commandCount[req] = keys;
    return req;
  };
  const cpu = new RequestCpu(table, { requestCpu: 1000, replyCpu: 3000, commandCpu: 600, keyCpu: 200, pipelineCpu: 8000 });

  it('charges a GET its request and reply CPU only', () => {
    const get = row(Op.get, 1);
    expect([cpu.sendNs(get), cpu.replyNs(get)]).toEqual([1000, 3000]);
  });

  it('charges an MGET of 3 keys two further keys and a pipeline of 3 GETs its pipeline object and two further commands, half with the send and half with the reply', () => {
    const mget = row(Op.mget, 3);
    const pipeline = row(Op.pipeline, 3);
    expect([cpu.sendNs(mget), cpu.replyNs(mget)]).toEqual([1000 + 200, 3000 + 200]);
    expect([cpu.sendNs(pipeline), cpu.replyNs(pipeline)]).toEqual([1000 + 4000 + 600, 3000 + 4000 + 600]);
  });

  it('charges a transaction and a pipeline of one command their pipeline object, and a split request\'s part of one command none (it is sent as that command)', () => {
    const multi = row(Op.multi, 2);
    const one = row(Op.pipeline, 1);
    expect([cpu.sendNs(multi), cpu.replyNs(multi)]).toEqual([1000 + 4000 + 300, 3000 + 4000 + 300]);
    expect([cpu.sendNs(one), cpu.replyNs(one)]).toEqual([1000 + 4000, 3000 + 4000]);
    const part = row(Op.pipeline, 1);
    table.parent[part] = one;
    expect([cpu.sendNs(part), cpu.replyNs(part)]).toEqual([1000, 3000]);
    const partOfTwo = row(Op.pipeline, 2);
    table.parent[partOfTwo] = one;
    expect(cpu.sendNs(partOfTwo)).toBe(1000 + 4000 + 300);
  });

  it('charges the pipeline object\'s reply half only for a reply that carries the results', () => {
    const refused = row(Op.pipeline, 3);
    table.outcome[refused] = Outcome.timeout;
    expect([cpu.sendNs(refused), cpu.replyNs(refused)]).toEqual([1000 + 4000 + 600, 3000]);
  });

  it('counts an MSET\'s and an EVALSHA\'s further keys as keys, and parses no results from an error reply', () => {
    const mset = row(Op.mset, 3);
    const evalsha = row(Op.eval, 2);
    expect([cpu.sendNs(mset), cpu.sendNs(evalsha)]).toEqual([1000 + 200, 1000 + 100]);
    const refused = row(Op.mget, 3);
    table.outcome[refused] = Outcome.crossslot;
    expect([cpu.sendNs(refused), cpu.replyNs(refused)]).toEqual([1000 + 200, 3000]);
  });
});
