// What one sentinel knows about every other process (REDIS-MODEL §8): per link, the PING/PONG
// clock (act_ping_time: the oldest unanswered PING; last_ping_time; last_pong_time; last_avail_time),
// the last hello published, the commands pending, when the link was opened, whether it is
// disconnected, and its reconnect attempts (how many, the last when); per instance record, SDOWN, the last INFO
// (refresh time, reported role and since when, master, offset, link status, priority) and the
// reconfiguration flags of a failover; per peer sentinel, its last is-master-down-by-addr answer.
// Records are rebuilt when the master changes (sentinelResetMasterAndChangeAddress); links are kept.
// Struct of arrays indexed by process (data servers, then sentinels). Times in ns; NEVER = long ago.

export const NEVER = -Infinity;
export const Reconf = { none: 0, sent: 1, inProgress: 2, done: 3 } as const;

export class InstanceRecords {
  // links
  readonly actPingNs: Float64Array;
  readonly lastPingNs: Float64Array;
  readonly lastPongNs: Float64Array;
  readonly lastAvailNs: Float64Array;
  readonly lastPubNs: Float64Array;
  readonly pending: Int32Array;
  readonly linkCreatedNs: Float64Array;
  /** 1 while the command link is disconnected (its process's host reset it; its reconnects refused). */
  readonly linkDown: Uint8Array;
  readonly reconnects: Float64Array;
  readonly lastReconnNs: Float64Array;
  // instance records
  readonly sdown: Uint8Array;
  readonly sdownSinceNs: Float64Array;
  readonly infoRefreshNs: Float64Array;
  /** Role in the last INFO: 1 master, 0 replica. */
  readonly roleMaster: Uint8Array;
  readonly roleReportedNs: Float64Array;
  readonly reportedMaster: Int32Array;
  readonly masterChangedNs: Float64Array;
  readonly offset: Float64Array;
  readonly linkUp: Uint8Array;
  readonly priority: Int32Array;
  readonly reconf: Uint8Array;
  readonly reconfSentNs: Float64Array;
  // peer sentinels
  readonly masterDown: Uint8Array;
  readonly lastMasterDownReplyNs: Float64Array;
  readonly leader: Int32Array;
  readonly leaderEpoch: Float64Array;

  constructor(readonly n: number, readonly data: number) {
    const times = () => new Float64Array(n).fill(NEVER);
    this.actPingNs = times(); this.lastPingNs = times(); this.lastPongNs = times(); this.lastAvailNs = times(); this.lastPubNs = times();
    this.pending = new Int32Array(n);
    this.linkCreatedNs = times();
    this.linkDown = new Uint8Array(n); this.reconnects = new Float64Array(n); this.lastReconnNs = times();
    this.sdown = new Uint8Array(n); this.sdownSinceNs = times(); this.infoRefreshNs = times();
    this.roleMaster = new Uint8Array(n); this.roleReportedNs = times(); this.reportedMaster = new Int32Array(n).fill(-1);
    this.masterChangedNs = times(); this.offset = new Float64Array(n); this.linkUp = new Uint8Array(n).fill(1);
    this.priority = new Int32Array(n).fill(100); this.reconf = new Uint8Array(n); this.reconfSentNs = times();
    this.masterDown = new Uint8Array(n); this.lastMasterDownReplyNs = times();
    this.leader = new Int32Array(n).fill(-1); this.leaderEpoch = new Float64Array(n);
  }

  /** New records for the data servers with `master` as the master, as created at `nowNs`. */
  reset(master: number, nowNs: number): void {
    for (let j = 0; j < this.data; j++) {
      this.sdown[j] = 0;
      this.sdownSinceNs[j] = NEVER;
      this.infoRefreshNs[j] = NEVER;
      this.roleMaster[j] = j === master ? 1 : 0;
      this.roleReportedNs[j] = nowNs;
      this.masterChangedNs[j] = nowNs;
      this.reconf[j] = Reconf.none;
      this.reconfSentNs[j] = NEVER;
    }
  }
}
