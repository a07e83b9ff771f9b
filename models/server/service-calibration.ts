// What `cachetopo calibrate` fits, and how its result enters a scenario. The server cost model
// (server-params.ts) charges a request request + commands × command + keys × perKey + KB × perKB of
// executor time. A live server's main-thread CPU time (INFO cpu: used_cpu_{user,sys}_main_thread)
// per request, measured over many unpipelined requests of five shapes, gives four independent
// differences:
//   GET (small value)            = request + command + perKey + kb₀·perKB
//   MGET of k small keys         = request + command + k·perKey + k·kb₀·perKB
//   pipeline of k small GETs     = request + k·command + k·perKey + k·kb₀·perKB
//   GET of a large value (kb₁)   = request + command + perKey + kb₁·perKB
// so perKB from the large/small GETs, perKey from MGET − GET, command from pipeline − MGET, and
// request from what GET leaves. The reply's write, a part of request (server.cost.write), from
//   PUBLISH to a channel S connections subscribe to − PUBLISH to a channel nobody does = S·(perKey + write)
// each from one connection, so that an event-loop iteration writes each subscriber once (the model
// charges a published message perKey to fill the subscriber's buffer and a write: pubsub-node.ts);
// at most request. The client's busy time in the same two phases, apart, over S, gives its CPU per
// pushed message (clients.messageCpu: ioredis parsing a pub/sub message and calling its handler, the
// L1's invalidations' cost on a host). MIGRATE's costs (models/cluster/migrate-command.ts) the same way:
//   MIGRATE … COPY of one small key      = m + dumpPerKey + kb₀·dumpPerKB
//   MIGRATE … COPY of k small keys       = m + k·dumpPerKey + k·kb₀·dumpPerKB
//   MIGRATE … COPY of k medium keys      = m + k·dumpPerKey + k·kb₂·dumpPerKB
//   RESTORE of one small payload         = request + command + restorePerKey + kb₀·restorePerKB
//   pipeline of k small RESTOREs         = request + k·(command + restorePerKey + kb₀·restorePerKB)
//   pipeline of k medium RESTOREs        = request + k·(command + restorePerKey + kb₂·restorePerKB)
//   … of k keys never written, memory fresh = the same + k·(kb₂ + o)·freshMemoryPerKB
// (m = request + command + migrate: the MIGRATE command, its write and its wait in poll, the same for
// each), so dumpPerKB and restorePerKB from the medium/small differences, dumpPerKey and
// restorePerKey from the k-wide − one differences, migrate from what one small key leaves, and
// freshMemoryPerKB from the fresh − replaced difference (o: server.perKeyOverhead's default, the
// growth a key adds beyond its value as the keyspace counts it).
// The client is the Node.js process calibrate runs in, an event loop (models/host/event-loop.ts):
// per turn turnCpu, per request r (building it and parsing its reply). Its main thread's busy time
// per request is r + turnCpu / (replies per turn), measured with small GETs on one connection (one
// reply a turn) and on several (several a turn), which gives both. On one connection the rest of
// each request's wall time, less the server's CPU, is the two one-way trips (on loopback, the
// kernel's transfer and the wake-ups of the two processes), at least MIN_ONE_WAY_NS each. When the
// busy time and the server's CPU already add up to more than that wall time less two such trips,
// the client and the server ran at once for the difference: on two cores the client finishes its
// turn (the later phases of libuv's loop and the next epoll_wait's entry) while the server works on
// the request it sent. The fit puts that much of the turn, and no more, after its callbacks
// (eventLoop.tailCpu, off the request's path), so that the simulated loop on one connection takes
// the wall time measured; the turn's CPU is unchanged, so the client's throughput is too. Measured
// on this project's 2-core VM: 2–6 µs per request of 47–52 µs (the turn: 3–13 µs). Which side's
// work overlaps, the client's or the server's (Redis's beforeSleep after the reply's write), the
// three measured times cannot tell; the client's is taken.
// The client's busy time per request of a pipeline of one small GET, less that of the small GET,
// gives its CPU per pipeline object (clients.pipelineCpu: ioredis's Pipeline, its queue and the
// promise of its results); that of the pipeline of k and of the MGET, less those of the pipeline of
// one and of the small GET, over k − 1 give its CPU per further command (building it and parsing
// its reply: ioredis makes a command object and a promise for each) and per further key (its
// argument, its value in the reply): clients.commandCpu and clients.keyCpu (request-cpu.ts).
// Measured with ioredis on this project's VM at one connection: ≈ 5.6 µs a command and ≈ 2 µs a
// key, against ≈ 30 µs a GET. Their busy times include the GC pauses of those shapes, which the
// simulated loop adds again in proportion to callback CPU (a few per cent of the three, counted
// twice).
// The client's GC pauses during the small GETs (count and total length, over the requests made
// meanwhile) give the loop's gc: pause = their mean, every = the callback CPU (r) of the requests
// per pause; r excludes the pauses' share of the busy time.
// Abstracted away: per-command differences (SET is charged like GET), the server's own batching
// under load (its costs are fitted at the calibration's concurrency), how r splits between the
// request and the reply (evenly), the latency's spread (sigma is the simulator's default 0.3).
// Parameters: the measured shapes, in ns per request; MGET/pipeline width k; value sizes kb₀, kb₁ and kb₂ (KB of 1000 bytes).

