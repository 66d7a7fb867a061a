/** What to do, synchronously, when Ctrl-C or SIGTERM stops a command (save a checkpoint) before the process exits. */
const hooks = new Set<() => void>();

export function onInterrupt(fn: () => void): () => void {
  hooks.add(fn);
  return () => hooks.delete(fn);
}

/** Run every hook; one that fails is reported, not allowed to stop the others. */
export function runInterruptHooks(): void {
  for (const fn of hooks) {
    try {
      fn();
    } catch (e) {
      process.stderr.write(`sim: while stopping: ${(e as Error).message}\n`);
    }
  }
}
