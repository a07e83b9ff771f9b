// A primary's PINGs to its replicas (Redis 7.0 src/replication.c, replicationCron): once a second
// the cron counts a run, and on every repl-ping-replica-period-th run (10, from the first) a primary
// with any replica in its list (attached or in any state, including one that has left but whose
// connection the primary has not yet seen close) feeds a PING to its backlog and to each replica.
// The PING moves the primary's replication offset, so a primary cut off from its replica for 10 s
// or more is ahead of a successor promoted from that replica even when it took no write, and once
// demoted it resyncs in full (masterTryPartialResynchronization refuses an offset on the old
// replication ID beyond the one its successor took over; Redis trims no trailing PING).
// Each server's cron ticks from its own phase (its index over the servers, in the second); a
// crashed process runs none, a paused one skips its ticks, and a restarted one counts its runs
// from zero again (replication_cron_loops is a static of the process).
// Abstracted: the suppression of PINGs while a manual failover pauses the primary's writes
// (mf_end: a window of milliseconds here, between the promotion and the old primary's demotion),
// and a paused process's one overdue run at its resume.
// Parameters: repl-ping-replica-period (10 s, Redis 7 default).

import type { Engine } from '../../sim/engine/engine.js';
import type { RedisServer } from '../server/redis-server.js';
import type { ReplicationFanOut } from './replication-stream.js';

/** replicationCron's period, ns. */
const CRON_NS = 1e9;
/** repl-ping-replica-period, in cron runs. */
export const PING_PERIOD_RUNS = 10;

/** Starts every server's replication cron, feeding `fanOuts[i]` its PINGs while server `i` is a primary. */
export function startReplicationPings(engine: Engine, servers: readonly RedisServer[], fanOuts: readonly ReplicationFanOut[]): void {
  servers.forEach((server, i) => {
    let run = -1;
    let loops = 0;
    const tick = (): void => {
      if (!server.crashed && !server.executor.paused) {
        if (server.incarnation !== run) {
          run = server.incarnation;
          loops = 0;
        }
        if (loops % PING_PERIOD_RUNS === 0 && !server.following) fanOuts[i]!.ping();
        loops++;
      }
      engine.schedule(CRON_NS, tick);
    };
    engine.schedule(CRON_NS * (i / servers.length), tick);
  });
}