import { PER_KEY_OVERHEAD_BYTES } from './server-params.js';

/** The least one-way latency the fit leaves (loopback). */
export const MIN_ONE_WAY_NS = 1000;

/** A closed loop of small GETs, each connection with one outstanding. */
export interface LoopPhase {
  connections: number;
  /** Wall time per request (the inverse of the throughput), ns. */
  periodNs: number;
  /** The client's main thread busy (not waiting in its poll) per request, ns. */
  busyNs: number;
  /** Replies the client's event loop took per turn. */
  repliesPerTurn: number;
  /** Server main-thread CPU per request, ns. */
  serverNs: number;
}

/** The client's garbage-collection pauses during its small GETs. */
export interface GcPauses {
  requests: number;
  pauses: number;
  /** Their total length, ns. */
  pauseNs: number;
}

export interface ShapeCosts {
  /** Server main-thread CPU per request, ns. */
  getSmallNs: number;
  mgetNs: number;
  pipelineNs: number;
  getLargeNs: number;
  migrateSmallNs: number;
  migrateWideNs: number;
  migrateWideMediumNs: number;
  restoreSmallNs: number;
  restoreWideNs: number;
  restoreWideMediumNs: number;
  /** The pipeline of medium RESTOREs of keys never written before, into fresh memory. */
  restoreFreshWideMediumNs: number;
  /** PUBLISH from one connection to a channel nobody subscribes to, and to one `subscribers` connections subscribe to. */
  publishNoneNs: number;
  publishSubscribedNs: number;
  subscribers: number;
  /** The client's busy time per PUBLISH of those two shapes (the second includes its subscribers taking the message), ns. */
  clientPublishNoneNs: number;
  clientPublishSubscribedNs: number;
  width: number;
  smallKB: number;
  mediumKB: number;
  largeKB: number;
  /** The client's busy time per request of the small GET, the MGET, the pipeline and the pipeline of one small GET (their `connections`), ns. */
  clientGetNs: number;
  clientMgetNs: number;
  clientPipelineNs: number;
  clientPipelineOneNs: number;
  /** The client on one connection, and on several. */
  single: LoopPhase;
  busy: LoopPhase;
  gc: GcPauses;
}

export interface Calibration {
  requestNs: number;
  writeNs: number;
  commandNs: number;
  perKeyNs: number;
  perKBNs: number;
  migrateNs: number;
  dumpPerKeyNs: number;
  dumpPerKBNs: number;
  restorePerKeyNs: number;
  restorePerKBNs: number;
  freshMemoryPerKBNs: number;
  requestCpuNs: number;
  replyCpuNs: number;
  /** The client's CPU per command beyond a request's first, and per key beyond one a command. */
  commandCpuNs: number;
  keyCpuNs: number;
  /** Client CPU per request sent as a pipeline object, beyond its commands. */
  pipelineCpuNs: number;
  /** Client CPU per pushed message a connection takes (a published message, an invalidation). */
  messageCpuNs: number;
  /** The event loop's CPU per turn before its callbacks, and after them (off the path). */
  turnCpuNs: number;
  tailCpuNs: number;
  /** Callback CPU between two GC pauses, and their length (both 0: no pause seen). */
  gcEveryNs: number;
  gcPauseNs: number;
  oneWayNs: number;
}

