// Parameters of one twemproxy-like proxy process. CPU defaults are assumptions of the order of one
// redis-server's per-request cost (server-params.ts: 4 µs per request), since twemproxy's event loop
// does the same kind of work (read, parse, write) and its authors report throughput close to direct
// Redis access ("worst case 20 % loss", antirez 2012); `calibrate` (issue 6) may replace them.
// turnCpu: a blocking epoll_wait and the two context switches of a sleep, of the order of a few µs
// on bare-metal x86 (lmbench's lat_ctx and lat_syscall); on this project's VM nutcracker spends
// about 4–5× the defaults per GET (its request and its reply) and 3–4× per turn
// (validation/experiments/twemproxy.ts).

import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';

export const proxyProcessParams = strictObject({
  requestCpu: durationNs().prefault('3us')
    .describe('proxy thread time per client request: read, parse, hash the keys, fragment, write to the servers'),
  replyCpu: durationNs().prefault('2us')
    .describe('proxy thread time per server reply: read, parse, and (last fragment) write the reassembled reply to the client'),
  turnCpu: durationNs().prefault('2us')
    .describe('proxy thread time per turn of its event loop (epoll_wait, and the switches to sleep and back when nothing was ready), whatever the events and writes the turn takes: half before them, half after (0: turns not modeled, each event\'s writes leave when its CPU ends)'),
  serverConnections: count().refine((n) => n >= 1 && n <= 64, 'expected 1 to 64 connections').prefault(1)
    .describe('connections from each proxy to each server, used in turn, requests pipelined on each (twemproxy\'s server_connections, default 1)'),
  timeout: durationNs().refine((ns) => ns >= 1e6, 'expected at least 1ms (twemproxy\'s timeout is in milliseconds)').optional()
    .describe('twemproxy\'s timeout: a server connection whose oldest request has waited this long is closed, and every request on it answered with an error (none: wait forever, twemproxy\'s default)'),
  autoEjectHosts: z.boolean().prefault(false).describe('auto_eject_hosts: a server whose connection closed serverFailureLimit times in a row leaves the hash ring for serverRetryTimeout'),
  serverFailureLimit: count().refine((n) => n >= 1, 'expected at least 1 failure').prefault(2).describe('server_failure_limit: consecutive failures that eject a server'),
  serverRetryTimeout: durationNs().prefault('30s').describe('server_retry_timeout: how long an ejected server stays out of the ring before it is tried again'),
}).prefault({});

export type ProxyProcessParams = ReturnType<typeof proxyProcessParams.parse>;
