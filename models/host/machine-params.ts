// Parameters of the machines that processes share (scenario `machines`): a machine's cores and the
// hosts placed on it, by name. Without a machine, every process has cores of its own (a Redis
// thread, a proxy's thread, an application host's cores or event loop). Abstracted away: a
// machine's memory, NIC and disks (a host's NIC stays its own, network.ts).

import { z } from 'zod';
import { count } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';

export const machineParams = strictObject({
  name: z.string().min(1, 'expected a name').describe('the machine\'s name'),
  cores: count().refine((n) => n >= 1 && n <= 1024, 'expected 1 to 1,024 cores').describe('cores the processes placed on the machine share'),
  hosts: z.array(z.string()).min(1, 'expected at least one host')
    .describe('the hosts on the machine: application hosts ("app-<i>", or "app-*" for all), nodes ("<topology>/<node>", or "<topology>/*" for all of a topology\'s processes), or "*" for every host of the run'),
});

export type MachineParams = z.infer<typeof machineParams>;
