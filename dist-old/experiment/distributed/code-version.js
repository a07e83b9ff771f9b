// What identifies this build's model, so that a worker never runs a job planned by another build
// (its results would differ): the package version, then SHA-256 over the compiled files of the
// floors a run executes (sim, models, experiment, reports), in path order, first 12 hex digits:
// `0.1.0+3f9a…`. Computed once per process.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
const FLOORS = ['sim', 'models', 'experiment', 'reports'];
let cached = null;
export function codeVersion() {
    if (cached !== null)
        return cached;
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const files = FLOORS.flatMap((floor) => readdirSync(join(root, floor), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.(js|ts)$/.test(e.name) && !/\.test\.(js|ts)$/.test(e.name))
        .map((e) => join(e.parentPath, e.name)))
        .sort();
    const hash = createHash('sha256');
    for (const f of files)
        hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
    const pkg = [join(root, 'package.json'), join(root, '..', 'package.json')].find((f) => existsSync(f));
    const { version } = JSON.parse(readFileSync(pkg, 'utf8'));
    cached = `${version}+${hash.digest('hex').slice(0, 12)}`;
    return cached;
}
//# sourceMappingURL=code-version.js.map