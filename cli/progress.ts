// Progress with ETA on stderr, only when stderr is a terminal (never in pipes or CI logs).

export interface ProgressLine {
  update(fraction: number, events: number): void;
  done(): void;
}

export function progressLine(label: string, enabled: boolean): ProgressLine {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, done: () => {} };
  const started = performance.now();
  let last = 0;
  return {
    update(fraction, events) {
      const now = performance.now();
      if (now - last < 200 && fraction < 1) return;
      last = now;
      const elapsedS = (now - started) / 1000;
      const eta = fraction > 0 ? (elapsedS * (1 - fraction)) / fraction : NaN;
      const width = 30;
      const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
      const rate = elapsedS > 0 ? `${(events / elapsedS / 1e6).toFixed(2)}M ev/s` : '';
      process.stderr.write(`\r${label} [${bar}] ${(100 * fraction).toFixed(0).padStart(3)}% ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)}s` : '?'} ${rate}   `);
    },
    done() {
      process.stderr.write('\n');
    },
  };
}
