/**
 * YAML files with positions: parse once, then name the line and column of any field path in error messages.
 *
 * Limits on every YAML input read here (scenario, plan, region hazard-parameter and back-test files),
 * so a hostile or broken file is an input error, never a crash or a hang:
 * - at most MAX_YAML_BYTES (1 MiB) of text;
 * - text only: no NUL bytes or other control characters outside quoted escapes;
 * - nesting at most MAX_YAML_DEPTH (32) levels of mappings and lists;
 * - aliases (*name) may not expand to more than the yaml library's alias budget (alias bombs).
 */
import { statSync } from 'node:fs';
import { isCollection, isPair, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { InputError } from '../core/errors.js';
import { readText } from './csv.js';

/** Largest YAML input read (1 MiB): a scenario or plan is a few kB; a region's plan.yaml a few hundred. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Deepest nesting of mappings and lists (a scenario needs about 6: hazards[0].chain.flood.parameters.x[0]). */
export const MAX_YAML_DEPTH = 32;

export interface YamlFile {
  file: string;
  data: unknown;
  /** "file:line:col" of the node at `path`, or of its nearest existing parent. */
  at(path: (string | number)[]): string;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** "scenario file" → "a scenario file" (for "expected a scenario file made of plain mappings…"). */
function thing(what: string): string {
  return `${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}`;
}

export function readYaml(file: string, what: string): YamlFile {
  let size = -1;
  try {
    const st = statSync(file);
    if (st.isFile()) size = st.size;
  } catch {
    // readText reports a missing or unreadable file with its own message
  }
  if (size > MAX_YAML_BYTES) {
    throw new InputError(`${file}: expected ${thing(what)} of at most ${mib(MAX_YAML_BYTES)} (${MAX_YAML_BYTES} bytes), found ${mib(size)} (${size} bytes)`);
  }
  const text = readText(file, what);
  const lc = new LineCounter();
  const posOf = (offset: number) => {
    const p = lc.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  // Binary junk or control characters: YAML text may hold tabs, line breaks and printable characters only.
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.exec(text);
  if (bad) {
    const before = text.slice(0, bad.index);
    const line = before.split('\n').length;
    const col = bad.index - before.lastIndexOf('\n');
    const what2 = bad[0] === '\u0000' ? 'a NUL byte (binary data?)' : `the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InputError(`${file}:${line}:${col}: expected ${thing(what)} as YAML text, found ${what2}`);
  }
  const deep = flowDepth(text);
  if (deep) {
    const before = text.slice(0, deep.index);
    const line = before.split('\n').length;
    const col = deep.index - before.lastIndexOf('\n');
    throw new InputError(`${file}:${line}:${col}: expected ${thing(what)} made of plain mappings, lists and values, found nesting deeper than ${MAX_YAML_DEPTH} levels`);
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    throw tooDeep(e, file, what) ?? e;
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    if (/call stack|too much recursion/i.test(e.message)) throw new InputError(`${file}: expected ${thing(what)} made of plain mappings, lists and values, found nesting deeper than ${MAX_YAML_DEPTH} levels`);
    let where = e.linePos?.[0] ? `${file}:${e.linePos[0].line}:${e.linePos[0].col}` : file;
    let message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    // an unclosed quote is reported where the file ends: point at the quote that opens it
    const open = e.code === 'MISSING_CHAR' && /closing .?quote/.test(message) ? openingQuote(doc, e.pos[0]) : undefined;
    if (open !== undefined) {
      where = posOf(open);
      message = `${message}: the quoted text opened here is never closed`;
    }
    throw new InputError(`${where}: YAML syntax error: ${message}`);
  }
  // Nesting of the parsed document (block indentation, which flowDepth does not see); aliases are not followed.
  const depthAt = documentDepth(doc);
  if (depthAt !== undefined) {
    throw new InputError(`${depthAt >= 0 ? posOf(depthAt) : file}: expected ${thing(what)} made of plain mappings, lists and values, found nesting deeper than ${MAX_YAML_DEPTH} levels`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof ReferenceError || /alias/i.test((e as Error)?.message ?? '')) {
      const m = (e as Error).message;
      if (/Excessive alias count/i.test(m)) {
        throw new InputError(`${file}: expected ${thing(what)} made of plain mappings, lists and values, found aliases (*name) that expand to too many nodes (an alias bomb)`);
      }
      throw new InputError(`${file}: YAML error: ${m.split('\n')[0]}`);
    }
    throw tooDeep(e, file, what) ?? e;
  }
  const at = (path: (string | number)[]): string => {
    let p = path;
    for (;;) {
      const n = (p.length ? doc.getIn(p, true) : doc.contents) as { range?: [number, number, number] } | undefined | null;
      if (n && typeof n === 'object' && n.range) return posOf(n.range[0]);
      if (p.length === 0) return file;
      p = p.slice(0, -1);
    }
  };
  return { file, data, at };
}

function tooDeep(e: unknown, file: string, what: string): InputError | undefined {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new InputError(`${file}: expected ${thing(what)} made of plain mappings, lists and values, found nesting deeper than ${MAX_YAML_DEPTH} levels`);
  }
  return undefined;
}

/**
 * Where flow brackets ([ and {) nest deeper than MAX_YAML_DEPTH, skipping quoted text and comments;
 * checked on the text so that a 100,000-deep [[[… never reaches the (recursive) parser.
 */
function flowDepth(text: string): { index: number } | undefined {
  let depth = 0;
  let quote = '';
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = '';
      }
      continue;
    }
    if (c === '\n') {
      lineStart = true;
      continue;
    }
    if (c === '#' && (lineStart || /\s/.test(text[i - 1] ?? ' '))) {
      const j = text.indexOf('\n', i);
      if (j < 0) break;
      i = j - 1;
      continue;
    }
    if (c === '"' || c === "'") {
      // a quote opens quoted text only at the start of a value, not inside a plain word (it's)
      const prev = text[i - 1] ?? ' ';
      if (/[\s[{,:-]/.test(prev) || lineStart) quote = c;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_YAML_DEPTH) return { index: i };
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    if (!/\s/.test(c)) lineStart = false;
  }
  return undefined;
}

/** Offset of a node nested deeper than MAX_YAML_DEPTH (−1 if it has no position), else undefined. Iterative. */
function documentDepth(doc: Document): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isCollection(node)) continue;
    const d = depth + 1;
    if (d > MAX_YAML_DEPTH) return (node as { range?: [number, number, number] }).range?.[0] ?? -1;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: d });
        stack.push({ node: item.value, depth: d });
      } else stack.push({ node: item, depth: d });
    }
  }
  return undefined;
}

/** Offset of the quoted scalar that an unclosed quote at `pos` belongs to. */
function openingQuote(doc: Document, pos: number): number | undefined {
  let best: number | undefined;
  let bestEnd = -1;
  visit(doc, {
    Scalar(_k, n) {
      if ((n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') && n.range && n.range[1] <= pos + 1 && n.range[1] >= bestEnd) {
        best = n.range[0];
        bestEnd = n.range[1];
      }
    },
  });
  return best;
}

/** Split "a.b[2].c" into ["a", "b", 2, "c"]. */
export function parsePath(s: string): (string | number)[] {
  return s
    .split(/\.|(?=\[)/)
    .filter((x) => x !== '')
    .map((x) => (x.startsWith('[') ? Number(x.slice(1, -1)) : x));
}
