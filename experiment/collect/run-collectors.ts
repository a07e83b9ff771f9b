// Collectors: subscribe to one run's signals and keep statistics (counts, sums, histograms), never
// raw samples. Requests count when they started inside the measurement window [warmup, duration);
// messages and server work when they happen inside it.

import type { SignalBus } from '../../sim/signal/signal.js';
import {
  CLIENT_REDIRECT, L1_FLUSHED, L1_INVALIDATED, L1_OCCUPANCY, L1_STALE_READ, SLOT_MIGRATED, CLUSTER_EVENT, CLUSTER_EVENTS, ClusterEventKind, FAULT_INJECTED, FAULT_KINDS, isFollowUp, NET_MESSAGE, Op, REPLICATION_LOST, REQUEST_ISSUED, OPS, ORIGIN_QUERY, OUTCOMES, PURPOSES, REQUEST_DONE, RESOURCE_USAGE, SERVER_COMMAND, SERVER_PERSISTENCE, SERVER_EXPIRED, SERVER_STATE, SERVER_WRITES,
  type ClientRedirect, type L1Flushed, type L1Invalidated, type L1Occupancy, type L1StaleRead, type SlotMigrated, type ClusterEvent, type FaultInjected, type NetMessage, type ReplicationLost, type RequestIssued, type OriginQuery, type RequestDone, type ResourceUsage, type ServerCommand, type ServerExpired, type ServerPersistence, type ServerState, type ServerWrites,
} from '../../models/signals.js';
import { emptyHistogram, encodeHistogram, newLatencyHistogram, type LatencyHistogram } from './latency-histogram.js';
import { LatencyIntervals, type LatencyIntervalsByOp } from './latency-intervals.js';
import { TimeSeriesCollector, type TimeSeries } from './time-series.js';

export interface OpStats {
  ok: number;
  errors: Record<string, number>;
  /** Requests issued in the window that had not finished when the run ended (absent before results format 3). */
  unfinished?: number;
  /** Latency of successful requests, ns, encoded HdrHistogram. */
  latency: string;
  hits: number;
  reads: number;
  stale: number;
  retried: number;
}

export interface CollectedStats {
  windowNs: number;
  ops: Record<string, OpStats>;
  server: { commands: number; busyNs: number; lookups: number; hits: number; evictions: number; expirations: number };
  /** Time each server spent on client requests in the window (ns), by server id; servers that ran none are absent. */
  serverBusyNs: number[];
  wire: Record<string, { messages: number; bytes: number }>;
  origin: { queries: number; keys: number; latency: string; waitNs: number };
  /** Redirections cluster clients followed (moved, ask, tryagain). */
  redirects: Record<string, number>;
  /** Workload requests issued in the window, and those of them that had not finished when the run ended. */
  issued: number;
  unfinished: number;
  /** Faults and cluster events of the whole run (not only the window), in time order. */
  events: TimedEvent[];
  /** Acknowledged writes lost by promotions and demotions, whole run. */
  lostWrites: number;
  /** Resharding over the whole run: slots and keys moved, bytes, first start and last end (ns; −1 if none). */
  migration: { slots: number; keys: number; bytes: number; firstStartNs: number; lastEndNs: number };
  /** The L1 tier: keys it answered; staleness of its stale hits and delay of the invalidations that dropped stale entries (ns, encoded HdrHistograms). */
  l1: {
    hits: number; staleness: string; invalidations: number; invalidationDelay: string; entries: number; bytes: number;
    /** Times an L1 emptied itself on a lost connection, and the entries it dropped (absent in results stored before session 43). */
    flushes?: number; flushedEntries?: number;
    /** Each host's L1 hit ratio over the window (keys answered / keys asked), in host order; null for a host asked nothing. */
    hostHitRatios: (number | null)[];
  };
  /** The whole run in fixed buckets (see time-series.ts). */
  timeSeries: TimeSeries;
  /** Latency of the measured successful requests per op and time-series bucket, encoded HdrHistograms (the .hlog intervals; populate included, as in `ops`). */
  latencyIntervals: LatencyIntervalsByOp;
  /** Each server that ran a request in the window or reported its state, by server id. */
  servers: ServerStats[];
  /** Each host that sent or received a message in the window, by host id. */
  hosts: HostStats[];
  /** Persistence work in the window (all servers): BGSAVE forks and their main-thread pauses, fsyncs on the main thread (always) and waits for a busy background fsync (everysec), ns; snapshots saved and the most copy-on-write memory one needed, bytes. */
  persistence?: { forks: number; forkMaxNs: number; fsyncs: number; fsyncMaxNs: number; fsyncTotalNs: number; waits: number; waitMaxNs: number; saves: number; cowPeakBytes: number; peakBytes: number };
  /** With application hosts in several regions: the latency of the measured successful reads (GET, MGET) by the region of the host that issued them, encoded HdrHistograms. */
  readsByRegion?: Record<string, string>;
  /** Server threads (all their work), client host CPUs, proxy CPUs and the origin's query slots: the share of their capacity in use over the window. */
  resources: { name: string; kind: string; share: number }[];
}

