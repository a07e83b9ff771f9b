// What one cluster node knows about every other node (Redis's clusterNode records in its node
// table): ping and pong times, data received, PFAIL/FAIL flags, epochs, roles, replication offsets
// and slot-claim versions as their headers last said, link age, failure reports, and which nodes it
// knows at all (MEET, gossip, FORGET). Arrays indexed by node, so a cron over 1,000 peers stays cheap.
import { PFAIL } from './bus-message.js';
export class NodeTable {
    pingSent;
    pongReceived;
    dataReceived;
    flags;
    failTime;
    configEpoch;
    replOffset;
    /** Each peer's primary as its headers last said (−1: a primary). */
    primaryOf;
    slotsVersion;
    /** When the link to each peer was (re)connected, ns. */
    linkCreated;
    /** 1 for the nodes in the table. */
    known;
    forgottenUntil;
    /** Failure reports: target → (reporter → time received, ns). */
    reports = new Map();
    knownNodes = 0;
    pfails = 0;
    /**
     * The cron's scan of the table may be skipped while the time is before this (ns): no peer's ping,
     * reconnect or PFAIL condition can hold earlier. Computed by the scan; lowered by every change that
     * can bring a condition earlier (a ping sent, flags changed, a peer learned, a restart).
     */
    scanDueNs = -Infinity;
    /** Counts the calls of setFlags (what the cluster state depends on, with the slot owners). */
    flagChanges = 0;
    constructor(n, self, members, configEpochs, roles) {
        this.pingSent = new Float64Array(n);
        this.pongReceived = new Float64Array(n);
        this.dataReceived = new Float64Array(n);
        this.flags = new Uint8Array(n);
        this.failTime = new Float64Array(n);
        this.configEpoch = Float64Array.from(configEpochs);
        this.replOffset = new Float64Array(n);
        this.primaryOf = Int16Array.from(roles);
        this.slotsVersion = new Float64Array(n).fill(-1);
        this.linkCreated = new Float64Array(n);
        this.known = new Uint8Array(n);
        this.forgottenUntil = new Float64Array(n);
        for (let j = 0; j < n; j++)
            if (j === self || (members[self] && members[j]))
                this.known[j] = 1;
        this.knownNodes = this.known.reduce((a, k) => a + k, 0);
    }
    /** Nodes in the table, this node included (dictSize in Redis). */
    get knownCount() {
        return this.knownNodes;
    }
    /** Peers flagged PFAIL (kept so heartbeats need not scan all flags). */
    get pfailCount() {
        return this.pfails;
    }
    knows(j) {
        return this.known[j] === 1;
    }
    /** True while gossip about `j` is ignored after a FORGET. */
    isForgotten(j, nowNs) {
        return nowNs < this.forgottenUntil[j];
    }
    /** Adds `j` to the table, as after a completed handshake. */
    learn(j, nowNs) {
        if (this.known[j] === 1)
            return;
        this.known[j] = 1;
        this.knownNodes++;
        this.pingSent[j] = 0;
        this.pongReceived[j] = nowNs;
        this.dataReceived[j] = nowNs;
        this.linkCreated[j] = nowNs;
        this.setFlags(j, 0);
    }
    /** Drops `j` (CLUSTER FORGET) and ignores gossip about it for 60 s. */
    forget(j, nowNs) {
        if (this.known[j] === 0)
            return;
        this.known[j] = 0;
        this.knownNodes--;
        this.setFlags(j, 0);
        this.reports.delete(j);
        this.forgottenUntil[j] = nowNs + 60e9;
    }
    /** Every change of a peer's flags goes through here, to keep the PFAIL count. */
    setFlags(j, flags) {
        this.pfails += (flags & PFAIL ? 1 : 0) - (this.flags[j] & PFAIL ? 1 : 0);
        this.flags[j] = flags;
        this.scanDueNs = -Infinity;
        this.flagChanges++;
    }
    /** Whether the cron must scan the table at `nowNs` (1 ns of margin for rounding in the conditions' arithmetic). */
    scanDue(nowNs) {
        return nowNs >= this.scanDueNs - 1;
    }
    get hasReports() {
        return this.reports.size > 0;
    }
    addReport(target, reporter, nowNs) {
        let r = this.reports.get(target);
        if (!r) {
            r = new Map();
            this.reports.set(target, r);
        }
        r.set(reporter, nowNs);
    }
    deleteReport(target, reporter) {
        this.reports.get(target)?.delete(reporter);
    }
    /** Failure reports about `target` younger than `validityNs` (older ones are dropped). */
    validReports(target, nowNs, validityNs) {
        const r = this.reports.get(target);
        if (!r)
            return 0;
        for (const [reporter, t] of r)
            if (t < nowNs - validityNs)
                r.delete(reporter);
        return r.size;
    }
}
//# sourceMappingURL=node-table.js.map