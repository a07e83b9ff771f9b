// `cachetopo calibrate --redis URL [--out FILE] [--connections N]`: measures a live Redis (see
// experiment/measure-live-redis.ts), fits the server cost model and the client/network timing
// (models/server/service-calibration.ts) and writes them as a calibration file that `run`, `sweep`
// and `validate` apply with --calibration FILE. Exit 2 when the server is unreachable or unsafe to test.

import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { CalibrationRefused, measureLiveRedis } from '../../experiment/measure-live-redis.js';
import { calibrationOverrides, fitCalibration } from '../../models/server/service-calibration.js';
import { UsageError } from '../exit-codes.js';

export interface CalibrateArgs {
  redis: string;
  out?: string | undefined;
  connections: number;
  phaseMs: number;
  maxKeys: number;
}

export async function calibrationText(args: CalibrateArgs): Promise<string> {
  if (!/^rediss?:\/\//.test(args.redis)) throw new UsageError(`--redis: expected a URL like redis://127.0.0.1:6379, got "${args.redis}"`);
  if (!(Number.isInteger(args.connections) && args.connections >= 1 && args.connections <= 1000)) throw new UsageError('--connections: expected 1 to 1000');
  let shapes;
  try {
    shapes = await measureLiveRedis(args.redis, { connections: args.connections, phaseMs: args.phaseMs, maxKeys: args.maxKeys });
  } catch (error) {
    if (error instanceof CalibrationRefused) throw new UsageError(`calibrate: ${error.message}`);
    throw error;
  }
  const fitted = fitCalibration(shapes);
  const flat = Object.entries(shapes).flatMap(([k, v]): [string, number][] => (typeof v === 'number' ? [[k, v]] : Object.entries(v as Record<string, number>).map(([f, x]) => [`${k}.${f}`, x])));
  const measured = flat.map(([k, v]) => `#   ${k}: ${Number(v.toPrecision(4))}`).join('\n');
  return `# cachetopo calibration of ${args.redis} with ${args.connections} connection(s).
# Use: cachetopo run scenario.yaml --calibration <this file>. Method: models/server/service-calibration.ts.
# Measured (server main-thread CPU per request, ns; the client's event loop on one connection and on several: wall time, busy time, server CPU per request, ns, and replies per turn):
${measured}
${stringify({ set: calibrationOverrides(fitted) })}`;
}

export async function calibrateCommand(args: CalibrateArgs): Promise<number> {
  const text = await calibrationText(args);
  if (args.out === undefined) process.stdout.write(text);
  else writeFileSync(args.out, text);
  return 0;
}
