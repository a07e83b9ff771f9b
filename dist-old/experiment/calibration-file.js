// `--calibration FILE` (run, sweep, validate): a file written by `cachetopo calibrate`, whose `set:`
// mapping holds scenario overrides (path → value, as --set takes them). A path starting with
// `topologies.*.` applies to every topology entry that has a Redis server (all kinds but
// local-only). The overrides come before the command line's --set, which can still change them.
import { parse } from 'yaml';
import { ScenarioError } from '../sim/scenario/scenario-error.js';
import { readScenarioText } from './load-scenario.js';
export function calibrationSets(calibrationFile, scenarioFile) {
    if (calibrationFile === undefined)
        return [];
    const overrides = readYaml(calibrationFile, 'calibration');
    if (overrides === null || typeof overrides.set !== 'object' || overrides.set === null) {
        throw fileError(calibrationFile, 'expected a "set:" mapping of scenario paths to values (as written by cachetopo calibrate)');
    }
    const topologies = scenarioTopologies(scenarioFile);
    const names = topologies.filter((t) => t.kind !== 'local-only').map((t) => String(t.name));
    return Object.entries(overrides.set).flatMap(([path, value]) => {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        return path.startsWith('topologies.*.') ? names.map((n) => `topologies.${n}.${path.slice('topologies.*.'.length)}=${text}`) : [`${path}=${text}`];
    });
}
/** The scenario's topology entries as written, or none when it cannot be read (its own problems are reported when it is loaded). */
function scenarioTopologies(file) {
    try {
        const data = parse(readScenarioText(file));
        const list = Array.isArray(data?.topologies) ? data.topologies : [];
        return list.filter((t) => typeof t === 'object' && t !== null);
    }
    catch {
        return [];
    }
}
function readYaml(file, what) {
    try {
        return parse(readScenarioText(file));
    }
    catch (error) {
        throw fileError(file, `cannot read the ${what}: ${(error instanceof ScenarioError ? error.issues[0].message : error.message).split('\n')[0]}`);
    }
}
function fileError(file, message) {
    return new ScenarioError([{ file, line: 0, column: 0, field: '', message }]);
}
//# sourceMappingURL=calibration-file.js.map