import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { CpuPool } from '../host/cpu-pool.js';
import { Network } from '../network/network.js';
import { networkParams } from '../network/network-params.js';
import { RedisServer } from '../server/redis-server.js';
import { serverParams } from '../server/server-params.js';
import { Op, Outcome } from '../signals.js';
import { RequestTable } from '../request/request-table.js';
import { workloadParams } from '../workload/workload-params.js';
import { ClientConnections } from './client-connections.js';
import { ConnectionPool, serverEndpoint } from './connection-pool.js';

/** One pool of one connection to a server that takes 10 ms a request, 1 ms away; each reply or failure is logged with its time (ms). */
function onePool() {
  const engine = new Engine();
  const bus = new SignalBus();
  const streams = new RngStreams(1);
  const network = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: '1ms' } }), streams, bus);
  const requests = new RequestTable(1);
  const serverHost = network.addHost('server', 0);
  const redis = new RedisServer(engine, network, requests, serverParams.parse({ serviceTime: '10ms' }), {
    id: 0, name: 'server', host: serverHost, keyCount: 10, withExpiry: false,
  }, streams, bus);
  const params = workloadParams.parse({ keys: 10, clients: { requestCpu: 0, replyCpu: 0, poolSize: 1, timeout: '1s', retries: 0 } }).clients;
  const log: [string, number][] = [];
  const pool = new ConnectionPool({ engine, network, requests, usage: [], connections: new ClientConnections(requests) }, params, new CpuPool(engine, 1),
    network.addHost('app', 0), serverEndpoint(redis), {
      replied: () => log.push(['replied', engine.now / 1e6]),
      failed: (_req, outcome) => log.push([outcome === Outcome.disconnected ? 'disconnected' : `outcome ${outcome}`, engine.now / 1e6]),
    });
  const get = (atNs: number) => engine.at(atNs, () => {
    const req = requests.alloc();
    requests.op[req] = Op.get;
    requests.cmdOp[req] = Op.get;
    requests.cmdKey[req] = 1;
    requests.commandCount[req] = 1;
    requests.requestBytes[req] = 30;
    requests.startNs[req] = engine.now;
    requests.owner[req] = -1;
    pool.submit(req);
  });
  return { engine, network, serverHost, pool, get, log };
}

describe('ConnectionPool: the server closes the connections (CLIENT KILL)', () => {
  it('takes the reply the server wrote before its FIN first, even when TCP had to resend that reply: the GET succeeds, then the connection reopens', () => {
    const { engine, network, serverHost, pool, get, log } = onePool();
    get(0);
    // The reply leaves at 11 ms into a partition and is lost; the FIN, sent at 11.7 ms after the heal, waits for its resend.
    engine.at(10.9e6, () => network.partition([serverHost]));
    engine.at(11.6e6, () => network.heal());
    engine.at(11.7e6, () => pool.closedByServer());
    get(30e6);
    engine.run();
    expect(log.map(([what]) => what)).toEqual(['replied', 'replied']);
    // The FIN's SACK makes TCP resend the reply (RACK), which arrives before the FIN is passed on.
    expect(log[0]![1]).toBeGreaterThan(12.7);
    expect(log[0]![1]).toBeLessThan(16);
    // The connection reopened when the FIN came (a handshake, 2 ms): the second GET takes one round trip and its 10 ms.
    expect(log[1]![1]).toBeCloseTo(42, 6);
  });

  it('fails the request still outstanding when the FIN arrives, as disconnected', () => {
    const { engine, pool, get, log } = onePool();
    get(0);
    engine.at(5e6, () => pool.closedByServer());
    engine.run();
    expect(log).toEqual([['disconnected', 6]]);
  });
});
