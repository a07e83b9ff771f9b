// Progress with ETA and events/s on stderr: a bar redrawn in place when stderr is a terminal;
// otherwise (pipes, CI logs) a plain line every `plainEveryS` seconds, or nothing if 0.
const SILENT = { update: () => { }, suffix: () => { }, done: () => { } };
export function progressLine(label, enabled, plainEveryS = 0) {
    const tty = process.stderr.isTTY === true;
    if (!enabled || (!tty && plainEveryS <= 0))
        return SILENT;
    const started = performance.now();
    let last = 0;
    let drawn = false;
    let after = '';
    let figures = { fraction: 0, events: 0, note: '' };
    return {
        update(fraction, events, note = '') {
            figures = { fraction, events, note };
            const now = performance.now();
            if (now - last < (tty ? 200 : plainEveryS * 1000) && fraction < 1)
                return;
            last = now;
            if (after !== '')
                note = note === '' ? after : `${note} · ${after}`;
            const elapsedS = (now - started) / 1000;
            const eta = fraction > 0 ? (elapsedS * (1 - fraction)) / fraction : NaN;
            const rate = elapsedS > 0 ? `${(events / elapsedS / 1e6).toFixed(2)}M ev/s` : '';
            const status = `${(100 * fraction).toFixed(0).padStart(3)}% ${note} ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)}s` : '?'} ${rate}`;
            if (tty) {
                const width = 30;
                const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
                process.stderr.write(`\r${label} [${bar}] ${status}   `);
                drawn = true;
            }
            else
                process.stderr.write(`${label}: ${status}\n`);
        },
        suffix(text) {
            after = text;
            last = 0;
            this.update(figures.fraction, figures.events, figures.note);
        },
        done() {
            if (drawn)
                process.stderr.write('\n');
        },
    };
}
//# sourceMappingURL=progress.js.map