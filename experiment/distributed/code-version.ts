// What identifies this build's model, so that a worker never runs a job planned by another build
// (its results could differ): the package version, then SHA-256 over the compiled files of the
// floors a run executes (sim, models, experiment, reports) in path order, the V8 version (its Math
// functions and number formatting are part of the results) and the installed version of every
// runtime dependency, first 12 hex digits: `0.1.0+3f9a…`. Computed once per process.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const FLOORS = ['sim', 'models', 'experiment', 'reports'];
let cached: string | null = null;

interface PackageJson {
  version: string;
  dependencies?: Record<string, string>;
}

const readJson = (file: string): PackageJson => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

/** The version of `name` as Node would resolve it from `from` (the nearest node_modules up the tree), or "missing". */
function installedVersion(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return readJson(file).version;
    if (dirname(dir) === dir) return 'missing';
  }
}

export function codeVersion(): string {
  if (cached !== null) return cached;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const files = FLOORS.flatMap((floor) => readdirSync(join(root, floor), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(js|ts)$/.test(e.name) && !/\.test\.(js|ts)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name)))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  const pkgFile = [join(root, 'package.json'), join(root, '..', 'package.json')].find((f) => existsSync(f))!;
  const pkg = readJson(pkgFile);
  hash.update(`v8 ${process.versions.v8}\0`);
  for (const name of Object.keys(pkg.dependencies ?? {}).sort()) hash.update(`${name}@${installedVersion(name, dirname(pkgFile))}\0`);
  cached = `${pkg.version}+${hash.digest('hex').slice(0, 12)}`;
  return cached;
}