export interface ServerStats {
  name: string;
  /** Requests executed and executor time on them in the window (ns). */
  commands: number;
  busyNs: number;
  /** Service time of its requests, ns, encoded HdrHistogram. */
  serviceTime: string;
  /** Keys and bytes held when the window ended (−1: not reported, e.g. crashed). */
  keys: number;
  /** Its role when the window ended where failovers change roles (cluster, Sentinel), or 'down' (a dead process); absent elsewhere. */
  role?: string;
  usedBytes: number;
  /** Bytes its host received and sent in the window (−1: host not known). */
  bytesIn: number;
  bytesOut: number;
}

export interface HostStats {
  name: string;
  bytesIn: number;
  bytesOut: number;
  /** Bytes sent, by purpose. */
  outByPurpose: Record<string, number>;
}

export interface TimedEvent {
  timeNs: number;
  kind: string;
  node: string;
  target: string;
}

export class RunCollectors {
  private readonly ok = new Float64Array(OPS.length);
  private readonly errors = OPS.map(() => new Float64Array(OUTCOMES.length));
  private readonly hits = new Float64Array(OPS.length);
  private readonly reads = new Float64Array(OPS.length);
  private readonly stale = new Float64Array(OPS.length);
  private readonly retried = new Float64Array(OPS.length);
  private readonly server = { commands: 0, busyNs: 0, lookups: 0, hits: 0, evictions: 0, expirations: 0 };
  /** By server id (small integers: an array, not a map, on the per-command path). */
  private readonly perServer: ({ commands: number; busyNs: number; serviceTime: LatencyHistogram | null; state: ServerState | null } | undefined)[] = [];
  /** Each resource's busy unit-ns when the window started (0 for one created later, e.g. a pool opened on demand) and when it ended. */
  private readonly usage = new Map<string, { kind: string; capacity: number; startNs: number; endNs: number | null }>();
  /** Per host: bytes received, then bytes sent by purpose. */
  private readonly perHost: (Float64Array | undefined)[] = [];
  private readonly wireMessages = new Float64Array(PURPOSES.length);
  private readonly wireBytes = new Float64Array(PURPOSES.length);
  private readonly originLatency = newLatencyHistogram();
  private readonly origin = { queries: 0, keys: 0, waitNs: 0 };
  private readonly redirects = new Float64Array(OUTCOMES.length);
  /** Per op: workload requests issued in the window, and those of them that finished. */
  private readonly issued = new Float64Array(OPS.length);
  private readonly finished = new Float64Array(OPS.length);
  private readonly events: TimedEvent[] = [];
  private lostWrites = 0;
  private readonly migration = { slots: 0, keys: 0, bytes: 0, firstStartNs: -1, lastEndNs: -1 };
  private l1Hits = 0;
  /** Per application host: keys its requests read, and how many of them its L1 answered (each host's hit ratio, counted as the overall one is). */
  private readonly hostKeysRead: number[] = [];
  private readonly hostL1Hits: number[] = [];
  private readonly l1Staleness = newLatencyHistogram();
  private readonly l1InvalidationDelay = newLatencyHistogram();
  /** The last occupancy each host reported inside the window. */
  private readonly l1Held = new Map<number, L1Occupancy>();
  private readonly l1Flushes = { times: 0, entries: 0 };
  private readonly timeSeries: TimeSeriesCollector;
  private readonly intervals: LatencyIntervals;
  private readonly readsByRegion = new Map<string, LatencyHistogram>();
  private persistence: NonNullable<CollectedStats['persistence']> | null = null;

