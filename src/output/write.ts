/**
 * Writing an output folder without ever leaving a half-written file: every
 * file goes to a temporary folder beside the target first, then each is
 * renamed into place (a rename is atomic on one file system). Interrupted
 * runs remove the temporary folder.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';

/** Refuse an --out that is an existing file; create nothing yet. */
export function checkOutDir(dir: string): string {
  const abs = resolve(dir);
  if (existsSync(abs) && !statSync(abs).isDirectory()) {
    throw new InputError(`--out ${dir}: expected a folder for the outputs, found an existing file`);
  }
  return abs;
}

const pendingTemps = new Set<string>();

/** Remove temporary folders of writes still in progress (on Ctrl-C). */
export function cleanupPendingWrites(): void {
  for (const t of pendingTemps) rmSync(t, { recursive: true, force: true });
  pendingTemps.clear();
}

export function writeOutputs(dir: string, files: Record<string, string>): string[] {
  const abs = checkOutDir(dir);
  const parent = dirname(abs);
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(join(parent, `.${basename(abs)}.tmp-`));
  pendingTemps.add(tmp);
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    mkdirSync(abs, { recursive: true });
    const written: string[] = [];
    for (const name of Object.keys(files)) {
      renameSync(join(tmp, name), join(abs, name));
      written.push(join(abs, name));
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    pendingTemps.delete(tmp);
  }
}
