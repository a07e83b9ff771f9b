// The pub/sub invalidation path on the writing host: once a write is acknowledged, after `delay`
// (e.g. an outbox or a message relay), the application sends PUBLISH (or SPUBLISH) naming the key
// to the node the shared tier designates, on a connection of its own (one FIFO channel per node),
// after the client's CPU to build and write it (requestCpu on the host's thread). The PUBLISH's
// reply (the number of receivers) is not waited for.
// Parameters: delay (ns); requestCpu (ns); sharded (SPUBLISH).

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { HostCpu } from '../host/host-cpu.js';
import { Channel, type Network } from '../network/network.js';
import { publishData, type PubSubNode } from '../pubsub/pubsub-node.js';
import { Purpose } from '../signals.js';

export class InvalidationPublisher {
  private readonly channels: Channel[];
  private readonly onDue: EventHandler = (key) => this.publish(key);
  private readonly onBuilt: EventHandler = (key) => this.send(key);

  constructor(
    private readonly engine: Engine,
    private readonly network: Network,
    private readonly host: number,
    private readonly cpu: HostCpu,
    private readonly requestCpuNs: number,
    private readonly nodes: readonly PubSubNode[],
    private readonly nodeHosts: readonly number[],
    private readonly target: (key: number) => number,
    private readonly delayNs: number,
    private readonly sharded: boolean,
  ) {
    this.channels = nodes.map(() => new Channel());
  }

  /** `key` was written and acknowledged. */
  written(key: number): void {
    if (this.delayNs > 0) this.engine.schedule(this.delayNs, this.onDue, key);
    else this.publish(key);
  }

  private publish(key: number): void {
    this.cpu.run(this.requestCpuNs, this.onBuilt, key);
  }

  private send(key: number): void {
    const node = this.target(key);
    const n = this.nodes[node]!;
    this.network.send(this.host, this.nodeHosts[node]!, n.publishBytes(this.sharded), Purpose.pubsub, this.channels[node]!, n.onPublish, publishData(key, this.sharded));
  }
}
