// The whole run (warmup and drain included) in fixed time buckets, to watch transients: per bucket,
// requests issued and finished (ok, errors, errors by kind), keys read, hits, L1 hits and stale reads,
// redirections followed by kind, latency percentiles of
// the requests that finished in it, and the origin's load (queries arrived in it, their mean and p99
// latency from arrival to answer, their mean queue wait). Counts and sums in typed arrays and
// percentiles through BucketQuantiles: memory is O(buckets), never per request.
// Bucketing: requests by the time they finished (request.done is emitted then), issued requests by
// their start, origin queries by their arrival at the origin (the origin queue is FIFO, so they are
// signalled in arrival order), bus bytes (cluster bus: gossip and pub/sub) when sent. Cache
// write-backs (op populate) and stampede-protection follow-ups (lock, poll) are not workload requests: left out.

import type { SignalBus } from '../../sim/signal/signal.js';
import {
  CLIENT_REDIRECT, isFollowUp, NET_MESSAGE, ORIGIN_QUERY, OUTCOMES, Purpose, REQUEST_DONE, REQUEST_ISSUED,
  type ClientRedirect, type NetMessage, type OriginQuery, type RequestDone, type RequestIssued,
} from '../../models/signals.js';
import { BucketQuantiles } from './bucket-quantiles.js';

/** One run's time series: one array per metric, one entry per bucket; null where a bucket has no value. */
export interface TimeSeries {
  bucketS: number;
  /** Start of each bucket, s of virtual time. */
  startS: number[];
  issued: number[];
  ok: number[];
  errors: number[];
  reads: number[];
  hits: number[];
  hitRatio: (number | null)[];
  stale: number[];
  latencyP50Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
  originQueries: number[];
  originQueriesPerS: number[];
  originLatencyMeanMs: (number | null)[];
  originLatencyP99Ms: (number | null)[];
  originWaitMeanMs: (number | null)[];
  /** Bytes sent on the cluster bus (gossip and pub/sub), all nodes. */
  busBytes: number[];
  /** Keys answered by the L1 tier. */
  l1Hits: number[];
  /** Failed requests by outcome (timeout, moved, …), and redirections followed by cluster clients by kind, for the kinds that occurred. */
  errorsByKind: Record<string, number[]>;
  redirectsByKind: Record<string, number[]>;
}

/** Per kind (in OUTCOMES order) the series of the kinds that occurred. */
const kinds = (map: Map<number, Float64Array>): Record<string, number[]> =>
  Object.fromEntries([...map.keys()].sort((a, b) => a - b).map((k) => [OUTCOMES[k]!, Array.from(map.get(k)!)]));

const ms = (ns: number): number | null => (Number.isNaN(ns) ? null : Math.round(ns / 1e3) / 1e3);

export class TimeSeriesCollector {
  private readonly buckets: number;
  private readonly issued: Float64Array;
  private readonly ok: Float64Array;
  private readonly errors: Float64Array;
  private readonly reads: Float64Array;
  private readonly hits: Float64Array;
  private readonly stale: Float64Array;
  private readonly latency: BucketQuantiles;
  private readonly originQueries: Float64Array;
  private readonly originLatencyNs: Float64Array;
  private readonly originWaitNs: Float64Array;
  private readonly originLatency: BucketQuantiles;
  private readonly busBytes: Float64Array;
  private readonly l1Hits: Float64Array;
  private readonly errorsByKind = new Map<number, Float64Array>();
  private readonly redirectsByKind = new Map<number, Float64Array>();