export function fitCalibration(s: ShapeCosts): Calibration {
  const k = s.width;
  const perKB = Math.max(0, (s.getLargeNs - s.getSmallNs) / (s.largeKB - s.smallKB));
  const perKey = Math.max(0, (s.mgetNs - s.getSmallNs) / (k - 1) - s.smallKB * perKB);
  const command = Math.max(0, (s.pipelineNs - s.mgetNs) / (k - 1));
  const request = Math.max(0, s.getSmallNs - command - perKey - s.smallKB * perKB);
  const write = Math.min(request, Math.max(0, (s.publishSubscribedNs - s.publishNoneNs) / s.subscribers - perKey));
  const wideKBApart = k * (s.mediumKB - s.smallKB);
  const dumpPerKB = Math.max(0, (s.migrateWideMediumNs - s.migrateWideNs) / wideKBApart);
  const dumpPerKey = Math.max(0, (s.migrateWideNs - s.migrateSmallNs) / (k - 1) - s.smallKB * dumpPerKB);
  const migrate = Math.max(0, s.migrateSmallNs - request - command - dumpPerKey - s.smallKB * dumpPerKB);
  const restorePerKB = Math.max(0, (s.restoreWideMediumNs - s.restoreWideNs) / wideKBApart);
  const restorePerKey = Math.max(0, (s.restoreWideNs - s.restoreSmallNs) / (k - 1) - command - s.smallKB * restorePerKB);
  const freshMemoryPerKB = Math.max(0, (s.restoreFreshWideMediumNs - s.restoreWideMediumNs) / (k * (s.mediumKB + PER_KEY_OVERHEAD_BYTES / 1000)));
  const { single, busy } = s;
  const turnsApart = 1 / single.repliesPerTurn - 1 / busy.repliesPerTurn;
  const turnCpu = turnsApart > 0 ? Math.min(single.busyNs * single.repliesPerTurn, Math.max(0, (single.busyNs - busy.busyNs) / turnsApart)) : 0;
  const gc = s.gc;
  const perRequest = Math.max(0, single.busyNs - turnCpu / single.repliesPerTurn - gc.pauseNs / Math.max(1, gc.requests));
  const overlapNs = single.busyNs + single.serverNs + 2 * MIN_ONE_WAY_NS - single.periodNs;
  const tailCpu = Math.min(turnCpu, Math.max(0, overlapNs * single.repliesPerTurn));
  return {
    requestNs: request, writeNs: write, commandNs: command, perKeyNs: perKey, perKBNs: perKB, migrateNs: migrate, dumpPerKeyNs: dumpPerKey, dumpPerKBNs: dumpPerKB,
    restorePerKeyNs: restorePerKey, restorePerKBNs: restorePerKB, freshMemoryPerKBNs: freshMemoryPerKB,
    requestCpuNs: perRequest / 2, replyCpuNs: perRequest / 2, turnCpuNs: turnCpu - tailCpu, tailCpuNs: tailCpu,
    commandCpuNs: Math.max(0, (s.clientPipelineNs - s.clientPipelineOneNs) / (k - 1)), keyCpuNs: Math.max(0, (s.clientMgetNs - s.clientGetNs) / (k - 1)),
    pipelineCpuNs: Math.max(0, s.clientPipelineOneNs - s.clientGetNs),
    messageCpuNs: Math.max(0, (s.clientPublishSubscribedNs - s.clientPublishNoneNs) / s.subscribers),
    gcEveryNs: gc.pauses > 0 ? (perRequest * gc.requests) / gc.pauses : 0, gcPauseNs: gc.pauses > 0 ? gc.pauseNs / gc.pauses : 0,
    oneWayNs: Math.max(MIN_ONE_WAY_NS, (single.periodNs - single.busyNs - single.serverNs) / 2),
  };
}

const ns = (v: number) => `${Math.round(v)}ns`;

/** The calibration as scenario overrides (`--set` paths; `*` = every topology), applied by `--calibration FILE`. */
export function calibrationOverrides(c: Calibration): Record<string, string> {
  return {
    'topologies.*.server.cost.request': ns(c.requestNs),
    'topologies.*.server.cost.write': ns(c.writeNs),
    'topologies.*.server.cost.command': ns(c.commandNs),
    'topologies.*.server.cost.perKey': ns(c.perKeyNs),
    'topologies.*.server.cost.perKB': ns(c.perKBNs),
    'topologies.*.server.cost.migrate': ns(c.migrateNs),
    'topologies.*.server.cost.dumpPerKey': ns(c.dumpPerKeyNs),
    'topologies.*.server.cost.dumpPerKB': ns(c.dumpPerKBNs),
    'topologies.*.server.cost.restorePerKey': ns(c.restorePerKeyNs),
    'topologies.*.server.cost.restorePerKB': ns(c.restorePerKBNs),
    'topologies.*.server.cost.freshMemoryPerKB': ns(c.freshMemoryPerKBNs),
    'workload.clients.cores': '1',
    'workload.clients.eventLoop': Math.round(c.gcEveryNs) > 0
      ? `{ turnCpu: ${ns(c.turnCpuNs)}, tailCpu: ${ns(c.tailCpuNs)}, gc: { every: ${ns(c.gcEveryNs)}, pause: ${ns(c.gcPauseNs)} } }`
      : `{ turnCpu: ${ns(c.turnCpuNs)}, tailCpu: ${ns(c.tailCpuNs)} }`,
    'workload.clients.requestCpu': ns(c.requestCpuNs),
    'workload.clients.replyCpu': ns(c.replyCpuNs),
    'workload.clients.commandCpu': ns(c.commandCpuNs),
    'workload.clients.keyCpu': ns(c.keyCpuNs),
    'workload.clients.pipelineCpu': ns(c.pipelineCpuNs),
    'workload.clients.messageCpu': ns(c.messageCpuNs),
    'network.latency.sameZone': `{ lognormal: { median: ${ns(c.oneWayNs)}, sigma: 0.3 } }`,
  };
}
