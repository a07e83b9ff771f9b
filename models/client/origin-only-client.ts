// The client library of `local-only`: there is no shared cache tier. A read the host's L1 could not
// answer finds nothing (it is answered at once with no key found, so read-through reads the origin
// and the L1 keeps the value); a write goes to the origin database, the system of record, as one
// query on the host's connection to it, and is acknowledged when the answer comes back. The
// write-back after a read-through has nothing to write to and ends at once, unreported.
// Parameters: ClientParams (replyCpu, commandCpu, keyCpu, pipelineCpu: request-cpu.ts).

import type { EventHandler } from '../../sim/engine/engine.js';
import type { Rng } from '../../sim/random/rng.js';
import type { HostCpu } from '../host/host-cpu.js';
import { Channel } from '../network/network.js';
import type { OriginDb } from '../origin/origin-db.js';
import type { WriteLedger } from '../replication/write-ledger.js';
import { Op, Outcome, Purpose } from '../signals.js';
import type { ClientParams } from '../workload/workload-params.js';
import { RequestCompletion, type ClientContext } from './request-completion.js';

export class OriginOnlyClient {
  readonly completion: RequestCompletion;
  private readonly up = new Channel();
  private readonly down = new Channel();
  private readonly onWritten: EventHandler = (req) => this.written(req);

  constructor(
    private readonly ctx: ClientContext, params: ClientParams, cpu: HostCpu, readonly host: number,
    private readonly origin: OriginDb, private readonly ledger: WriteLedger, ttlRng: Rng,
  ) {
    this.completion = new RequestCompletion(ctx, params, cpu, host, true, ttlRng, (req) => this.submit(req));
  }

  submit(req: number): void {
    const t = this.ctx.requests;
    const op = t.op[req]!;
    if (op === Op.populate) {
      t.release(req);
      return;
    }
    const n = t.commandCount[req]!;
    if (op === Op.get || op === Op.mget) {
      t.reads[req] = n;
      t.outcome[req] = Outcome.ok;
      this.completion.replied(req);
      return;
    }
    t.clientHost[req] = this.host;
    t.replyHandler[req] = this.onWritten;
    t.replyChannel[req] = this.down;
    this.ctx.network.send(this.host, this.origin.host, t.requestBytes[req]!, Purpose.origin, this.up, this.origin.onQuery, req);
  }

  private written(req: number): void {
    const t = this.ctx.requests;
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) {
      if (t.cmdOp[i] !== Op.get) this.ledger.acknowledge(t.cmdKey[i]!, this.ctx.engine.now);
    }
    t.outcome[req] = Outcome.ok;
    this.completion.replied(req);
  }
}
