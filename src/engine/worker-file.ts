/** Where a worker module's compiled file is, whether the caller runs compiled or under vitest. */
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled worker module: itself when running compiled, else its counterpart under dist/ (vitest runs the TypeScript sources). */
export function compiledWorker(file: string | URL): string {
  const path = file instanceof URL || file.startsWith('file:') ? fileURLToPath(file) : file;
  const js = path.replace(/\.ts$/, '.js');
  if (existsSync(js)) return js;
  const src = `${sep}src${sep}`;
  const k = js.lastIndexOf(src);
  const compiled = k >= 0 ? js.slice(0, k) + `${sep}dist` + js.slice(k) : js;
  if (existsSync(compiled)) return compiled;
  throw new Error(`compiled worker not found at ${compiled}: run \`npm run build\` first`);
}
