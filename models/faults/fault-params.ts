// Scheduled faults, declared once: at a virtual time, do something to a node named
// "<topology>/<node>" (see `cachetopo list` and each topology's node names). A fault applies to
// the run of the topology it names.

import { z } from 'zod';
import { durationNs } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';

const at = () => durationNs().describe('virtual time of the fault');
const node = () => z.string().regex(/^[^/]+\/.+$/, 'expected "<topology>/<node>", e.g. cluster/primary-0');

export const faultParams = z.union([
  strictObject({ at: at(), pause: node(), for: durationNs().optional().describe('resume after this long (default: never)') })
    .transform((f) => ({ kind: 'pause' as const, atNs: f.at, target: f.pause, forNs: f.for ?? null })),
  strictObject({ at: at(), resume: node() }).transform((f) => ({ kind: 'resume' as const, atNs: f.at, target: f.resume, forNs: null })),
  strictObject({ at: at(), crash: node() }).transform((f) => ({ kind: 'crash' as const, atNs: f.at, target: f.crash, forNs: null })),
], { error: () => 'expected a fault: { at: 20s, pause: cluster/primary-0, for: 10s }, { at: 30s, resume: … } or { at: 20s, crash: … }' });

export type Fault = z.output<typeof faultParams>;
