#!/usr/bin/env node
// Compare a sharded run's output folder with a single-process run's.
//
//   node scripts/cluster/compare-outputs.mjs REFERENCE_DIR CANDIDATE_DIR
//
// Both folders must hold the same file names. summary.json (comparison.json for sim compare) must be
// equal outside its `engine` key (workers, wall times, memory: how the run went, not what it found),
// compared as JSON re-serialised with 2-space indent. report.md is compared with the timing cells of its solver table masked (the
// solver's seconds differ from run to run). Every other file must be equal byte for byte.
// Prints one line per file and a last line `PASS …` or `FAIL …`; exits 0 on PASS, 1 on FAIL.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [reference, candidate] = process.argv.slice(2);
if (!reference || !candidate) {
  console.error('usage: compare-outputs.mjs REFERENCE_DIR CANDIDATE_DIR');
  process.exit(2);
}

const files = (dir) => readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()).sort();

function withoutEngine(path) {
  const summary = JSON.parse(readFileSync(path, 'utf8'));
  delete summary.engine;
  return JSON.stringify(summary, null, 2);
}

// The only run-dependent numbers in report.md are the solver seconds: the last cell of the rows of the
// sizing table, whose cell before it is a count. Mask a trailing `| 1.31 |` cell on table rows.
function maskTimings(text) {
  return text.replace(/^(\|.*\|) *\d+(?:\.\d+)? *\|$/gm, (row, head) =>
    /highs|lp|solver|最优|optimal/i.test(row) ? `${head} * |` : row,
  );
}

let failed = 0;
const a = files(reference);
const b = files(candidate);
for (const f of a.filter((f) => !b.includes(f))) { console.log(`MISSING  ${f} (only in ${reference})`); failed++; }
for (const f of b.filter((f) => !a.includes(f))) { console.log(`EXTRA    ${f} (only in ${candidate})`); failed++; }

for (const f of a.filter((f) => b.includes(f))) {
  const pa = join(reference, f);
  const pb = join(candidate, f);
  let same;
  let how;
  if (f === 'summary.json' || f === 'comparison.json') {
    same = withoutEngine(pa) === withoutEngine(pb);
    how = 'equal outside engine';
  } else if (f === 'report.md') {
    same = maskTimings(readFileSync(pa, 'utf8')) === maskTimings(readFileSync(pb, 'utf8'));
    how = 'equal outside solver seconds';
  } else {
    same = readFileSync(pa).equals(readFileSync(pb));
    how = 'byte for byte';
  }
  console.log(`${same ? 'same    ' : 'DIFFERS '} ${f} (${how})`);
  if (!same) failed++;
}

if (failed === 0) {
  console.log(`PASS ${candidate} matches ${reference} (${a.length} files)`);
} else {
  console.log(`FAIL ${candidate} differs from ${reference} in ${failed} file(s)`);
  process.exit(1);
}
