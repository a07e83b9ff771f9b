// Test support: one RedisServer on a network with no latency and unlimited bandwidth, requests
// sent by hand from one client host on numbered connections (0 unless told), replies recorded with
// their time, outcome, hits and reads.

import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { RequestTable } from '../../models/request/request-table.js';
import { Channel, Network } from '../../models/network/network.js';
import { networkParams } from '../../models/network/network-params.js';
import { RedisServer } from '../../models/server/redis-server.js';
import { Op } from '../../models/signals.js';
import { serverParams } from '../../models/server/server-params.js';

interface Reply { req: number; atNs: number; outcome: number; hits: number; reads: number }

export function harness(server: Record<string, unknown> = {}, keyCount = 16) {
  const engine = new Engine();
  const bus = new SignalBus();
  const net = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: 0 } }), new RngStreams(1), bus);
  const client = net.addHost('client', 0);
  const host = net.addHost('server', 0);
  const table = new RequestTable(4);
  const redis = new RedisServer(engine, net, table, serverParams.parse(server), {
    id: 0, name: 'server', host, keyCount, withExpiry: true,
  }, new RngStreams(7), bus);
  const replies: Reply[] = [];
  const channels: Channel[] = [];
  const onReply = (req: number) => replies.push({
    req, atNs: engine.now, outcome: table.outcome[req]!, hits: table.hits[req]!, reads: table.reads[req]!,
  });
  /** Sends a request of commands [op, key, valueBytes?, ttlNs?] at `atNs` on `connection` (as a pipeline unless `requestOp` says otherwise). */
  const send = (atNs: number, commands: [number, number, number?, number?][], requestOp: number = Op.pipeline, connection = 0) => {
    const req = table.alloc();
    table.op[req] = requestOp;
    commands.forEach(([op, key, bytes = 0, ttl = 0], i) => {
      table.cmdOp[req * 4 + i] = op;
      table.cmdKey[req * 4 + i] = key;
      table.cmdValueBytes[req * 4 + i] = bytes;
      table.cmdTtlNs[req * 4 + i] = ttl;
    });
    table.commandCount[req] = commands.length;
    table.clientHost[req] = client;
    table.replyHandler[req] = onReply;
    table.replyChannel[req] = channels[connection] ??= new Channel();
    engine.at(atNs, redis.onRequest, req);
    return req;
  };
  return { engine, bus, redis, send, replies };
}

