// Parameters of one twemproxy-like proxy process. CPU defaults are assumptions of the order of one
// redis-server's per-request cost (server-params.ts: 4 µs per request), since twemproxy's event loop
// does the same kind of work (read, parse, write) and its authors report throughput close to direct
// Redis access ("worst case 20 % loss", antirez 2012); `calibrate` (issue 6) may replace them.
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
export const proxyProcessParams = strictObject({
    requestCpu: durationNs().prefault('3us')
        .describe('proxy thread time per client request: read, parse, hash the keys, fragment, write to the servers'),
    replyCpu: durationNs().prefault('2us')
        .describe('proxy thread time per server reply: read, parse, and (last fragment) write the reassembled reply to the client'),
    serverConnections: count().refine((n) => n >= 1 && n <= 64, 'expected 1 to 64 connections').prefault(1)
        .describe('connections from each proxy to each server, used in turn, requests pipelined on each (twemproxy\'s server_connections, default 1)'),
}).prefault({});
//# sourceMappingURL=proxy-params.js.map