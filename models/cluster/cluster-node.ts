// A Redis Cluster node: a Redis server plus its own view of the cluster (which node owns each slot,
// who its primary is, whether it thinks the cluster is up), and the routing Redis applies before
// running a command (getNodeByQuery, REDIS-MODEL §5.1): CROSSSLOT for a multi-key command over
// several slots, CLUSTERDOWN when the cluster is down or the slot unowned, MOVED to the owner in
// this node's view, otherwise served. Pipelines are checked command by command; if any command's
// slot is not served here the whole request is answered MOVED (a client re-sends the pipeline).
// Parameters: allowReadsWhenDown.

import type { RequestTable } from '../client/request-table.js';
import type { CommandRouter, RedisServer } from '../server/redis-server.js';
import { Op, Outcome } from '../signals.js';

export class ClusterNode implements CommandRouter {
  /** Owner of each slot in this node's view (node index), −1 for none. */
  readonly owner: Int16Array;
  /** Index of this node's primary, or −1 if it is a primary. */
  primaryOf: number;
  /** This node's view of the cluster state (cluster_state:ok). */
  stateOk = true;

  constructor(
    readonly index: number,
    readonly server: RedisServer,
    private readonly requests: RequestTable,
    private readonly slotOfKey: Uint16Array,
    initialOwner: Int16Array,
    primaryOf: number,
    private readonly allowReadsWhenDown: boolean,
  ) {
    this.owner = initialOwner.slice();
    this.primaryOf = primaryOf;
    server.router = this;
  }

  get isPrimary(): boolean {
    return this.primaryOf < 0;
  }

  admit(req: number): boolean {
    const t = this.requests;
    const op = t.op[req]!;
    const base = req * t.stride;
    const n = t.commandCount[req]!;
    if (op === Op.keys) return true;
    const readOnly = isReadOnly(t, base, n);
    if (!this.stateOk && !(readOnly && this.allowReadsWhenDown)) return this.refuse(req, Outcome.clusterdown, -1);
    const first = this.slotOfKey[t.cmdKey[base]!]!;
    for (let i = base; i < base + n; i++) {
      const slot = this.slotOfKey[t.cmdKey[i]!]!;
      if (op === Op.mget && slot !== first) return this.refuse(req, Outcome.crossslot, -1);
      const owner = this.owner[slot]!;
      if (owner < 0) return this.refuse(req, Outcome.clusterdown, -1);
      if (owner !== this.index) return this.refuse(req, Outcome.moved, owner, slot);
    }
    return true;
  }

  private refuse(req: number, outcome: number, node: number, slot = -1): boolean {
    this.requests.outcome[req] = outcome;
    this.requests.redirectNode[req] = node;
    this.requests.redirectSlot[req] = slot;
    return false;
  }
}

function isReadOnly(t: RequestTable, base: number, n: number): boolean {
  for (let i = base; i < base + n; i++) if (t.cmdOp[i] !== Op.get) return false;
  return true;
}
