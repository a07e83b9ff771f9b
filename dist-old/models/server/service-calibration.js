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
// request from what GET leaves.
// The client is the Node.js process calibrate runs in, an event loop (models/host/event-loop.ts):
// per turn turnCpu, per request r (building it and parsing its reply). Its main thread's busy time
// per request is r + turnCpu / (replies per turn), measured with small GETs on one connection (one
// reply a turn) and on several (several a turn), which gives both. On one connection the rest of
// each request's wall time, less the server's CPU, is the two one-way trips (on loopback, the
// kernel's transfer and the wake-ups of the two processes), at least MIN_ONE_WAY_NS each.
// Abstracted away: per-command differences (SET is charged like GET), the server's own batching
// under load (its costs are fitted at the calibration's concurrency), how r splits between the
// request and the reply (evenly), the latency's spread (sigma is the simulator's default 0.3).
// Parameters: the measured shapes, in ns per request; MGET/pipeline width k; value sizes kb₀ and kb₁ (KB of 1000 bytes).
/** The least one-way latency the fit leaves (loopback). */
export const MIN_ONE_WAY_NS = 1000;
export function fitCalibration(s) {
    const k = s.width;
    const perKB = Math.max(0, (s.getLargeNs - s.getSmallNs) / (s.largeKB - s.smallKB));
    const perKey = Math.max(0, (s.mgetNs - s.getSmallNs) / (k - 1) - s.smallKB * perKB);
    const command = Math.max(0, (s.pipelineNs - s.mgetNs) / (k - 1));
    const request = Math.max(0, s.getSmallNs - command - perKey - s.smallKB * perKB);
    const { single, busy } = s;
    const turnsApart = 1 / single.repliesPerTurn - 1 / busy.repliesPerTurn;
    const turnCpu = turnsApart > 0 ? Math.min(single.busyNs * single.repliesPerTurn, Math.max(0, (single.busyNs - busy.busyNs) / turnsApart)) : 0;
    const perRequest = Math.max(0, single.busyNs - turnCpu / single.repliesPerTurn);
    return {
        requestNs: request, commandNs: command, perKeyNs: perKey, perKBNs: perKB,
        requestCpuNs: perRequest / 2, replyCpuNs: perRequest / 2, turnCpuNs: turnCpu,
        oneWayNs: Math.max(MIN_ONE_WAY_NS, (single.periodNs - single.busyNs - single.serverNs) / 2),
    };
}
const ns = (v) => `${Math.round(v)}ns`;
/** The calibration as scenario overrides (`--set` paths; `*` = every topology), applied by `--calibration FILE`. */
export function calibrationOverrides(c) {
    return {
        'topologies.*.server.cost.request': ns(c.requestNs),
        'topologies.*.server.cost.command': ns(c.commandNs),
        'topologies.*.server.cost.perKey': ns(c.perKeyNs),
        'topologies.*.server.cost.perKB': ns(c.perKBNs),
        'workload.clients.cores': '1',
        'workload.clients.eventLoop': `{ turnCpu: ${ns(c.turnCpuNs)} }`,
        'workload.clients.requestCpu': ns(c.requestCpuNs),
        'workload.clients.replyCpu': ns(c.replyCpuNs),
        'network.latency.sameZone': `{ lognormal: { median: ${ns(c.oneWayNs)}, sigma: 0.3 } }`,
    };
}
//# sourceMappingURL=service-calibration.js.map