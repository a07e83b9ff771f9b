// Messages between sentinels, monitored instances and Sentinel clients, pooled and named by index
// (no object per message). A message names its sender and receiver by process index (data servers
// first, then sentinels) and carries the few numbers its command or reply needs.

export const SentinelType = {
  ping: 0, pong: 1, info: 2, infoReply: 3, publish: 4, publishReply: 5, hello: 6,
  ask: 7, askReply: 8, replicaof: 9, replicaofReply: 10, getAddr: 11, getAddrReply: 12,
  /** TCP segments about a sentinel's command link (tcp-segments.ts): its reset by a dead process's host, a reconnect's SYN-ACK or refusal (epoch: the attempt). */
  reset: 13, connected: 14, refused: 15,
} as const;

export class SentinelMessage {
  type = 0;
  from = 0;
  to = 0;
  sizeBytes = 0;
  /** Sender's current epoch (hello, ask), or a client's request number (get-master-addr). */
  epoch = 0;
  /** A master (instance index): hello's and get-master-addr's address, ask's subject, REPLICAOF's target (−1: NO ONE), INFO's master_host. */
  master = -1;
  /** Hello: the master's config epoch. Ask: the candidate asking for a vote (−1: "*"). Ask reply: the voted leader's epoch. */
  configEpoch = 0;
  candidate = -1;
  /** Ask reply: down flag and voted leader (−1: "*"). INFO reply: role (1 = master), offset, link up, priority. */
  flag = 0;
  leader = -1;
  offset = 0;
  linkUp = 0;
  priority = 0;
  /** The Sentinel client that asked (get-master-addr), or −1. */
  client = -1;
}

export class SentinelMessagePool {
  private readonly messages: SentinelMessage[] = [];
  private readonly free: number[] = [];

  alloc(type: number, from: number, to: number, sizeBytes: number): number {
    const id = this.free.pop() ?? this.messages.push(new SentinelMessage()) - 1;
    const m = this.messages[id]!;
    m.type = type; m.from = from; m.to = to; m.sizeBytes = sizeBytes;
    m.epoch = 0; m.master = -1; m.configEpoch = 0; m.candidate = -1; m.flag = 0; m.leader = -1; m.offset = 0; m.linkUp = 0; m.priority = 0; m.client = -1;
    return id;
  }

  get(id: number): SentinelMessage {
    return this.messages[id]!;
  }

  release(id: number): void {
    this.free.push(id);
  }
}
