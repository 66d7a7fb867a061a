import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tmp } from './helpers.js';
import { cycles, folderOf, importGraph, parseImports, showEdges, type Edge } from './import-graph.js';

/**
 * The layering issue 8 asks for, checked on the import graph of src/ (top-level folders:
 * src/<folder>/…). These fail until the refactor is done; the message lists the offending imports.
 */

/** Modules of the forbidden folders that src/output may still import values from, each with why. */
const OUTPUT_VALUE_ALLOWED: Record<string, string> = {
  'engine/layout.ts': "the layout of RunResult's arrays (where each statistic lives): output must index them to format them",
};
const OUTPUT_FORBIDDEN = ['plan', 'engine', 'hazard', 'demand', 'impact'];
const HAZARD_FORBIDDEN = ['plan', 'output', 'cli'];

describe('import-graph checker', () => {
  it('parses static imports and exports, telling type-only ones apart', () => {
    const text = `
      // import { no } from './comment.js';
      import { a } from './a.js';
      import type { B } from '../b.js';
      import {
        type C1,
        type C2,
      } from './c.js';
      import { type D, d } from './d.js';
      import e, { type E } from './e.js';
      import * as f from './f.js';
      import './side-effect.js';
      import { readFileSync } from 'node:fs';
      export { g } from './g.js';
      export type { H } from './h.js';
      export { type I } from './i.js';
      export * from './j.js';
      export * as k from './k.js';
      export const s = "import { x } from './string.js'";
      const l = await import('./l.js');
      type M = import('./m.js').M;
    `;
    expect(parseImports(text)).toEqual([
      { specifier: './a.js', typeOnly: false },
      { specifier: '../b.js', typeOnly: true },
      { specifier: './c.js', typeOnly: true },
      { specifier: './d.js', typeOnly: false },
      { specifier: './e.js', typeOnly: false },
      { specifier: './f.js', typeOnly: false },
      { specifier: './side-effect.js', typeOnly: false },
      { specifier: 'node:fs', typeOnly: false },
      { specifier: './g.js', typeOnly: false },
      { specifier: './h.js', typeOnly: true },
      { specifier: './i.js', typeOnly: true },
      { specifier: './j.js', typeOnly: false },
      { specifier: './k.js', typeOnly: false },
      { specifier: './l.js', typeOnly: false },
      { specifier: './m.js', typeOnly: true },
    ]);
  });

  it('resolves relative imports to src files and skips packages', () => {
    const src = join(tmp('sim-graph-'), 'src');
    const file = (path: string, text: string) => {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    };
    file('a/x.ts', "import { y } from '../b/deep/y.js';\nimport { parse } from 'yaml';\nimport { w } from './w.js';\n");
    file('a/w.ts', 'export const w = 1;\n');
    file('b/deep/y.ts', "import type { X } from '../../a/x.js';\nexport const y = 1;\n");
    file('top.ts', "export { w } from './a/w.js';\n");
    const edges = importGraph(src);
    expect(edges).toEqual([
      { from: 'a/x.ts', to: 'a/w.ts', typeOnly: false },
      { from: 'a/x.ts', to: 'b/deep/y.ts', typeOnly: false },
      { from: 'b/deep/y.ts', to: 'a/x.ts', typeOnly: true },
      { from: 'top.ts', to: 'a/w.ts', typeOnly: false },
    ]);
    expect(edges.map((e) => [folderOf(e.from), folderOf(e.to)])).toEqual([
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'a'],
      ['top.ts', 'a'],
    ]);
    expect(showEdges(edges.slice(2, 3))).toBe('  src/b/deep/y.ts → src/a/x.ts (type)');
  });

  it('finds cycles (strongly connected components) and nothing in an acyclic graph', () => {
    const g = (s: string) => s.split(' ').map((p) => ({ from: p[0], to: p[1] }));
    expect(cycles(g('ab bc cd de'))).toEqual([]);
    // a diamond is not a cycle; an edge to itself is not one here
    expect(cycles(g('ab ac bd cd aa'))).toEqual([]);
    expect(cycles(g('ab ba'))).toEqual([['a', 'b']]);
    // a → b → c → a with a tail c → d, and a separate e ⇄ f reached from d
    expect(cycles(g('ab bc ca cd de ef fe'))).toEqual([
      ['a', 'b', 'c'],
      ['e', 'f'],
    ]);
    // two cycles sharing a node are one component
    expect(cycles(g('ab ba bc cb'))).toEqual([['a', 'b', 'c']]);
    expect(cycles([])).toEqual([]);
  });
});

describe('structure of src/', () => {
  const edges = importGraph(join(ROOT, 'src'));
  const between = edges.filter((e) => folderOf(e.from) !== folderOf(e.to));
  const fail = (rule: string, bad: Edge[]) => `${rule}; offending imports:\n${showEdges(bad)}`;

  it('the graph is read (guards the rules below against passing on nothing)', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(new Set(edges.map((e) => folderOf(e.from)))).toContain('hazard');
    expect(new Set(edges.map((e) => folderOf(e.from)))).toContain('output');
  });

  it('no import cycle between top-level folders (value and type imports alike)', () => {
    const found = cycles(between.map((e) => ({ from: folderOf(e.from), to: folderOf(e.to) })));
    const bad = found.flatMap((scc) => between.filter((e) => scc.includes(folderOf(e.from)) && scc.includes(folderOf(e.to))));
    expect(
      found.map((scc) => scc.join(' ⇄ ')),
      fail(`import cycles between folders of src/: ${found.map((scc) => scc.join(' ⇄ ')).join('; ')}`, bad),
    ).toEqual([]);
  });

  it(`src/hazard imports nothing from ${HAZARD_FORBIDDEN.join(', ')} (not even types)`, () => {
    const bad = between.filter((e) => folderOf(e.from) === 'hazard' && HAZARD_FORBIDDEN.includes(folderOf(e.to)));
    expect(bad.map((e) => `${e.from} → ${e.to}`), fail('hazards depend on the model core only', bad)).toEqual([]);
  });

  it(`src/output imports no values from ${OUTPUT_FORBIDDEN.join(', ')} (types are fine; allowed: ${Object.keys(OUTPUT_VALUE_ALLOWED).join(', ')})`, () => {
    const bad = between.filter((e) => folderOf(e.from) === 'output' && !e.typeOnly && OUTPUT_FORBIDDEN.includes(folderOf(e.to)) && !(e.to in OUTPUT_VALUE_ALLOWED));
    expect(bad.map((e) => `${e.from} → ${e.to}`), fail('output only formats: it takes the model’s results, it does not call the model', bad)).toEqual([]);
  });

  it('the allowed list names modules that exist and are imported (no stale entries)', () => {
    for (const m of Object.keys(OUTPUT_VALUE_ALLOWED)) {
      expect(edges.some((e) => e.to === m && folderOf(e.from) === 'output'), `${m} is allowed but src/output does not import it: drop it from OUTPUT_VALUE_ALLOWED`).toBe(true);
    }
  });
});
