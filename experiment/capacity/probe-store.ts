// A capacity search's probes on disk, so an interrupted search resumes and a search with other SLOs
// reuses every probe already run: `probes/<topology>/<rate>-r<replication>-<hash>.json`, where the
// hash is the probe scenario's (the scenario at that rate, with every override) with the results
// format, so a probe of another scenario, seed, override or results format is never taken for this one. Written durably (temporary file,
// fsync, rename) and sealed with its digest (sealed-json.ts); a damaged file is moved aside as
// `<name>.damaged` with one line, and run again.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keepAside, writeDurably } from '../durable-file.js';
import { sealJson, unsealJson } from '../sealed-json.js';
import type { ReplicationResult } from '../results.js';

export interface ProbeKey {
  topology: string;
  ratePerS: number;
  replication: number;
  /** The probe scenario's hash. */
  hash: string;
}

export class ProbeStore {
  onDamaged: (message: string) => void = () => {};

  constructor(readonly dir: string) {}

  has(key: ProbeKey): boolean {
    const file = this.file(key);
    if (!existsSync(file)) return false;
    if (this.read(key) !== null) return true;
    this.onDamaged(`${file} is damaged (empty, truncated or not this probe's); kept as ${keepAside(file)} and run again`);
    return false;
  }

  put(key: ProbeKey, result: ReplicationResult): void {
    mkdirSync(join(this.dir, 'probes', key.topology), { recursive: true });
    writeDurably(this.file(key), sealJson({ ...key, result }));
  }

  get(key: ProbeKey): ReplicationResult {
    const found = this.read(key);
    if (found === null) throw new Error(`${this.file(key)} is damaged: run the same command again to redo it`);
    return found;
  }

  private read(key: ProbeKey): ReplicationResult | null {
    try {
      const stored = unsealJson(readFileSync(this.file(key), 'utf8')) as (ProbeKey & { result?: ReplicationResult }) | null;
      const sound = stored !== null && stored.hash === key.hash && stored.ratePerS === key.ratePerS && stored.replication === key.replication
        && stored.topology === key.topology && typeof stored.result?.stats === 'object';
      return sound ? stored.result! : null;
    } catch {
      return null;
    }
  }

  private file(key: ProbeKey): string {
    return join(this.dir, 'probes', key.topology, `${key.ratePerS}-r${String(key.replication).padStart(3, '0')}-${key.hash}.json`);
  }
}
