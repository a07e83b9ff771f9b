// Scheduled faults, declared once: at a virtual time, do something to a node named
// "<topology>/<node>" (see each topology's node names) or to the network between hosts (nodes and
// application hosts "app-<i>"). A node fault applies to the run of the topology it names; a
// partition to the runs of the topologies whose nodes it lists (every run if it lists only
// application hosts); heal to every run.

import { z } from 'zod';
import { durationNs, real } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';

const at = () => durationNs().describe('virtual time of the fault');
const node = () => z.string().regex(/^[^/]+\/.+$/, 'expected "<topology>/<node>", e.g. cluster/primary-0');
const host = () => z.string().regex(/^([^/]+\/.+|app-\d+)$/, 'expected "<topology>/<node>" or an application host "app-<i>"');
const lasting = () => durationNs().optional().describe('undo after this long (default: never)');

export const faultParams = z.union([
  strictObject({ at: at(), pause: node(), for: lasting() })
    .transform((f) => ({ kind: 'pause' as const, atNs: f.at, targets: [f.pause], forNs: f.for ?? null, factor: 1, loss: 0 })),
  strictObject({ at: at(), resume: node() })
    .transform((f) => ({ kind: 'resume' as const, atNs: f.at, targets: [f.resume], forNs: null, factor: 1, loss: 0 })),
  strictObject({ at: at(), crash: node().describe('node whose process dies, its host alive: the host resets its clients\' connections and refuses new ones until a restart (with a partition cutting its host off at the same time: the whole host lost, silent)') })
    .transform((f) => ({ kind: 'crash' as const, atNs: f.at, targets: [f.crash], forNs: null, factor: 1, loss: 0 })),
  strictObject({ at: at(), restart: node() })
    .transform((f) => ({ kind: 'restart' as const, atNs: f.at, targets: [f.restart], forNs: null, factor: 1, loss: 0 })),
  strictObject({ at: at(), partition: z.array(host()).min(1).describe('hosts on one side; all others on the other'), for: lasting() })
    .transform((f) => ({ kind: 'partition' as const, atNs: f.at, targets: f.partition, forNs: f.for ?? null, factor: 1, loss: 0 })),
  strictObject({ at: at(), heal: z.literal(true) })
    .transform((f) => ({ kind: 'heal' as const, atNs: f.at, targets: [] as string[], forNs: null, factor: 1, loss: 0 })),
  strictObject({
    at: at(), degrade: host(), for: lasting(),
    latency: real(1, 1e6).prefault(1).describe('latency multiplier of the host\'s messages'),
    loss: real(0, 1).prefault(0).describe('share of the host\'s messages lost'),
  }).transform((f) => ({ kind: 'degrade' as const, atNs: f.at, targets: [f.degrade], forNs: f.for ?? null, factor: f.latency, loss: f.loss })),
], {
  error: () => 'expected a fault: { at, pause: node, for? }, { at, resume: node }, { at, crash: node }, { at, restart: node }, '
    + '{ at, partition: [hosts], for? }, { at, heal: true } or { at, degrade: host, latency?, loss?, for? }',
});

export type Fault = z.output<typeof faultParams>;
