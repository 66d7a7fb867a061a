/** Files shipped with sim: datasets/ at the repository root, found from this module (src/io, or dist/src/io once compiled). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function bundledDatasets(...parts: string[]): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = here.includes(join('dist', 'src')) ? join(here, '..', '..', '..') : join(here, '..', '..');
  return join(root, 'datasets', ...parts);
}
