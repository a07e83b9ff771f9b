// Where each field of a loaded scenario came from, so that every problem names the place a person
// can fix: a line and column of the file, or the command-line flag (`--set`, `--vary`,
// `--calibration`) that wrote the field, or the line of the sweep axis value that did.
import { formatFieldPath, ScenarioError } from './scenario-error.js';
import { positionOf } from './source-map.js';
const startsWith = (path, prefix) => prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));
export class ScenarioSource {
    file;
    doc;
    lines;
    overrides = [];
    constructor(file, doc = null, lines = null) {
        this.file = file;
        this.doc = doc;
        this.lines = lines;
    }
    /** Records that `o.path` was written over the file (later overrides win). */
    override(o) {
        this.overrides.push(o);
    }
    /** A located issue about the field at `path` (`key`: an unknown key under it). */
    issue(path, message, key) {
        const full = key === undefined ? path : [...path, key];
        const field = formatFieldPath(full);
        const written = [...this.overrides].reverse().find((o) => startsWith(full, o.path));
        if (written?.flag !== undefined)
            return { file: this.file, flag: written.flag, line: 0, column: 0, field, message };
        const at = written?.origin ?? path;
        const pos = this.doc && this.lines ? positionOf(this.doc, this.lines, at, written ? undefined : key) : { line: 0, column: 0 };
        return { file: this.file, line: pos.line, column: pos.column, field, message };
    }
    /** A ScenarioError of one issue about the field at `path`. */
    error(path, message) {
        return new ScenarioError([this.issue(path, message)]);
    }
}
//# sourceMappingURL=scenario-source.js.map