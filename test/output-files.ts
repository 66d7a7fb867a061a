/** Reading a command's output folder for byte-for-byte comparisons (tests of shards and checkpoints). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every output file's text, summary.json without `engine` and report.md without the solver's seconds. */
export function outputsOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    let text = readFileSync(join(dir, f), 'utf8');
    if (f === 'summary.json' || f === 'comparison.json') text = withoutEngine(text);
    if (f === 'report.md') text = text.replace(/^(\| (?:stockpiles|teams|shelters|救灾物资储备|应急救援队伍|应急避难场所) \|.*\| )[0-9.]+ \|$/gm, '$1… |');
    out[f] = text;
  }
  return out;
}

/** The file's text with its top-level "engine" block cut out, the rest untouched (byte-identical outside engine). */
export function withoutEngine(text: string): string {
  const start = text.indexOf('\n  "engine": {');
  if (start < 0) throw new Error('no engine block');
  const end = text.indexOf('\n  }', start);
  const after = text.slice(end + 4);
  // the block is followed by ",\n" or is the last key ("\n}")
  return after.startsWith(',') ? text.slice(0, start) + after.slice(1) : text.slice(0, start).replace(/,$/, '') + after;
}

