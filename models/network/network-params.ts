// Parameters of the modeled network, declared once (defaults, units, help).

import { z } from 'zod';
import { distributionSchema } from '../../sim/dist/registry.js';
import { bandwidthBps, durationNs } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';

const latency = () => distributionSchema(durationNs);

export const networkParams = strictObject({
  bandwidth: bandwidthBps().prefault('10Gbps')
    .describe('NIC bandwidth of every host, each direction ("unlimited" = no serialization delay)'),
  zones: z.array(strictObject({
    name: z.string().min(1),
    region: z.string().min(1).prefault('r1'),
  })).min(1).max(1000).superRefine((zones, ctx) => {
    zones.forEach((z, i) => {
      if (zones.findIndex((other) => other.name === z.name) < i) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate zone name "${z.name}"`, input: z.name });
    });
  }).prefault([{ name: 'a', region: 'r1' }])
    .describe('availability zones; hosts are placed in them, zones are grouped into regions'),
  latency: strictObject({
    sameZone: latency().prefault({ lognormal: { median: '50us', sigma: 0.3 } })
      .describe('one-way propagation + stack latency between hosts of one zone'),
    crossZone: latency().prefault({ lognormal: { median: '300us', sigma: 0.3 } })
      .describe('one-way latency between zones of one region'),
    crossRegion: latency().prefault({ lognormal: { median: '30ms', sigma: 0.1 } })
      .describe('one-way latency between regions'),
    regions: z.array(strictObject({
      between: z.tuple([z.string().min(1), z.string().min(1)]).describe('two region names'),
      latency: latency().describe('one-way latency between these two regions'),
    })).prefault([]).describe('one-way latency between particular regions, instead of crossRegion'),
  }).prefault({}),
  rtoMin: durationNs().prefault('200ms')
    .describe('TCP\'s least retransmission timeout: a message lost on a connection is sent again srtt + rtoMin later, doubling (Linux TCP_RTO_MIN; `ip route … rto_min` changes it)'),
}).superRefine((n, ctx) => {
  const regions = new Set(n.zones.map((z) => z.region));
  n.latency.regions.forEach((pair, i) => pair.between.forEach((r, j) => {
    if (!regions.has(r)) ctx.addIssue({ code: 'custom', path: ['latency', 'regions', i, 'between', j], message: `no region "${r}" (regions: ${[...regions].join(', ')})`, input: r });
  }));
}).prefault({});

export type NetworkParams = z.output<typeof networkParams>;
