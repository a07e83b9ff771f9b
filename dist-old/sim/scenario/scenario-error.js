// A scenario problem a person can act on: which file, which line, which field, what was wrong.
export class ScenarioError extends Error {
    issues;
    constructor(issues) {
        super(issues.map(formatIssue).join('\n'));
        this.issues = issues;
        this.name = 'ScenarioError';
    }
}
/** One issue as one line: control characters from the input (a line break in a --set value) are shown escaped. */
export function formatIssue(issue) {
    const where = issue.flag ?? (issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file);
    return `${where}: ${issue.field === '' ? '' : `${issue.field}: `}${issue.message}`.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1));
}
export function formatFieldPath(path) {
    return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}
//# sourceMappingURL=scenario-error.js.map