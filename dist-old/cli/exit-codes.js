// The CLI's exit codes: 0 ok, 1 the run failed, 2 bad input (scenario, flags, files named on the
// command line). Every failure is one line on stderr; a stack trace only with --debug.
import { formatIssue, ScenarioError } from '../sim/scenario/scenario-error.js';
import { OutputFolderRefused, OutputWriteError } from '../reports/run-folder.js';
export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** Bad input found by a command (a flag, a file it names). */
export class UsageError extends Error {
}
/** A command that ran and failed for a reason its message states in full (no stack trace helps): exit 1. */
export class CommandFailed extends Error {
}
/** The most problems printed for one bad input; the rest are counted on the last line. */
const MAX_ISSUE_LINES = 3;
const oneLine = (text) => text.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1));
/** Prints an error the way a person can act on it and returns the exit code it deserves. */
export function reportError(error, debug = false) {
    if (error instanceof ScenarioError) {
        const lines = error.issues.slice(0, MAX_ISSUE_LINES).map(formatIssue);
        const more = error.issues.length - lines.length;
        if (more > 0)
            lines[lines.length - 1] += ` (and ${more} more problem${more === 1 ? '' : 's'})`;
        process.stderr.write(`${lines.join('\n')}\n`);
        if (debug && error.stack)
            process.stderr.write(`${error.stack}\n`);
        return EXIT_BAD_INPUT;
    }
    if (error instanceof UsageError || error instanceof OutputFolderRefused) {
        process.stderr.write(`${oneLine(error.message)}\n`);
        if (debug && error.stack)
            process.stderr.write(`${error.stack}\n`);
        return EXIT_BAD_INPUT;
    }
    if (error instanceof OutputWriteError || error instanceof CommandFailed) {
        process.stderr.write(`cachetopo: ${oneLine(error.message)}\n`);
        if (debug && error.stack)
            process.stderr.write(`${error.stack}\n`);
        return EXIT_RUN_FAILED;
    }
    const message = oneLine(error instanceof Error ? error.message.split('\n')[0] : String(error));
    process.stderr.write(`cachetopo: the run failed: ${message}${debug ? '' : ' (run again with --debug for the stack trace)'}\n`);
    if (debug)
        process.stderr.write(`${error instanceof Error ? error.stack ?? '' : ''}${error instanceof Error && error.cause instanceof Error ? `\ncaused by: ${error.cause.stack}` : ''}\n`);
    return EXIT_RUN_FAILED;
}
//# sourceMappingURL=exit-codes.js.map