/**
 * A progress bar on stderr, only on a terminal and only once a run has taken more than about two seconds.
 * With SIM_READY_LINE=1 in the environment, one line "sim: simulating" on stderr when the first trials are
 * done: a readiness signal for scripts and tests (e.g. to interrupt a run once it is really running).
 */
export function progressBar(enabled: boolean): { update(done: number, total: number): void; phase(label: string): void; finish(): void } {
  const start = Date.now();
  let shown = false;
  let last = 0;
  let label = 'simulating';
  let phaseStart = start;
  let ready = process.env.SIM_READY_LINE !== '1';
  return {
    /** A new phase: its label leads the bar; a phase without trials (sizing) shows its label alone. */
    phase(next) {
      label = next;
      phaseStart = Date.now();
      if (!enabled || Date.now() - start < 2000) return;
      shown = true;
      process.stderr.write(`\r${`${label}…`.padEnd(90)}`);
    },
    update(done, total) {
      if (!ready) {
        ready = true;
        process.stderr.write('sim: simulating\n');
      }
      if (!enabled) return;
      const now = Date.now();
      if (now - start < 2000 || now - last < 100) return;
      last = now;
      shown = true;
      const w = 30;
      const f = Math.min(1, done / total);
      const eta = f > 0 ? ((now - phaseStart) / f - (now - phaseStart)) / 1000 : 0;
      process.stderr.write(`\r${label} [${'#'.repeat(Math.round(f * w)).padEnd(w, '.')}] ${(f * 100).toFixed(0).padStart(3)} %  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} trials  ~${eta.toFixed(0)} s left `);
    },
    finish() {
      if (shown) process.stderr.write('\r' + ' '.repeat(90) + '\r');
    },
  };
}
