/**
 * A content hash of plain data that depends only on the values: key order, shared references and
 * V8's internal string forms (one- or two-byte) do not change it, as they change v8.serialize's bytes.
 */
import { createHash, type Hash } from 'node:crypto';

export function contentHash(value: unknown): string {
  const h = createHash('sha256');
  feed(h, value, new Set());
  return h.digest('hex');
}

const num = Buffer.alloc(8);

function feed(h: Hash, v: unknown, path: Set<object>): void {
  if (v === null) return void h.update('n');
  switch (typeof v) {
    case 'undefined':
      return void h.update('u');
    case 'boolean':
      return void h.update(v ? 't' : 'f');
    case 'number':
      num.writeDoubleLE(v);
      h.update('d');
      return void h.update(num);
    case 'bigint':
      return void h.update(`b${v.toString()};`);
    case 'string': {
      const b = Buffer.from(v, 'utf8');
      h.update(`s${b.length}:`);
      return void h.update(b);
    }
    case 'object':
      break;
    default:
      throw new Error(`internal: cannot hash a ${typeof v}`);
  }
  const o = v as object;
  if (path.has(o)) throw new Error('internal: cannot hash a cyclic structure');
  if (ArrayBuffer.isView(o)) {
    h.update(`v${o.constructor.name}${o.byteLength}:`);
    return void h.update(new Uint8Array(o.buffer, o.byteOffset, o.byteLength));
  }
  path.add(o);
  if (Array.isArray(o)) {
    h.update(`a${o.length}[`);
    for (const x of o) feed(h, x, path);
  } else if (o instanceof Map) {
    h.update(`m${o.size}{`);
    for (const [k, x] of o) {
      feed(h, k, path);
      feed(h, x, path);
    }
  } else if (o instanceof Set) {
    h.update(`S${o.size}{`);
    for (const x of o) feed(h, x, path);
  } else {
    const keys = Object.keys(o).sort();
    h.update(`o${keys.length}{`);
    for (const k of keys) {
      feed(h, k, path);
      feed(h, (o as Record<string, unknown>)[k], path);
    }
  }
  path.delete(o);
}