  /** Measures requests in [fromNs, toNs); the time series covers [0, runNs) in buckets of `bucketNs`. */
  constructor(
    bus: SignalBus, private readonly now: () => number, private readonly fromNs: number, private readonly toNs: number,
    timeSeries: { bucketNs: number; runNs: number },
    private readonly hostName: (host: number) => string = (h) => `host-${h}`,
    /** The region of an application host, when they are in several regions (null: reads are not broken down). */
    private readonly regionOf: ((host: number) => string) | null = null,
  ) {
    this.timeSeries = new TimeSeriesCollector(bus, timeSeries.bucketNs, timeSeries.runNs, now);
    this.intervals = new LatencyIntervals(timeSeries.bucketNs, Math.max(1, Math.ceil(timeSeries.runNs / timeSeries.bucketNs)));
    bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => this.request(r));
    bus.signal<ServerCommand>(SERVER_COMMAND).subscribe((r) => this.command(r));
    bus.signal<ServerWrites>(SERVER_WRITES).subscribe((r) => this.writes(r));
    bus.signal<ServerExpired>(SERVER_EXPIRED).subscribe((r) => {
      if (this.inWindow(r.startNs)) this.server.expirations += r.keys;
    });
    bus.signal<NetMessage>(NET_MESSAGE).subscribe((r) => this.message(r));
    bus.signal<ResourceUsage>(RESOURCE_USAGE).subscribe((r) => {
      const u = this.usage.get(r.name) ?? { kind: r.kind, capacity: r.capacity, startNs: 0, endNs: null };
      if (this.now() < this.toNs) u.startNs = r.busyNs;
      else u.endNs = r.busyNs;
      this.usage.set(r.name, u);
    });
    bus.signal<ServerState>(SERVER_STATE).subscribe((r) => {
      this.serverOf(r.server).state = { ...r };
    });
    bus.signal<OriginQuery>(ORIGIN_QUERY).subscribe((r) => this.query(r));
    bus.signal<ServerPersistence>(SERVER_PERSISTENCE).subscribe((r) => this.persisted(r));
    bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((r) => {
      if (r.kind === ClusterEventKind['election-scheduled']) return;
      this.events.push({ timeNs: r.timeNs, kind: CLUSTER_EVENTS[r.kind]!, node: r.node, target: r.target });
    });
    bus.signal<FaultInjected>(FAULT_INJECTED).subscribe((r) => {
      this.events.push({ timeNs: r.timeNs, kind: FAULT_KINDS[r.kind]!, node: r.node, target: r.node });
    });
    bus.signal<SlotMigrated>(SLOT_MIGRATED).subscribe((r) => {
      const m = this.migration;
      m.slots++; m.keys += r.keys; m.bytes += r.bytes;
      if (m.firstStartNs < 0) m.firstStartNs = r.startNs;
      m.lastEndNs = r.endNs;
    });
    bus.signal<ReplicationLost>(REPLICATION_LOST).subscribe((r) => {
      this.lostWrites += r.writes;
    });
    bus.signal<RequestIssued>(REQUEST_ISSUED).subscribe((r) => {
      if (this.inWindow(r.startNs)) this.issued[r.op]!++;
    });
    bus.signal<ClientRedirect>(CLIENT_REDIRECT).subscribe((r) => {
      if (this.inWindow(this.now())) this.redirects[r.outcome]!++;
    });
    bus.signal<L1StaleRead>(L1_STALE_READ).subscribe((r) => {
      if (this.inWindow(this.now())) this.l1Staleness.recordValue(Math.max(1, r.stalenessNs));
    });
    // What each host's L1 holds at its last sample inside the window.
    bus.signal<L1Occupancy>(L1_OCCUPANCY).subscribe((r) => {
      if (this.inWindow(this.now())) this.l1Held.set(r.host, { ...r });
    });
    bus.signal<L1Flushed>(L1_FLUSHED).subscribe((r) => {
      if (!this.inWindow(this.now())) return;
      this.l1Flushes.times++;
      this.l1Flushes.entries += r.entries;
    });
    bus.signal<L1Invalidated>(L1_INVALIDATED).subscribe((r) => {
      if (this.inWindow(this.now())) this.l1InvalidationDelay.recordValue(Math.max(1, r.delayNs));
    });
  }

  private inWindow(tNs: number): boolean {
    return tNs >= this.fromNs && tNs < this.toNs;
  }

  private request(r: RequestDone): void {
    if (!this.inWindow(r.startNs)) return;
    const workload = !isFollowUp(r.op);
    if (workload) this.finished[r.op]!++;
    if (r.outcome === 0) {
      this.ok[r.op]!++;
      this.intervals.record(r.op, r.endNs, Math.max(1, r.endNs - r.startNs));
      if (this.regionOf && (r.op === Op.get || r.op === Op.mget)) this.regionReads(this.regionOf(r.host)).recordValue(Math.max(1, r.endNs - r.startNs));
    } else this.errors[r.op]![r.outcome]!++;
    if (workload) {
      this.hits[r.op]! += r.hits;
      this.reads[r.op]! += r.reads;
      this.stale[r.op]! += r.stale;
      this.hostKeysRead[r.host] = (this.hostKeysRead[r.host] ?? 0) + r.reads;
      this.hostL1Hits[r.host] = (this.hostL1Hits[r.host] ?? 0) + r.l1Hits;
    }
    this.l1Hits += r.l1Hits;
    if (r.attempts > 1) this.retried[r.op]!++;
  }

  private persisted(r: ServerPersistence): void {
    if (!this.inWindow(this.now())) return;
    const p = (this.persistence ??= { forks: 0, forkMaxNs: 0, fsyncs: 0, fsyncMaxNs: 0, fsyncTotalNs: 0, waits: 0, waitMaxNs: 0, saves: 0, cowPeakBytes: 0, peakBytes: 0 });
    if (r.kind === 0) {
      p.forks++;
      p.forkMaxNs = Math.max(p.forkMaxNs, r.durationNs);
    } else if (r.kind === 1) {
      p.fsyncs++;
      p.fsyncTotalNs += r.durationNs;
      p.fsyncMaxNs = Math.max(p.fsyncMaxNs, r.durationNs);
    } else if (r.kind === 2) {
      p.waits++;
      p.waitMaxNs = Math.max(p.waitMaxNs, r.durationNs);
    } else {
      p.saves++;
      p.cowPeakBytes = Math.max(p.cowPeakBytes, r.cowBytes);
      p.peakBytes = Math.max(p.peakBytes, r.datasetBytes + r.cowBytes);
    }
  }

  private regionReads(region: string): LatencyHistogram {
    let h = this.readsByRegion.get(region);
    if (!h) {
      h = newLatencyHistogram();
      this.readsByRegion.set(region, h);
    }
    return h;
  }

  /** A command: its work counts toward the server's busy time, its reply's write with the iteration's writes (several replies on one connection share one). */
  private command(r: ServerCommand): void {
    if (!this.inWindow(r.startNs)) return;
    const s = this.server;
    s.commands++; s.busyNs += r.serviceNs - r.writeNs; s.lookups += r.lookups; s.hits += r.hits;
    s.evictions += r.evictions; s.expirations += r.expirations;
    const one = this.serverOf(r.server);
    one.commands++;
    one.busyNs += r.serviceNs - r.writeNs;
    one.serviceTime ??= newLatencyHistogram();
    one.serviceTime.recordValue(Math.max(1, r.serviceNs));
  }

  private writes(r: ServerWrites): void {
    if (!this.inWindow(r.startNs)) return;
    this.server.busyNs += r.busyNs;
    this.serverOf(r.server).busyNs += r.busyNs;
  }

  private serverOf(id: number) {
    let one = this.perServer[id];
    if (!one) {
      one = { commands: 0, busyNs: 0, serviceTime: null, state: null };
      this.perServer[id] = one;
    }
    return one;
  }

  private hostOf(id: number): Float64Array {
    let one = this.perHost[id];
    if (!one) {
      one = new Float64Array(1 + PURPOSES.length);
      this.perHost[id] = one;
    }
    return one;
  }

  private message(r: NetMessage): void {
    if (!this.inWindow(this.now())) return;
    this.wireMessages[r.purpose]!++;
    this.wireBytes[r.purpose]! += r.sizeBytes;
    this.hostOf(r.src)[1 + r.purpose]! += r.sizeBytes;
    this.hostOf(r.dst)[0]! += r.sizeBytes;
  }

  private query(r: OriginQuery): void {
    if (!this.inWindow(r.arrivalNs)) return;
    this.origin.queries++;
    this.origin.keys += r.keys;
    this.origin.waitNs += r.startNs - r.arrivalNs;
    this.originLatency.recordValue(Math.max(1, r.endNs - r.arrivalNs));
  }

  result(): CollectedStats {
    const ids = this.perServer.flatMap((one, id) => (one ? [id] : []));
    const servers = ids.map((id) => this.perServer[id]!);
    const ops: Record<string, OpStats> = {};
    OPS.forEach((name, op) => {
      const errorCount = this.errors[op]!.reduce((a, b) => a + b, 0);
      const unfinished = this.issued[op]! - this.finished[op]!;
      if (this.ok[op] === 0 && errorCount === 0 && unfinished === 0) return;
      const errors: Record<string, number> = {};
      OUTCOMES.forEach((kind, k) => { if (k > 0 && this.errors[op]![k]! > 0) errors[kind] = this.errors[op]![k]!; });
      ops[name] = {
        ok: this.ok[op]!, errors, unfinished, latency: encodeHistogram(this.intervals.total(op)),
        hits: this.hits[op]!, reads: this.reads[op]!, stale: this.stale[op]!, retried: this.retried[op]!,
      };
    });
    const wire: CollectedStats['wire'] = {};
    PURPOSES.forEach((name, p) => {
      if (this.wireMessages[p]! > 0) wire[name] = { messages: this.wireMessages[p]!, bytes: this.wireBytes[p]! };
    });
    return {
      windowNs: this.toNs - this.fromNs,
      ops,
      server: { ...this.server },
      serverBusyNs: servers.filter((one) => one.commands > 0).map((one) => one.busyNs),
      wire,
      origin: { ...this.origin, latency: encodeHistogram(this.originLatency) },
      events: this.events,
      lostWrites: this.lostWrites,
      migration: { ...this.migration },
      l1: {
        hits: this.l1Hits, staleness: encodeHistogram(this.l1Staleness),
        invalidations: this.l1InvalidationDelay.totalCount, invalidationDelay: encodeHistogram(this.l1InvalidationDelay),
        flushes: this.l1Flushes.times, flushedEntries: this.l1Flushes.entries,
        entries: [...this.l1Held.values()].reduce((a, h) => a + h.entries, 0),
        bytes: [...this.l1Held.values()].reduce((a, h) => a + h.bytes, 0),
        hostHitRatios: this.l1Held.size === 0 && this.l1Hits === 0 ? [] : this.hostKeysRead.flatMap((read, host) => (read > 0 ? [this.hostL1Hits[host]! / read] : [])),
      },
      timeSeries: this.timeSeries.result(),
      latencyIntervals: this.intervals.result(),
      servers: servers.map((one, i): ServerStats => {
        const id = ids[i]!;
        const host = one.state ? this.perHost[one.state.host] : undefined;
        return {
          name: one.state?.name ?? `server-${id}`, commands: one.commands, busyNs: one.busyNs, serviceTime: one.serviceTime ? encodeHistogram(one.serviceTime) : emptyHistogram(),
          keys: one.state?.keys ?? -1, usedBytes: one.state?.usedBytes ?? -1, ...(one.state?.role ? { role: one.state.role } : {}),
          bytesIn: one.state ? host?.[0] ?? 0 : -1, bytesOut: one.state ? host?.slice(1).reduce((a, b) => a + b, 0) ?? 0 : -1,
        };
      }),
      hosts: this.perHost.flatMap((one, id): HostStats[] => {
        if (!one) return [];
        const outByPurpose: Record<string, number> = {};
        PURPOSES.forEach((name, p) => { if (one[1 + p]! > 0) outByPurpose[name] = one[1 + p]!; });
        return [{ name: this.hostName(id), bytesIn: one[0]!, bytesOut: one.slice(1).reduce((a, b) => a + b, 0), outByPurpose }];
      }),
      resources: [...this.usage].filter(([, u]) => u.endNs !== null).map(([name, u]) => ({
        name, kind: u.kind, share: (u.endNs! - u.startNs) / (u.capacity * (this.toNs - this.fromNs)),
      })),
      ...(this.persistence ? { persistence: { ...this.persistence } } : {}),
      ...(this.regionOf ? { readsByRegion: Object.fromEntries([...this.readsByRegion].sort(([a], [b]) => a.localeCompare(b)).map(([region, h]) => [region, encodeHistogram(h)])) } : {}),
      issued: this.issued.reduce((a, b) => a + b, 0),
      unfinished: this.issued.reduce((a, b) => a + b, 0) - this.finished.reduce((a, b) => a + b, 0),
      redirects: Object.fromEntries(OUTCOMES.flatMap((kind, k) => (this.redirects[k]! > 0 ? [[kind, this.redirects[k]!]] : []))),
    };
  }
}
