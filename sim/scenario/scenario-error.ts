// A scenario problem a person can act on: which file, which line, which field, what was wrong.

export interface ScenarioIssue {
  file: string;
  /** The command-line flag that wrote the field, when it came from one: it is named instead of the file. */
  flag?: string;
  line: number;
  column: number;
  /** Dotted field path, e.g. "topologies[0].nodeTimeout"; empty for the whole document. */
  field: string;
  message: string;
}

export class ScenarioError extends Error {
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** One issue as one line: control characters from the input (a line break in a --set value) are shown escaped. */
export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.flag ?? (issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file);
  return `${where}: ${issue.field === '' ? '' : `${issue.field}: `}${issue.message}`.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1));
}

export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}
