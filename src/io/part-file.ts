/**
 * Shard, merged-simulation, sizing and checkpoint files: a header a person can read, then the
 * accumulators as compressed binary.
 *
 *   line 1   "SIMPART <formatVersion>"
 *   line 2   the header, JSON on one line (PartHeader): what the file is, what it belongs to
 *   rest     gzip(v8.serialize(payload)); its length and SHA-256 are in the header
 *
 * Written atomically: to a temporary name in the same folder, synced, then renamed, so a task killed
 * while writing (or retried by the scheduler) never leaves a file that looks whole.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InputError } from '../core/errors.js';

export const PART_FORMAT_VERSION = 1;
const MAGIC = 'SIMPART';

export type PartKind = 'simulation' | 'evaluation' | 'compare' | 'sizing' | 'checkpoint';

export interface PartHeader {
  kind: PartKind;
  /** "sim 0.1.0": parts of different versions are not merged. */
  program: string;
  /**
   * The Node.js that wrote it (process.versions.node, set by writePartFile): the payload is Node's
   * v8.serialize format, which sim reads only under the same major version.
   */
  node: string;
  /** Absolute path of the scenario file (shared storage: the same on every node). */
  scenario: string;
  /** SHA-256 of the compiled run (region, hazards, parameters, plans evaluated; not the seed or trial count). */
  specHash: string;
  seed: string;
  trials: number;
  blockSize: number;
  rng: string;
  /** Which shard, and its blocks; a merged or single-process file is shard 0 of 1. */
  shard: { index: number; count: number; firstBlock: number; nBlocks: number };
  /** What else the kind needs to be merged (plan files, the sizing file, …). */
  context: Record<string, unknown>;
  /** The process's own figures (host, wall time, memory): reported by merge, never compared. */
  engine: Record<string, unknown>;
  payload?: { bytes: number; sha256: string };
}

export interface PartFile<P = unknown> {
  file: string;
  header: PartHeader;
  /** Read on demand (large): `sim merge` checks every header before decompressing any payload. */
  payload(): P;
}

/** Write header and payload to `file` atomically (folders created). Returns the bytes written. */
export function writePartFile(file: string, header: Omit<PartHeader, 'payload' | 'node'>, payload: unknown): number {
  const body = gzipSync(serialize(payload), { level: 1 });
  const full: PartHeader = { ...header, node: process.versions.node, payload: { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') } };
  const head = Buffer.from(`${MAGIC} ${PART_FORMAT_VERSION}\n${JSON.stringify(full)}\n`, 'utf8');
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeAll(fd, head);
      writeAll(fd, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new InputError(`${file}: could not write (${(e as Error).message})`);
  }
  try {
    const d = openSync(dir, 'r');
    try {
      fsyncSync(d); // the rename itself survives a crash
    } finally {
      closeSync(d);
    }
  } catch {
    // some file systems cannot sync a folder: the rename is still atomic
  }
  return head.length + body.length;
}

function writeAll(fd: number, b: Buffer): void {
  for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
}

const major = (v: string): string => v.split('.')[0];

/**
 * Refuse a file written under another Node.js major version before its data is read: v8.serialize's
 * format follows V8, and nothing promises one major reads another's (cluster nodes on different
 * images would otherwise fail deep in deserialize, or read it wrongly).
 */
function checkNode(file: string, node: unknown): void {
  if (typeof node !== 'string' || !/^\d+\./.test(node))
    throw new InputError(`${file}: its header does not say which Node.js wrote it (field "node", found ${JSON.stringify(node)}): written by an earlier build of sim; rerun this shard`);
  if (major(node) !== major(process.versions.node))
    throw new InputError(
      `${file}: written under Node.js ${node}, this is Node.js ${process.versions.node}: shard data is in Node's own serialization format, read only under the same major version; run every shard, merge, plan, evaluation and resumed checkpoint with one Node.js major (one image or checkout on every node)`,
    );
}

/** Read a file's header (and, lazily, its payload), or an input error naming the file and what is wrong. */
export function readPartFile<P = unknown>(file: string, expected?: PartKind[]): PartFile<P> {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, expected a shard file' : `cannot read (${(e as Error).message})`}`);
  }
  const nl1 = buf.indexOf(10);
  const first = buf.subarray(0, nl1 < 0 ? Math.min(buf.length, 40) : nl1).toString('utf8');
  const m = /^SIMPART (\d+)$/.exec(first);
  if (!m) throw new InputError(`${file}: expected a sim shard file (first line "${MAGIC} ${PART_FORMAT_VERSION}"), found ${JSON.stringify(first.slice(0, 40))}`);
  if (Number(m[1]) !== PART_FORMAT_VERSION) throw new InputError(`${file}: written in shard-file format ${m[1]}, this sim reads format ${PART_FORMAT_VERSION}: rerun the shards with this version`);
  const nl2 = buf.indexOf(10, nl1 + 1);
  let header: PartHeader;
  try {
    if (nl2 < 0) throw new Error('no end of header');
    header = JSON.parse(buf.subarray(nl1 + 1, nl2).toString('utf8')) as PartHeader;
  } catch (e) {
    throw new InputError(`${file}: line 2: expected the shard header (JSON), found something unreadable (${(e as Error).message}); the file is damaged`);
  }
  if (expected && !expected.includes(header.kind)) throw new InputError(`${file}: expected a ${expected.join(' or ')} file, found a ${header.kind} file`);
  checkNode(file, header.node);
  const body = buf.subarray(nl2 + 1);
  return {
    file,
    header,
    payload: () => {
      const want = header.payload;
      if (!want || body.length !== want.bytes) throw new InputError(`${file}: expected ${want?.bytes ?? '?'} bytes of data after the header, found ${body.length}: the file is truncated or damaged`);
      if (createHash('sha256').update(body).digest('hex') !== want.sha256) throw new InputError(`${file}: the data does not match its checksum: the file is damaged; rerun this shard`);
      return deserialize(gunzipSync(body)) as P;
    },
  };
}
