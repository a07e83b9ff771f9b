import { describe, expect, it } from 'vitest';
import { PER_KEY_OVERHEAD_BYTES } from './server-params.js';
import { fitCalibration, MIN_ONE_WAY_NS, type LoopPhase } from './service-calibration.js';

describe('fitCalibration', () => {
  // A server whose true costs are request 3000, command 500, perKey 200, perKB 100 ns: the five
  // shapes' CPU per request follow from the cost model, and the fit must give the costs back.
  const truth = { request: 3000, write: 700, command: 500, perKey: 200, perKB: 100, dumpPerKey: 2800, dumpPerKB: 2600, restorePerKey: 900, restorePerKB: 700, freshMemoryPerKB: 2900 };
  const k = 20;
  const small = 0.5;
  const large = 16;
  const medium = 2;
  const shape = (commands: number, keys: number, kb: number) => truth.request + commands * truth.command + keys * truth.perKey + kb * truth.perKB;
  // A client loop whose true costs are 9000 ns a turn and 14,000 ns a request, 1500 ns one way, and a
  // GC pause of 500 µs every 2000 requests (250 ns a request of its busy time).
  const client = { turn: 9000, perRequest: 14_000, oneWay: 1500, gcPauseNs: 500_000, requestsPerPause: 2000 };
  const gc = { requests: 10_000, pauses: 10_000 / client.requestsPerPause, pauseNs: (10_000 / client.requestsPerPause) * client.gcPauseNs };
  const gcShare = client.gcPauseNs / client.requestsPerPause;
  const loop = (connections: number, repliesPerTurn: number, serverNs: number): LoopPhase => {
    const busyNs = client.perRequest + client.turn / repliesPerTurn + gcShare;
    return { connections, repliesPerTurn, serverNs, busyNs, periodNs: connections === 1 ? busyNs + serverNs + 2 * client.oneWay : busyNs };
  };
  // The client's busy time per request of a GET, and what a pipeline object, each further command (pipeline) and each further key (MGET) add.
  const clientShapes = { get: 30_000, command: 5600, key: 2000, pipeline: 15_000 };
  // MIGRATE … COPY of n keys of kb each: the command and its wait (the same for every shape) plus the source's work per key.
  const migrateBase = truth.request + truth.command + 25_000;
  const migrate = (n: number, kb: number) => migrateBase + n * (truth.dumpPerKey + kb * truth.dumpPerKB);
  // n RESTOREs of kb each, pipelined.
  const restore = (n: number, kb: number) => truth.request + n * (truth.command + truth.restorePerKey + kb * truth.restorePerKB);
  // … of keys never written before: each grows the memory by its value and the keyspace's per-key overhead.
  const restoreFresh = (n: number, kb: number) => restore(n, kb) + n * (kb + PER_KEY_OVERHEAD_BYTES / 1000) * truth.freshMemoryPerKB;
  // PUBLISH from one connection to S subscribers: each fills a subscriber's buffer (perKey) and is a write.
  const subscribers = 8;
  const publish = (s: number) => truth.request + truth.command + s * (truth.perKey + truth.write);
  // The client's busy time per PUBLISH: the publisher's request, and with subscribers each of their messages.
  const clientMessageNs = 4200;
  const shapes = (single: LoopPhase, busy: LoopPhase) => ({
    publishNoneNs: publish(0), publishSubscribedNs: publish(subscribers), subscribers,
    clientPublishNoneNs: clientShapes.get, clientPublishSubscribedNs: clientShapes.get + subscribers * clientMessageNs,
    getSmallNs: shape(1, 1, small), mgetNs: shape(1, k, k * small), pipelineNs: shape(k, k, k * small), getLargeNs: shape(1, 1, large),
    migrateSmallNs: migrate(1, small), migrateWideNs: migrate(k, small), migrateWideMediumNs: migrate(k, medium),
    restoreSmallNs: restore(1, small), restoreWideNs: restore(k, small), restoreWideMediumNs: restore(k, medium),
    restoreFreshWideMediumNs: restoreFresh(k, medium),
    clientGetNs: clientShapes.get, clientMgetNs: clientShapes.get + (k - 1) * clientShapes.key,
    clientPipelineNs: clientShapes.get + clientShapes.pipeline + (k - 1) * clientShapes.command, clientPipelineOneNs: clientShapes.get + clientShapes.pipeline,
    width: k, smallKB: small, mediumKB: medium, largeKB: large, single, busy, gc,
  });

  it('recovers request, its reply\'s write, command, perKey and perKB exactly from the shapes the cost model predicts', () => {
    const c = fitCalibration(shapes(loop(1, 1, shape(1, 1, small)), loop(8, 7, 2500)));
    expect(c.requestNs).toBeCloseTo(3000, 6);
    expect(c.writeNs).toBeCloseTo(700, 6);
    expect(c.commandNs).toBeCloseTo(500, 6);
    expect(c.perKeyNs).toBeCloseTo(200, 6);
    expect(c.perKBNs).toBeCloseTo(100, 6);
  });

  it('fits a write no longer than the request, which contains it, when the PUBLISH phases disagree that far', () => {
    const c = fitCalibration({ ...shapes(loop(1, 1, shape(1, 1, small)), loop(8, 7, 2500)), publishSubscribedNs: publish(0) + subscribers * 10_000 });
    expect(c.writeNs).toBeCloseTo(3000, 6);
  });

  it('recovers MIGRATE\'s per-command, per-key and per-KB costs on the source, RESTORE\'s on the target and the page faults of fresh memory', () => {
    const c = fitCalibration(shapes(loop(1, 1, shape(1, 1, small)), loop(8, 7, 2500)));
    expect(c.migrateNs).toBeCloseTo(25_000, 6);
    expect(c.dumpPerKeyNs).toBeCloseTo(truth.dumpPerKey, 6);
    expect(c.dumpPerKBNs).toBeCloseTo(truth.dumpPerKB, 6);
    expect(c.restorePerKeyNs).toBeCloseTo(truth.restorePerKey, 6);
    expect(c.restorePerKBNs).toBeCloseTo(truth.restorePerKB, 6);
    expect(c.freshMemoryPerKBNs).toBeCloseTo(truth.freshMemoryPerKB, 6);
  });

  it('recovers the event loop\'s turn and per-request CPU from one connection and several, and the one-way latency', () => {
    const c = fitCalibration(shapes(loop(1, 1, 3500), loop(8, 6.5, 2500)));
    expect(c.turnCpuNs).toBeCloseTo(client.turn, 6);
    expect(c.tailCpuNs).toBe(0);
    expect(c.requestCpuNs + c.replyCpuNs).toBeCloseTo(client.perRequest, 6);
    expect(c.oneWayNs).toBeCloseTo(client.oneWay, 6);
  });

  it('puts after the callbacks as much of the turn as the one-connection wall time shows ran beside the server, so that the loop\'s path takes that wall time', () => {
    const measured = loop(1, 1, 3500);
    // 5000 ns of the client's and the server's CPU overlapped: the wall time less both is −3000 ns, not two one-way trips of at least MIN_ONE_WAY_NS.
    const single = { ...measured, periodNs: measured.busyNs + measured.serverNs - 3000 };
    const c = fitCalibration(shapes(single, loop(8, 6.5, 2500)));
    expect(c.tailCpuNs).toBeCloseTo(3000 + 2 * MIN_ONE_WAY_NS, 6);
    expect(c.turnCpuNs + c.tailCpuNs).toBeCloseTo(client.turn, 6);
    expect(c.oneWayNs).toBe(MIN_ONE_WAY_NS);
    const pathNs = c.turnCpuNs + c.requestCpuNs + c.replyCpuNs + gcShare + single.serverNs + 2 * c.oneWayNs;
    expect(pathNs).toBeCloseTo(single.periodNs, 6);
    // More overlap than the turn's CPU: all of the turn is after the callbacks, and the path stays longer than the wall time.
    const most = fitCalibration(shapes({ ...measured, periodNs: measured.busyNs + measured.serverNs - 20_000 }, loop(8, 6.5, 2500)));
    expect([most.turnCpuNs, most.tailCpuNs]).toEqual([0, expect.closeTo(client.turn, 6)]);
  });

  it('recovers the client\'s CPU per pipeline object, per further command of a pipeline, per further key of an MGET and per pushed message', () => {
    const c = fitCalibration(shapes(loop(1, 1, 3500), loop(8, 6.5, 2500)));
    expect(c.messageCpuNs).toBeCloseTo(clientMessageNs, 6);
    expect(c.pipelineCpuNs).toBeCloseTo(clientShapes.pipeline, 6);
    expect(c.commandCpuNs).toBeCloseTo(clientShapes.command, 6);
    expect(c.keyCpuNs).toBeCloseTo(clientShapes.key, 6);
  });

  it('recovers the GC pause and the callback CPU between two pauses, and keeps the pauses out of the per-request CPU', () => {
    const c = fitCalibration(shapes(loop(1, 1, 3500), loop(8, 6.5, 2500)));
    expect(c.gcPauseNs).toBeCloseTo(client.gcPauseNs, 6);
    expect(c.gcEveryNs).toBeCloseTo(client.perRequest * client.requestsPerPause, 6);
    expect(c.requestCpuNs + c.replyCpuNs).toBeCloseTo(client.perRequest, 6);
    const none = fitCalibration({ ...shapes(loop(1, 1, 3500), loop(8, 6.5, 2500)), gc: { requests: 10_000, pauses: 0, pauseNs: 0 } });
    expect([none.gcEveryNs, none.gcPauseNs]).toEqual([0, 0]);
  });

  it('charges no turn CPU when several connections found no more replies a turn than one, and keeps the least one-way latency', () => {
    const single = loop(1, 1, 3500);
    const c = fitCalibration(shapes(single, { ...loop(8, 1, 2500), busyNs: single.busyNs }));
    expect(c.turnCpuNs).toBe(0);
    expect(c.requestCpuNs + c.replyCpuNs).toBeCloseTo(single.busyNs - gcShare, 6);
    const crowded = fitCalibration(shapes({ ...single, periodNs: single.busyNs + single.serverNs }, loop(8, 7, 2500)));
    expect(crowded.oneWayNs).toBe(MIN_ONE_WAY_NS);
  });
});
