/** The program's name and version (package.json), written into every shard and checkpoint file. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** "sim 0.1.0": from the package.json above this module (src/ in tests, dist/src/ when built). */
export function programVersion(): string {
  if (cached) return cached;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const f = join(dir, 'package.json');
    if (existsSync(f)) {
      const p = JSON.parse(readFileSync(f, 'utf8')) as { name?: string; version?: string };
      if (p.name === 'sim') return (cached = `sim ${p.version ?? '?'}`);
    }
    if (dirname(dir) === dir) return (cached = 'sim (unknown version)');
  }
}
