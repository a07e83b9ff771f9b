// Sentinel failover vs down-after-milliseconds. Real: one primary + 2 replicas watched by 3
// sentinels (quorum 2, failover-timeout 180 s), started afresh for every replication (a sentinel
// that voted may not start another failover of the master for 2 × failover-timeout); the primary is
// paused (SIGSTOP) or killed (SIGKILL: its host resets the sentinels' links, and refuses their
// reconnects) while a writer (sentinel-writer.ts) SETs a random key every 10 ms with a 100 ms
// timeout. A pub/sub connection to every sentinel gives the first +sdown, +odown and +switch-master
// about the master (arrival times); the first write is the writer's first success on another
// server. Simulated: the `sentinel` topology with the same parameters, writer and fault (pause or
// crash), the same phases from the failover timeline (sdown, odown, switchMaster, firstWrite).

import type { FailoverPhase } from '../../reports/failover-timeline.js';
import { phaseRows, type Comparison } from '../comparison.js';
import { MASTER_NAME, RealSentinelSet } from '../real-sentinel.js';
import { connect, sleep, type RedisFleet } from '../redis-fleet.js';
import { SentinelWriter } from '../sentinel-writer.js';
import { simulate, timelinePhases, WRITER_WORKLOAD, type Phases } from '../simulated.js';

const PHASES: [FailoverPhase, string][] = [['sdown', 'SDOWN'], ['odown', 'ODOWN'], ['switchMaster', 'promotion seen (+switch-master)'], ['firstWrite', 'first successful write']];
const EVENTS: [string, FailoverPhase][] = [['+sdown', 'sdown'], ['+odown', 'odown'], ['+switch-master', 'switchMaster']];
const SET = { replicas: 2, sentinels: 3, quorum: 2, failoverTimeoutMs: 180_000 };
const FAULT_AT_S = 20;

/** How the master stops: paused (SIGSTOP) or killed (SIGKILL). */
export type MasterFault = 'pause' | 'kill';

export interface SentinelPlan {
  downAfterMs: number[];
  faults: MasterFault[];
  realReplications: number;
  simReplications: number;
}

export async function sentinelFailover(fleet: RedisFleet, plan: SentinelPlan, log: (line: string) => void): Promise<Comparison[]> {
  const rows: Comparison[] = [];
  for (const fault of plan.faults) {
    for (const t of plan.downAfterMs) {
      const real: Phases[] = [];
      for (let r = 0; r < plan.realReplications; r++) {
        const set = await RealSentinelSet.create(fleet, { ...SET, downAfterMs: t });
        try {
          real.push(await stopMaster(set, t, fault));
        } finally {
          set.close();
        }
        log(`sentinel failover down-after=${t} ms, master ${fault === 'kill' ? 'killed' : 'paused'}, real #${r + 1}: ${JSON.stringify(real.at(-1))}`);
      }
      const point = `down-after = ${t / 1000} s${fault === 'kill' ? ', master killed' : ''}`;
      rows.push(...phaseRows(point, PHASES, real, simulatedFailover(t, fault, plan.simReplications)));
    }
  }
  return rows;
}

/** One replication: seconds from SIGSTOP (or SIGKILL) of the master to each phase. */
async function stopMaster(set: RealSentinelSet, downAfterMs: number, fault: MasterFault): Promise<Phases> {
  await sleep(1000 + Math.random() * 1000);
  const master = set.servers[0]!;
  const phases: Phases = {};
  let t0 = Infinity;
  const subscribers = set.sentinels.map((s) => connect(s.port));
  for (const sub of subscribers) {
    sub.on('message', (channel: string, message: string) => {
      const phase = EVENTS.find(([c]) => c === channel)?.[1];
      const aboutMaster = channel === '+switch-master' ? message.startsWith(`${MASTER_NAME} `) : message.startsWith(`master ${MASTER_NAME} `);
      if (phase && aboutMaster && performance.now() > t0) phases[phase] ??= (performance.now() - t0) / 1000;
    });
  }
  await Promise.all(subscribers.map(async (sub) => {
    await sub.connect();
    await sub.subscribe(...EVENTS.map(([c]) => c));
  }));
  t0 = performance.now();
  const writer = new SentinelWriter(set.servers.map((s) => s.port), set.sentinels.map((s) => s.port), master.port, t0);
  await writer.start();
  const deadline = t0 + 3 * downAfterMs + 15_000;
  if (fault === 'kill') set.fleet.stop(master);
  else set.fleet.pause(master);
  try {
    while (performance.now() < deadline && (phases.switchMaster === undefined || writer.firstWriteMs === null)) await sleep(20);
  } finally {
    writer.stop();
    for (const sub of subscribers) sub.disconnect();
    if (fault === 'pause') set.fleet.resume(master);
  }
  if (writer.firstWriteMs !== null) phases.firstWrite = (writer.firstWriteMs - t0) / 1000;
  return phases;
}

function simulatedFailover(downAfterMs: number, fault: MasterFault, replications: number): Phases[] {
  const yaml = `
name: validation-sentinel-failover
seed: 1
duration: ${FAULT_AT_S + Math.ceil((3 * downAfterMs) / 1000) + 10}s
warmup: 1s
drain: 0s
${WRITER_WORKLOAD}
topologies:
  - { name: sentinel, kind: sentinel, replicas: ${SET.replicas}, sentinels: ${SET.sentinels}, quorum: ${SET.quorum}, downAfter: ${downAfterMs}ms, failoverTimeout: ${SET.failoverTimeoutMs}ms }
faults:
  - { at: ${FAULT_AT_S}s, ${fault === 'kill' ? 'crash' : 'pause'}: sentinel/primary }
`;
  return simulate('sentinel-failover', yaml, replications).map((stats) => timelinePhases(stats, PHASES.map(([phase]) => phase)));
}
