// The client CPU a request costs: `requestCpu` to build and send it, `replyCpu` to parse its reply,
// plus `commandCpu` per command beyond its first (a pipeline's commands, a split MGET part's GETs)
// and `keyCpu` per key beyond one a command (an MGET's or MSET's further keys and values), paid half
// with the send and half with the reply, as calibrate's fit splits the per-request work evenly.
// `calibrate` measures the two from pipelines of 100 GETs and MGETs of 100 keys against single GETs
// (models/server/service-calibration.ts); by default they are 0.
// Parameters: requestCpu, replyCpu, commandCpu, keyCpu (ns).

import type { RequestTable } from '../request/request-table.js';
import type { ClientParams } from '../workload/workload-params.js';

export class RequestCpu {
  private readonly commandNs: number;
  private readonly keyNs: number;

  constructor(private readonly requests: RequestTable, private readonly params: Pick<ClientParams, 'requestCpu' | 'replyCpu' | 'commandCpu' | 'keyCpu'>) {
    this.commandNs = params.commandCpu;
    this.keyNs = params.keyCpu;
  }

  /** CPU to build and send row `req`, ns. */
  sendNs(req: number): number {
    return this.params.requestCpu + this.beyondFirstNs(req) / 2;
  }

  /** CPU to parse the reply of row `req`, ns. */
  replyNs(req: number): number {
    return this.params.replyCpu + this.beyondFirstNs(req) / 2;
  }

  private beyondFirstNs(req: number): number {
    if (this.commandNs === 0 && this.keyNs === 0) return 0;
    const t = this.requests;
    const commands = t.commandsOf(req);
    return (commands - 1) * this.commandNs + (t.commandCount[req]! - commands) * this.keyNs;
  }
}
