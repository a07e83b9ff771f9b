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
// request from what GET leaves. The client side: the round trip of a PING on one connection (p50)
// less the server's PING time is the client's critical-path CPU plus twice the one-way latency. The
// client process's CPU per request is split: the part on the critical path (split evenly between
// building the request and parsing the reply) is capped so that at least MIN_ONE_WAY_NS each way
// remains (on loopback the kernel's transfer happens inside the two sides' syscalls, already CPU);
// the rest is off the critical path (a Node client's promise bookkeeping and GC run while the
// server works) and becomes offPathCpu, which delays nothing until the client's core saturates.
// On a real network the rest of the round trip is the latency.
// Abstracted away: per-command differences (SET is charged like GET), the event loop batching
// several ready connections under load (the fit is at the calibration's concurrency), the latency's
// spread (sigma is the simulator's default 0.3).
// Parameters: the measured shapes, in ns per request; MGET/pipeline width k; value sizes kb₀ and kb₁ (KB of 1000 bytes).

/** The least one-way latency the fit leaves (loopback). */
export const MIN_ONE_WAY_NS = 1000;

export interface ShapeCosts {
  /** Server main-thread CPU per request, ns. */
  getSmallNs: number;
  mgetNs: number;
  pipelineNs: number;
  getLargeNs: number;
  pingNs: number;
  width: number;
  smallKB: number;
  largeKB: number;
  /** Client round trip of a PING on one connection, median, and the client process's CPU per GET at the calibration's concurrency, ns. */
  pingRttNs: number;
  clientCpuNs: number;
}

export interface Calibration {
  requestNs: number;
  commandNs: number;
  perKeyNs: number;
  perKBNs: number;
  requestCpuNs: number;
  replyCpuNs: number;
  offPathCpuNs: number;
  oneWayNs: number;
}

export function fitCalibration(s: ShapeCosts): Calibration {
  const k = s.width;
  const perKB = Math.max(0, (s.getLargeNs - s.getSmallNs) / (s.largeKB - s.smallKB));
  const perKey = Math.max(0, (s.mgetNs - s.getSmallNs) / (k - 1) - s.smallKB * perKB);
  const command = Math.max(0, (s.pipelineNs - s.mgetNs) / (k - 1));
  const request = Math.max(0, s.getSmallNs - command - perKey - s.smallKB * perKB);
  const clientSide = Math.max(0, s.pingRttNs - s.pingNs);
  const clientCpu = Math.max(0, Math.min(s.clientCpuNs, clientSide - 2 * MIN_ONE_WAY_NS));
  return {
    requestNs: request, commandNs: command, perKeyNs: perKey, perKBNs: perKB,
    requestCpuNs: clientCpu / 2, replyCpuNs: clientCpu / 2, offPathCpuNs: Math.max(0, s.clientCpuNs - clientCpu), oneWayNs: Math.max(MIN_ONE_WAY_NS, (clientSide - clientCpu) / 2),
  };
}

const ns = (v: number) => `${Math.round(v)}ns`;

/** The calibration as scenario overrides (`--set` paths; `*` = every topology), applied by `--calibration FILE`. */
export function calibrationOverrides(c: Calibration): Record<string, string> {
  return {
    'topologies.*.server.cost.request': ns(c.requestNs),
    'topologies.*.server.cost.command': ns(c.commandNs),
    'topologies.*.server.cost.perKey': ns(c.perKeyNs),
    'topologies.*.server.cost.perKB': ns(c.perKBNs),
    'workload.clients.requestCpu': ns(c.requestCpuNs),
    'workload.clients.replyCpu': ns(c.replyCpuNs),
    'workload.clients.offPathCpu': ns(c.offPathCpuNs),
    'network.latency.sameZone': `{ lognormal: { median: ${ns(c.oneWayNs)}, sigma: 0.3 } }`,
  };
}