  /** `runNs`: virtual time of the whole run (duration + drain); `bucketNs`: the bucket width; `now`: the clock. */
  constructor(bus: SignalBus, private readonly bucketNs: number, runNs: number, now: () => number) {
    this.buckets = Math.max(1, Math.ceil(runNs / bucketNs));
    const array = () => new Float64Array(this.buckets);
    this.issued = array(); this.ok = array(); this.errors = array();
    this.reads = array(); this.hits = array(); this.stale = array();
    this.originQueries = array(); this.originLatencyNs = array(); this.originWaitNs = array();
    this.busBytes = array();
    this.l1Hits = array();
    this.latency = new BucketQuantiles(this.buckets, [50, 99], 'request latency');
    this.originLatency = new BucketQuantiles(this.buckets, [99], 'origin latency');
    bus.signal<RequestIssued>(REQUEST_ISSUED).subscribe((r) => { this.issued[this.bucket(r.startNs)]!++; });
    bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => this.request(r));
    bus.signal<OriginQuery>(ORIGIN_QUERY).subscribe((r) => this.query(r));
    bus.signal<ClientRedirect>(CLIENT_REDIRECT).subscribe((r) => { this.byKind(this.redirectsByKind, r.outcome)[this.bucket(now())]!++; });
    bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
      if (m.purpose === Purpose.gossip || m.purpose === Purpose['bus-pubsub']) this.busBytes[this.bucket(now())]! += m.sizeBytes;
    });
  }

  private byKind(map: Map<number, Float64Array>, kind: number): Float64Array {
    let a = map.get(kind);
    if (!a) {
      a = new Float64Array(this.buckets);
      map.set(kind, a);
    }
    return a;
  }

  private bucket(tNs: number): number {
    return Math.min(this.buckets - 1, Math.floor(tNs / this.bucketNs));
  }

  private request(r: RequestDone): void {
    if (isFollowUp(r.op)) return;
    const b = this.bucket(r.endNs);
    if (r.outcome === 0) {
      this.ok[b]!++;
      this.latency.record(b, r.endNs - r.startNs);
    } else {
      this.errors[b]!++;
      this.byKind(this.errorsByKind, r.outcome)[b]!++;
    }
    this.l1Hits[b]! += r.l1Hits;
    this.reads[b]! += r.reads;
    this.hits[b]! += r.hits;
    this.stale[b]! += r.stale;
  }

  private query(r: OriginQuery): void {
    const b = this.bucket(r.arrivalNs);
    this.originQueries[b]!++;
    this.originLatencyNs[b]! += r.endNs - r.arrivalNs;
    this.originWaitNs[b]! += r.startNs - r.arrivalNs;
    this.originLatency.record(b, r.endNs - r.arrivalNs);
  }

  result(): TimeSeries {
    this.latency.closeBefore(Infinity);
    this.originLatency.closeBefore(Infinity);
    const list = (a: Float64Array) => Array.from(a);
    const perQuery = (sum: Float64Array) => Array.from(sum, (s, b) => (this.originQueries[b]! > 0 ? ms(s / this.originQueries[b]!) : null));
    const bucketS = this.bucketNs / 1e9;
    return {
      bucketS,
      startS: Array.from({ length: this.buckets }, (_, b) => (b * this.bucketNs) / 1e9),
      issued: list(this.issued),
      ok: list(this.ok),
      errors: list(this.errors),
      reads: list(this.reads),
      hits: list(this.hits),
      hitRatio: Array.from(this.reads, (n, b) => (n > 0 ? Math.round((this.hits[b]! / n) * 1e6) / 1e6 : null)),
      stale: list(this.stale),
      latencyP50Ms: Array.from(this.latency.values[0]!, ms),
      latencyP99Ms: Array.from(this.latency.values[1]!, ms),
      originQueries: list(this.originQueries),
      originQueriesPerS: Array.from(this.originQueries, (n) => Math.round((n / bucketS) * 1e3) / 1e3),
      originLatencyMeanMs: perQuery(this.originLatencyNs),
      originLatencyP99Ms: Array.from(this.originLatency.values[0]!, ms),
      originWaitMeanMs: perQuery(this.originWaitNs),
      busBytes: list(this.busBytes),
      l1Hits: list(this.l1Hits),
      errorsByKind: kinds(this.errorsByKind),
      redirectsByKind: kinds(this.redirectsByKind),
    };
  }
}
