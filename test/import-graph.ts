/**
 * The import graph of src/, for test/structure.test.ts. Parsed with the
 * TypeScript compiler (not regular expressions), so multi-line imports,
 * comments and strings that merely contain "import" are read right.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

export interface ImportRef {
  specifier: string;
  /** Erased at compile time: `import type`, `export type … from`, or every named binding marked `type`. */
  typeOnly: boolean;
}

/** An import of one src file by another; paths relative to src/, with '/'. */
export interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** A named list that is non-empty and all `type`: `import { type A, type B }` imports nothing at run time. */
function allTypeOnly(elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>): boolean {
  return elements.length > 0 && elements.every((e) => e.isTypeOnly);
}

/**
 * The module specifiers a file imports: static `import … from`, side-effect `import '…'`, `export … from`,
 * and also `import('…')` calls (value) and `import('…').T` types (type), so no dependency hides from the rules.
 */
export function parseImports(text: string, fileName = 'module.ts'): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!c.namedBindings && ts.isNamedImports(c.namedBindings) && allTypeOnly(c.namedBindings.elements)));
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const e = node.exportClause;
      const typeOnly = node.isTypeOnly || (!!e && ts.isNamedExports(e) && allTypeOnly(e.elements));
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      refs.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      refs.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return tsFiles(p);
    return d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every relative import between files of `srcDir` (packages and node: modules are not edges). Sorted. */
export function importGraph(srcDir: string): Edge[] {
  const edges: Edge[] = [];
  for (const file of tsFiles(srcDir)) {
    const from = relative(srcDir, file).split(sep).join('/');
    for (const ref of parseImports(readFileSync(file, 'utf8'), file)) {
      if (!ref.specifier.startsWith('.')) continue;
      // NodeNext: sources import './x.js' for './x.ts'
      const to = posix.normalize(posix.join(posix.dirname(from), ref.specifier)).replace(/\.js$/, '.ts');
      if (to.startsWith('../')) continue; // outside src/: not part of its structure
      edges.push({ from, to, typeOnly: ref.typeOnly });
    }
  }
  return edges.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || Number(a.typeOnly) - Number(b.typeOnly));
}

/** The top-level folder of a path relative to src/ ("hazard/fire/index.ts" → "hazard"); a file directly in src/ is its own folder. */
export function folderOf(path: string): string {
  return path.split('/')[0];
}

/**
 * The cycles of a directed graph: its strongly connected components of two or more nodes
 * (Tarjan), each sorted, sorted by first node. A node's edge to itself is not a cycle here
 * (a folder importing its own files is fine).
 */
export function cycles(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    if (from !== to) next.get(from)!.push(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** "from → to" (with "(type)" for a type-only import), one per line, for failure messages. */
export function showEdges(edges: readonly Edge[]): string {
  return edges.map((e) => `  src/${e.from} → src/${e.to}${e.typeOnly ? ' (type)' : ''}`).join('\n');
}
