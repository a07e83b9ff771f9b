// The cron's scan of a cluster node's peer table (clusterCron, REDIS-MODEL §2): reconnect a link
// older than T whose ping has been outstanding, with no data, for over T/2 (resending the ping, which
// keeps its original time); ping a peer whose pong is older than T/2 and has no ping outstanding;
// flag PFAIL a peer whose ping has been outstanding, with no data, for more than T. It then records
// the earliest time any of these conditions can next hold (NodeTable.scanDueNs), so the cron skips
// the scan until then (cron-scan.test.ts checks the decisions are those of a scan every run).
// Parameters: node timeout T (ns).

import { ClusterEventKind } from '../signals.js';
import { BusType, FAIL, PFAIL } from './bus-message.js';
import type { ClusterBus } from './cluster-bus.js';
import { KNOWN } from './node-table.js';

/** Every peer: reconnect a stale link, ping a peer whose pong is older than T/2, flag PFAIL; then the earliest time any of these can next hold. */
export function scanPeers(bus: ClusterBus, now: number): void {
  const me = bus.node.index;
  const half = bus.timeoutNs / 2;
  const timeout = bus.timeoutNs;
  const { state, pingSent, pongReceived, dataReceived, linkCreated } = bus.peers;
  let dueNs = Infinity;
  for (let j = 0; j < bus.n; j++) {
    if (j === me || (state[j]! & KNOWN) === 0) continue;
    if (pingSent[j] !== 0 && now - linkCreated[j]! > timeout && now - pingSent[j]! > half && now - dataReceived[j]! > half) {
      linkCreated[j] = now;
      bus.reconnect(j);
      const originalPingSent = pingSent[j]!;
      bus.sendHeartbeat(BusType.ping, j, false);
      bus.peers.setPingSent(j, originalPingSent);
    }
    if (pingSent[j] === 0 && now - pongReceived[j]! > half) bus.sendHeartbeat(BusType.ping, j, false);
    if (pingSent[j] !== 0 && (state[j]! & (PFAIL | FAIL)) === 0) {
      const delay = Math.min(now - pingSent[j]!, now - dataReceived[j]!);
      if (delay > timeout) {
        bus.peers.setFlags(j, bus.peers.flagsOf(j) | PFAIL);
        bus.fabric.event(ClusterEventKind.pfail, me, j);
      }
    }
    if (pingSent[j] === 0) dueNs = Math.min(dueNs, pongReceived[j]! + half);
    else {
      dueNs = Math.min(dueNs, Math.max(linkCreated[j]! + timeout, pingSent[j]! + half, dataReceived[j]! + half));
      if ((state[j]! & (PFAIL | FAIL)) === 0) dueNs = Math.min(dueNs, Math.max(pingSent[j]!, dataReceived[j]!) + timeout);
    }
  }
  bus.peers.scanDueNs = dueNs;
}
