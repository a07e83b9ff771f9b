// A Sentinel client's question opens a connection to a sentinel (sentinel-route.ts,
// sentinel-fabric.ts): a dead sentinel's host refuses it, or resets it if the sentinel dies before
// answering, and the client asks the next sentinel at once instead of after its timeout (100 ms in
// this scenario); once every sentinel has failed in turn it waits 10 ms, 20 ms, … before the next
// round (ioredis's sentinelRetryStrategy).

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { NET_MESSAGE, Purpose, type NetMessage } from '../../models/signals.js';

const CLIENT_TIMEOUT_NS = 100e6;
const MASTER_CRASH_NS = 20e9;

/** The shipped Sentinel set with `faults`: the SYNs and the questions one application host sent to the sentinels after the master's crash, and the answers sent to it. */
function clientAsks(faults: string, untilNs = 21e9) {
  const { scenario } = loadScenario('scenarios/sentinel-vs-cluster-failover.yaml', [
    `faults=${faults}`, 'topologies=[{ name: sentinel, kind: sentinel, replicas: 2, sentinels: 3, quorum: 2, downAfter: 5s }]',
  ]);
  const run = buildRun(scenario, 0, scenario.seed);
  const syns: { atNs: number; to: string }[] = [];
  const questions: { atNs: number; to: string }[] = [];
  const answers: { atNs: number; from: string }[] = [];
  run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
    if (run.engine.now < MASTER_CRASH_NS) return;
    if (run.network.hostName(m.dst) === 'app-0' && m.purpose === Purpose.sentinel) answers.push({ atNs: run.engine.now, from: run.network.hostName(m.src) });
    if (run.network.hostName(m.src) !== 'app-0') return;
    const to = run.network.hostName(m.dst);
    if (!to.startsWith('sentinel/sentinel-')) return;
    if (m.purpose === Purpose.connect) syns.push({ atNs: run.engine.now, to });
    else if (m.purpose === Purpose.sentinel) questions.push({ atNs: run.engine.now, to });
  });
  run.start();
  run.engine.run({ untilNs });
  return { syns, questions, answers };
}

describe('a Sentinel client asking where the master is', () => {
  it('asks the next sentinel one round trip after a dead sentinel\'s host refuses its connection, not after the client timeout', () => {
    const { syns, questions } = clientAsks('[{at: 15s, crash: sentinel/sentinel-0}, {at: 20s, crash: sentinel/primary}]');
    expect(syns.slice(0, 2).map((s) => s.to)).toEqual(['sentinel/sentinel-0', 'sentinel/sentinel-1']);
    expect(syns[1]!.atNs - syns[0]!.atNs).toBeLessThan(CLIENT_TIMEOUT_NS / 10);
    expect(questions[0]!.to).toBe('sentinel/sentinel-1');
    expect(questions[0]!.atNs).toBeGreaterThan(syns[1]!.atNs);
    expect(questions[0]!.atNs - syns[1]!.atNs).toBeLessThan(CLIENT_TIMEOUT_NS / 10);
  });

  it('asks the next sentinel as soon as the host resets the connection of a sentinel that dies before answering', () => {
    const { syns } = clientAsks('[{at: 19s, pause: sentinel/sentinel-0}, {at: 20s, crash: sentinel/primary}, {at: 20050ms, crash: sentinel/sentinel-0}]');
    expect(syns.slice(0, 2).map((s) => s.to)).toEqual(['sentinel/sentinel-0', 'sentinel/sentinel-1']);
    expect(syns[1]!.atNs).toBeGreaterThan(20.05e9);
    expect(syns[1]!.atNs - 20.05e9).toBeLessThan(CLIENT_TIMEOUT_NS / 10);
    expect(syns[1]!.atNs - syns[0]!.atNs).toBeLessThan(CLIENT_TIMEOUT_NS);
  });

  it('keeps track of the connection of its current question when a sentinel answers an older one late: the current one\'s reset still reaches it', () => {
    const { syns } = clientAsks('[{at: 19s, pause: sentinel/sentinel-0, for: 1120ms}, {at: 20s, crash: sentinel/primary}, '
      + '{at: 20050ms, pause: sentinel/sentinel-1}, {at: 20130ms, crash: sentinel/sentinel-1}]');
    expect(syns.slice(0, 3).map((s) => s.to)).toEqual(['sentinel/sentinel-0', 'sentinel/sentinel-1', 'sentinel/sentinel-2']);
    expect(syns[1]!.atNs - syns[0]!.atNs).toBeGreaterThanOrEqual(CLIENT_TIMEOUT_NS);
    expect(syns[2]!.atNs).toBeGreaterThan(20.13e9);
    expect(syns[2]!.atNs - 20.13e9).toBeLessThan(CLIENT_TIMEOUT_NS / 10);
  });

  it('gets no answer from a sentinel restarted while its question was on the way: the question\'s connection died with the old process', () => {
    // The first question's SYN-ACK leaves sentinel-0 at about 20.000107 s and the question at about 20.000171 s;
    // sentinel-0 dies in between and is back before the question arrives.
    const { answers } = clientAsks('[{at: 20s, crash: sentinel/primary}, {at: 20000160us, crash: sentinel/sentinel-0}, {at: 20000180us, restart: sentinel/sentinel-0}]', 20.0015e9);
    expect(answers.map((a) => a.from)).toEqual(['sentinel/sentinel-1']);
  });

  it('takes a sentinel\'s SYN-ACK and the reset its host sends next in the order they were sent, as one connection\'s segments: it sends its question before it learns of the reset', () => {
    // sentinel-0 accepts at about 20.000107 s and dies at 20.00012 s (restarted 20 µs later); the reset follows the SYN-ACK.
    const { syns, questions, answers } = clientAsks('[{at: 20s, crash: sentinel/primary}, {at: 20000120us, crash: sentinel/sentinel-0}, {at: 20000140us, restart: sentinel/sentinel-0}]', 20.0015e9);
    expect(syns.slice(0, 2).map((x) => x.to)).toEqual(['sentinel/sentinel-0', 'sentinel/sentinel-1']);
    expect(questions[0]!.to).toBe('sentinel/sentinel-0');
    expect(questions[0]!.atNs).toBeLessThanOrEqual(syns[1]!.atNs);
    expect(answers.map((a) => a.from)).toEqual(['sentinel/sentinel-1']);
  });

  it('waits 10 ms, then 20 ms, then 30 ms before each new round once every sentinel has refused in turn', () => {
    const { syns, questions } = clientAsks('[{at: 15s, crash: sentinel/sentinel-0}, {at: 15s, crash: sentinel/sentinel-1}, {at: 15s, crash: sentinel/sentinel-2}, {at: 20s, crash: sentinel/primary}]');
    expect(questions).toEqual([]);
    expect(syns.slice(0, 12).map((s) => s.to)).toEqual(Array.from({ length: 12 }, (_, i) => `sentinel/sentinel-${i % 3}`));
    for (let round = 1; round <= 3; round++) {
      const refusedNs = syns[3 * round - 1]!.atNs + (syns[3 * round - 2]!.atNs - syns[3 * round - 3]!.atNs);
      const waitNs = syns[3 * round]!.atNs - refusedNs;
      expect(Math.abs(waitNs - round * 10e6)).toBeLessThan(1e6);
    }
  });
});
