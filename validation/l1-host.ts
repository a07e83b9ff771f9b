// One application host with an in-process L1 in front of a real redis-server, as its own Node.js
// process (its own event loop, as each simulated host is one): run by the client-caching experiment
// (experiments/client-caching.ts) with `node --import tsx`, its plan as JSON in argv[2], its log
// sent back over IPC. C lanes, each on its own connection: think, pick a key uniformly, GET it (from
// the L1 if held, else from Redis, keeping the value) or SET it (dropping it from the L1 first).
// Every value written names its write ("<host>.<n>|" then padding), and SET … GET returns the value
// it replaced, so the log gives each key's chain of versions as the server applied them, and which
// version each read and each dropped L1 entry had.
// Invalidation, as an application does it in RESP2:
// - tracking / bcast: every data connection runs CLIENT TRACKING ON REDIRECT <id> [BCAST] towards
//   one connection of this host subscribed to __redis__:invalidate;
// - pubsub: after each SET's reply, PUBLISH invalidate <key> on a connection of its own (not waited
//   for), every host subscribed to "invalidate".
// An arriving invalidation drops its keys from the L1. Times are process.hrtime (CLOCK_MONOTONIC,
// shared by the processes of this machine) less the plan's origin, in ns. Once connected (its
// tracking on) it says "ready" and starts when told (every host is ready); when its lanes stop it
// says "stopped" and keeps its connections until told to close (every host has stopped).

import type { Redis } from 'ioredis';
import { connect } from './redis-fleet.js';

export type CachingMode = 'tracking' | 'bcast' | 'pubsub';

export interface L1HostPlan {
  /** This host's index (it names the versions it writes). */
  host: number;
  port: number;
  mode: CachingMode;
  connections: number;
  thinkMs: number;
  keys: number;
  getShare: number;
  valueBytes: number;
  /** Wall time of the loop, ms. */
  loadMs: number;
  /** hrtime (ns, as a decimal string) both hosts count from. */
  originNs: string;
}

export interface L1HostLog {
  /** Acknowledged SETs: key, lane, reply time (ns), the version written, the version it replaced. */
  writes: [number, number, number, string, string][];
  /** GETs answered by Redis (their key tracked for the lane's connection): key, lane, the version read. */
  reads: [number, number, string][];
  /** Invalidation messages: arrival time (ns), then per key: key, and the version of the L1 entry dropped (null if none). */
  invalidations: [number, [number, string | null][]][];
  requests: number;
  l1Hits: number;
}

/** The version every preloaded value carries. */
export const PRELOADED = 'preload';

/** A value of `bytes` bytes naming version `version`. */
export function versionValue(version: string, bytes: number): string {
  return `${version}|`.padEnd(bytes, 'v');
}

function versionOf(value: string | null): string {
  return value === null ? '' : value.slice(0, value.indexOf('|'));
}

export const INVALIDATION_CHANNEL = 'invalidate';
const TRACKING_CHANNEL = '__redis__:invalidate';

/** Tells the experiment `state` and waits for its answer (every host ready: when to start, ns after the origin; every host stopped: close). */
function exchange(state: 'ready' | 'stopped'): Promise<number> {
  return new Promise((resolve) => {
    process.once('message', (m) => resolve(m as number));
    process.send!(state);
  });
}

export function keyName(k: number): string {
  return `key:${k}`;
}

async function main(plan: L1HostPlan): Promise<L1HostLog> {
  const origin = BigInt(plan.originNs);
  const now = (): number => Number(process.hrtime.bigint() - origin);
  const log: L1HostLog = { writes: [], reads: [], invalidations: [], requests: 0, l1Hits: 0 };
  const l1 = new Map<number, string>();
  const invalidated = (payload: Buffer | Buffer[] | null): void => {
    const t = now();
    const keys = payload === null ? [] : Array.isArray(payload) ? payload : [payload];
    log.invalidations.push([t, keys.map((b) => {
      const k = Number(b.toString().slice(4));
      const version = l1.get(k) ?? null;
      l1.delete(k);
      return [k, version];
    })]);
  };
  const listener = connect(plan.port, 10_000, 2);
  await listener.connect();
  const listenerId = await listener.client('ID') as number;
  listener.on('messageBuffer', (_channel: Buffer, payload: Buffer | Buffer[] | null) => invalidated(payload));
  await listener.subscribe(plan.mode === 'pubsub' ? INVALIDATION_CHANNEL : TRACKING_CHANNEL);
  const data: Redis[] = [];
  for (let i = 0; i < plan.connections; i++) {
    const c = connect(plan.port, 10_000, 2);
    await c.connect();
    if (plan.mode !== 'pubsub') await c.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(listenerId), ...(plan.mode === 'bcast' ? ['BCAST'] : []));
    data.push(c);
  }
  const publisher = plan.mode === 'pubsub' ? connect(plan.port, 10_000, 2) : null;
  await publisher?.connect();
  let written = 0;
  const endNs = await exchange('ready') + plan.loadMs * 1e6;
  await Promise.all(data.map(async (c, lane) => {
    while (now() < endNs) {
      if (plan.thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.thinkMs));
      const k = Math.floor(Math.random() * plan.keys);
      log.requests++;
      if (Math.random() < plan.getShare) {
        if (l1.has(k)) {
          log.l1Hits++;
          continue;
        }
        const version = versionOf(await c.get(keyName(k)));
        l1.set(k, version);
        log.reads.push([k, lane, version]);
      } else {
        l1.delete(k);
        const version = `${plan.host}.${written++}`;
        const replaced = versionOf(await c.set(keyName(k), versionValue(version, plan.valueBytes), 'GET'));
        log.writes.push([k, lane, now(), version, replaced]);
        if (publisher) void publisher.publish(INVALIDATION_CHANNEL, keyName(k));
      }
    }
  }));
  // Every host keeps its connections (and so its tracking) until all have stopped writing, then
  // waits for the invalidations still on their way.
  await exchange('stopped');
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const c of [listener, ...data, ...(publisher ? [publisher] : [])]) c.disconnect();
  return log;
}

if (process.argv[2] !== undefined && process.send) {
  const send = process.send.bind(process);
  main(JSON.parse(process.argv[2]) as L1HostPlan).then((log) => send(log, undefined, {}, () => process.exit(0)), (error: Error) => {
    process.stderr.write(`l1-host: ${error.message}\n`);
    process.exit(1);
  });
}
