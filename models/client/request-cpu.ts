// The client CPU a request costs: `requestCpu` to build and send it, `replyCpu` to parse its reply,
// plus `commandCpu` per command beyond its first (a pipeline's or a transaction's commands, a split
// MGET part's GETs) and `keyCpu` per key beyond one a command (an MGET's, MSET's or EVALSHA's
// further keys), and `pipelineCpu` once for a request the client library sends as a pipeline object
// (ioredis `pipeline()` and `multi()`: the object, its command queue, the promise of its results),
// which costs more than its commands: the workload's pipelines and transactions, whatever their
// length, and any other request of several commands (a split request's part: the client sends one
// pipeline per node, as the validation's cluster client does; a write-back of several SETs). A part
// of one command is sent as that command and pays none. All of it is paid half with the send and
// half with the reply, as calibrate's fit splits the per-request work evenly; the reply's half only
// when the reply carries the results (outcome ok), not for an error line or a request that got no
// reply. `calibrate` measures the three from pipelines of 100 GETs and of one GET and MGETs of 100
// keys against single GETs (models/server/service-calibration.ts); by default they are 0.
// Abstracted away: value and reply sizes (a GET of 100 kB parses like one of 10 B), MULTI's and
// EXEC's own commands.
// Parameters: requestCpu, replyCpu, commandCpu, keyCpu, pipelineCpu (ns).

import type { RequestTable } from '../request/request-table.js';
import { Op, Outcome } from '../signals.js';
import type { ClientParams } from '../workload/workload-params.js';

/** The client costs a request's CPU is made of (ClientParams' fields, ns). */
export type RequestCpuParams = Pick<ClientParams, 'requestCpu' | 'replyCpu' | 'commandCpu' | 'keyCpu' | 'pipelineCpu'>;

export class RequestCpu {
  private readonly commandNs: number;
  private readonly keyNs: number;
  private readonly pipelineNs: number;

  constructor(private readonly requests: RequestTable, private readonly params: RequestCpuParams) {
    this.commandNs = params.commandCpu;
    this.keyNs = params.keyCpu;
    this.pipelineNs = params.pipelineCpu;
  }

  /** CPU to build and send row `req`, ns. */
  sendNs(req: number): number {
    return this.params.requestCpu + this.shapeNs(req) / 2;
  }

  /** CPU to parse the reply of row `req`, ns. */
  replyNs(req: number): number {
    return this.params.replyCpu + (this.requests.outcome[req] === Outcome.ok ? this.shapeNs(req) / 2 : 0);
  }

  /** What the request's shape adds to requestCpu + replyCpu: its pipeline object, further commands and further keys, ns. */
  private shapeNs(req: number): number {
    if (this.commandNs === 0 && this.keyNs === 0 && this.pipelineNs === 0) return 0;
    const t = this.requests;
    const commands = t.commandsOf(req);
    const op = t.op[req]!;
    const pipelineObject = commands > 1 || ((op === Op.pipeline || op === Op.multi) && t.parent[req]! < 0);
    return (pipelineObject ? this.pipelineNs : 0) + (commands - 1) * this.commandNs + (t.commandCount[req]! - commands) * this.keyNs;
  }
}
