// min-replicas-to-write (REDIS-MODEL §7): every replica's replicationCron (1 s, on its own thread,
// so a paused replica sends none) sends REPLCONF ACK to its primary; once a second the primary
// counts the replicas whose last ACK is at most `maxLag` old (1-second resolution); while fewer
// than `minReplicas` are good it refuses writes with -NOREPLICAS, serving reads as usual.
// Abstracted: the primary records ACKs and counts good replicas off its thread.
// Parameters: minReplicas (count, 0 = off), maxLag (ns, default 10 s).

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { RequestTable } from '../client/request-table.js';
import { Channel, type Network } from '../network/network.js';
import { Admission, type CommandRouter, type RedisServer } from '../server/redis-server.js';
import { Op, Outcome, Purpose } from '../signals.js';

const CRON_NS = 1e9;
/** Bytes of "REPLCONF ACK <offset>". */
const ACK_BYTES = 40;

export class MinReplicas implements CommandRouter {
  private readonly lastAckNs: Float64Array;
  private good: number;
  private readonly onPrimaryCron: EventHandler = () => this.count();

  constructor(
    private readonly engine: Engine, network: Network, private readonly requests: RequestTable,
    primary: RedisServer, replicas: readonly RedisServer[],
    private readonly minReplicas: number, private readonly maxLagNs: number,
  ) {
    this.lastAckNs = new Float64Array(replicas.length);
    this.good = replicas.length;
    replicas.forEach((replica, i) => {
      const channel = new Channel();
      const onAck: EventHandler = () => { this.lastAckNs[i] = this.engine.now; };
      const kind = replica.addTask({
        begin: () => 100,
        finish: () => {
          network.send(replica.options.host, primary.options.host, ACK_BYTES, Purpose.replication, channel, onAck, 0);
          engine.schedule(CRON_NS, () => replica.submitTask(kind, 0));
        },
      });
      engine.schedule(CRON_NS * ((i + 1) / (replicas.length + 1)), () => replica.submitTask(kind, 0));
    });
    engine.schedule(CRON_NS, this.onPrimaryCron);
    primary.router = this;
  }

  private count(): void {
    const nowS = Math.floor(this.engine.now / 1e9);
    let good = 0;
    for (let i = 0; i < this.lastAckNs.length; i++) if (nowS - Math.floor(this.lastAckNs[i]! / 1e9) <= this.maxLagNs / 1e9) good++;
    this.good = good;
    this.engine.schedule(CRON_NS, this.onPrimaryCron);
  }

  admit(req: number): number {
    if (this.good >= this.minReplicas) return Admission.serve;
    const t = this.requests;
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) {
      if (t.cmdOp[i] !== Op.get) {
        t.outcome[req] = Outcome.noreplicas;
        return Admission.refuse;
      }
    }
    return Admission.serve;
  }
}
