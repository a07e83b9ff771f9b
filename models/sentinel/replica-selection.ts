// sentinelSelectSlave (REDIS-MODEL §8): among the master's replicas, skip those in SDOWN, those whose
// link is disconnected (their process died), those with no valid reply for 5 s, those whose INFO is
// older than 5 s (30 s if the master is not SDOWN), and those with replica-priority 0; then prefer
// the lowest priority, then the highest replication offset, then the smallest run id. Run ids are
// modeled as process indexes, so ties go to the lowest index. Abstracted: the
// master_link_down_time check (replicas of a hung master keep their link up until repl-timeout,
// 60 s, so it rarely applies within a failover).

import type { InstanceRecords } from './instance-records.js';

const PING_PERIOD_NS = 1e9;
const INFO_PERIOD_NS = 10e9;

/** The replica a failover of `master` promotes, or −1 if none qualifies. */
export function selectReplica(r: InstanceRecords, master: number, masterSdown: boolean, nowNs: number): number {
  const infoValidityNs = masterSdown ? 5 * PING_PERIOD_NS : 3 * INFO_PERIOD_NS;
  let best = -1;
  for (let j = 0; j < r.data; j++) {
    if (j === master || r.sdown[j] === 1 || r.linkDown[j] === 1 || r.priority[j] === 0) continue;
    if (nowNs - r.lastAvailNs[j]! > 5 * PING_PERIOD_NS || nowNs - r.infoRefreshNs[j]! > infoValidityNs) continue;
    if (best < 0 || r.priority[j]! < r.priority[best]! || (r.priority[j] === r.priority[best] && r.offset[j]! > r.offset[best]!)) best = j;
  }
  return best;
}
