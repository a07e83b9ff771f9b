// CSV text for every CSV cachetopo writes: quoting by csv-stringify, and OWASP's rule against CSV
// injection: a text cell that begins with =, +, -, @, a tab or a carriage return (a spreadsheet
// would run it as a formula) is written with a single quote in front. Numbers are written as they are.
import { stringify } from 'csv-stringify/sync';
const FORMULA_START = /^[=+\-@\t\r]/;
/** A text cell a spreadsheet will show as text. */
export function safeCell(text) {
    return FORMULA_START.test(text) ? `'${text}` : text;
}
export function csvText(rows) {
    return stringify(rows, { cast: { string: safeCell } });
}
//# sourceMappingURL=csv-text.js.map