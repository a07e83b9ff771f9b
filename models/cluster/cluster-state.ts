// A cluster node's view of the cluster state (clusterUpdateState, REDIS-MODEL §4): FAIL when a slot
// is unowned or its owner is FAIL (with cluster-require-full-coverage yes), or when fewer than a
// majority of the slot-owning primaries are reachable (not PFAIL/FAIL; this node counts as
// reachable); a primary rejoining from the minority stays FAIL for clamp(T, 0.5 s, 5 s). The owner
// counts are kept until the node's slot view or its peers' flags change.
// Parameters: node timeout T (ns), require-full-coverage, from the fabric's timing.

import { ClusterEventKind } from '../signals.js';
import { FAIL, PFAIL } from './bus-message.js';
import type { ClusterBus } from './cluster-bus.js';

export class ClusterState {
  private lastMinorityNs = -Infinity;
  private ownerFailed = false;
  private reachableOwners = 0;
  /** The ownership changes and flag changes countOwners last saw (−1: never). */
  private readonly ownersSeenAt = [-1, -1];

  constructor(private readonly bus: ClusterBus) {}

  /** Slot owners in this node's view: whether one is FAIL, how many are not PFAIL/FAIL (this node counts as reachable); kept until the view or the flags change. */
  private countOwners(): void {
    const node = this.bus.node;
    let failed = false;
    let reachable = 0;
    for (let o = 0; o < this.bus.n; o++) {
      if (node.slotCount[o] === 0) continue;
      const down = o !== node.index && (this.bus.peers.flagsOf(o) & (PFAIL | FAIL)) !== 0;
      if (o !== node.index && (this.bus.peers.flagsOf(o) & FAIL)) failed = true;
      if (!down) reachable++;
    }
    this.ownerFailed = failed;
    this.reachableOwners = reachable;
    this.ownersSeenAt[0] = node.ownershipChanges;
    this.ownersSeenAt[1] = this.bus.peers.flagChanges;
  }

  update(): void {
    const node = this.bus.node;
    const now = this.bus.fabric.engine.now;
    if (node.ownershipChanges !== this.ownersSeenAt[0] || this.bus.peers.flagChanges !== this.ownersSeenAt[1]) this.countOwners();
    const uncovered = node.unowned > 0 || this.ownerFailed;
    const reachable = this.reachableOwners;
    const minority = reachable < this.bus.quorum();
    if (minority) this.lastMinorityNs = now;
    let ok = !(uncovered && this.bus.fabric.timing.requireFullCoverage) && !minority;
    const rejoinNs = Math.min(Math.max(this.bus.timeoutNs, 500e6), 5e9);
    if (ok && !node.stateOk && node.isPrimary && now - this.lastMinorityNs < rejoinNs) ok = false;
    if (ok !== node.stateOk) {
      node.stateOk = ok;
      this.bus.fabric.event(ok ? ClusterEventKind['state-ok'] : ClusterEventKind['state-fail'], node.index, node.index);
    }
  }
}
