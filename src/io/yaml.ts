/** YAML files with positions: parse once, then name the line and column of any field path in error messages. */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { InputError } from '../core/errors.js';
import { readText } from './csv.js';

export interface YamlFile {
  file: string;
  data: unknown;
  /** "file:line:col" of the node at `path`, or of its nearest existing parent. */
  at(path: (string | number)[]): string;
}

export function readYaml(file: string, what: string): YamlFile {
  const text = readText(file, what);
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new InputError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const at = (path: (string | number)[]): string => {
    let p = path;
    for (;;) {
      const n = (p.length ? doc.getIn(p, true) : doc.contents) as { range?: [number, number, number] } | undefined | null;
      if (n && typeof n === 'object' && n.range) {
        const pos = lc.linePos(n.range[0]);
        return `${file}:${pos.line}:${pos.col}`;
      }
      if (p.length === 0) return file;
      p = p.slice(0, -1);
    }
  };
  return { file, data: doc.toJS(), at };
}

/** Split "a.b[2].c" into ["a", "b", 2, "c"]. */
export function parsePath(s: string): (string | number)[] {
  return s
    .split(/\.|(?=\[)/)
    .filter((x) => x !== '')
    .map((x) => (x.startsWith('[') ? Number(x.slice(1, -1)) : x));
}
