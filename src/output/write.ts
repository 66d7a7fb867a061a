/**
 * The output folder (--out), replaced as a whole so that it never mixes two runs.
 *
 * Design (rename-aside, chosen over a symlink swap because planners copy, zip and open output
 * folders on Windows, where symlinks need admin rights and a junction cannot be renamed over
 * atomically; `<out>` stays a plain folder everywhere). Every name sim uses sits beside `<out>`,
 * in its parent folder, and its name says what state it is in:
 *
 *   .<name>.sim-lock       the lock: "pid\nhost\n", created with O_EXCL; a dead pid's lock is taken over
 *   .<name>.sim-tmp-ID     the new outputs being written: incomplete by definition, always deleted
 *   .<name>.sim-new-ID     the new outputs, complete (tmp- renamed once every file is written and synced)
 *   .<name>.sim-old-ID     the previous outputs, complete, moved aside
 *   .<name>.sim-del-ID     a folder being deleted: always deleted
 *
 * A run: lock; recover (below); check <out> is sim's; create tmp- and write a probe file (all of this
 * before simulating, so an unwritable --out fails fast); simulate; write every file into tmp-; rename
 * tmp- → new-; rename <out> → old-; rename new- → <out>; rename old- → del-; delete del-; unlock.
 * rename(2) cannot replace a non-empty folder, hence the step aside.
 *
 * Recovery, under the lock, before anything else: delete tmp- and del-; if a new- exists, finish its
 * swap (<out> → old-, new- → <out>); else if <out> is missing and an old- exists, put it back; delete
 * the remaining old-. Each recovery step leaves a state recovery handles again, so a kill at any
 * moment, even during recovery, leaves <out> as the previous complete set or the new complete one;
 * the one exception is the instant between the two renames of the swap, when <out> is missing and
 * both complete sets are in old- and new-: the next sim run on that --out puts new- in place first.
 *
 * Only files and folders with these names, and the output files sim writes, are ever removed:
 * an existing --out holding anything else is refused, not replaced.
 */
import { accessSync, closeSync, constants, fsyncSync, writeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';

/** Every file any sim command writes into an output folder. */
export const OUTPUT_FILES: ReadonlySet<string> = new Set([
  'summary.json',
  'townships.csv',
  'report.md',
  'report.html',
  'plan.csv',
  'plan.yaml',
  'purchases.csv',
  'moves.csv',
  'teams-plan.csv',
  'shelters-plan.csv',
  'comparison.json',
  'comparison.csv',
  'comparison.md',
  'comparison.html',
  'backtest.csv',
  'backtest.md',
  'ep.csv',
  'ylt.csv',
  'elt.csv',
  'townships.geojson',
  'depots.geojson',
]);

/** Files the operating system's file browsers drop into any folder they show: not the user's work. */
const OS_LITTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

type State = 'tmp' | 'new' | 'old' | 'del';

/** How the files are written (replaced in unit tests to simulate a full disk). */
export interface WriteIo {
  writeFile(path: string, content: string): void;
}

const fsIo: WriteIo = {
  writeFile(path, content) {
    const fd = openSync(path, 'wx');
    try {
      writeFileSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
};

/** Write one file, naming it in the error (writes on a descriptor do not say which file). */
function writeNamed(io: WriteIo, path: string, content: string): void {
  try {
    io.writeFile(path, content);
  } catch (e) {
    if (e && typeof e === 'object' && !(e as NodeJS.ErrnoException).path) (e as NodeJS.ErrnoException).path = path;
    throw e;
  }
}

/**
 * SIM_TEST_CRASH_AT=<point> kills the process (SIGKILL: no exit handlers, no cleanup) at that point,
 * so tests can check what every kill leaves. Points, in order: after-lock, after-prepare, writing
 * (after the first file), after-complete, after-aside, after-swap, after-trash, before-unlock.
 */
function crashPoint(point: string): void {
  if (process.env.SIM_TEST_CRASH_AT === point) {
    process.kill(process.pid, 'SIGKILL');
    throw new Error(`SIM_TEST_CRASH_AT=${point}: still alive after SIGKILL`);
  }
}

interface Location {
  /** --out as given, for messages. */
  shown: string;
  /** resolve(--out): the paths printed after a run. */
  abs: string;
  /** The folder renamed: abs, or where the symbolic link abs points. */
  real: string;
  parent: string;
  base: string;
}

/** The lock file of an output folder (for tests and the README). */
export function lockFileOf(outDir: string): string {
  const l = locate(outDir);
  return sibling(l, 'lock');
}

function sibling(l: Location, what: State | 'lock' | 'lock-takeover', id?: string): string {
  return join(l.parent, `.${l.base}.sim-${what}${id ? `-${id}` : ''}`);
}

function siblings(l: Location): { state: State; id: string; path: string }[] {
  const prefix = `.${l.base}.sim-`;
  const out: { state: State; id: string; path: string }[] = [];
  let names: string[];
  try {
    names = readdirSync(l.parent);
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    if (!n.startsWith(prefix)) continue;
    const m = /^(tmp|new|old|del)-([A-Za-z0-9]+)$/.exec(n.slice(prefix.length));
    if (m) out.push({ state: m[1] as State, id: m[2], path: join(l.parent, n) });
  }
  return out;
}

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch (e) {
    if (isCode(e, 'ENOENT', 'ENOTDIR')) return null;
    throw e;
  }
}

function isCode(e: unknown, ...codes: string[]): boolean {
  return codes.includes((e as NodeJS.ErrnoException)?.code ?? '');
}

/** What was found instead of a writable folder, for "expected …, found …". */
function foundText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  const path = typeof err?.path === 'string' ? err.path : '';
  const denied: Record<string, string> = { EACCES: 'a read-only folder', EPERM: 'a read-only folder', EROFS: 'a read-only file system' };
  // the folder in which a file or folder could not be created, renamed or removed
  if (denied[code]) return `${denied[code]}${path ? ` at ${dirname(path)}` : ''} (${code})`;
  const full: Record<string, string> = { ENOSPC: 'no space left on the disk', EDQUOT: 'the disk quota used up', EIO: 'a disk error', EFBIG: 'a file too large for the file system' };
  const file = path ? basename(path) : '';
  if (full[code]) return `${full[code]} (${code})${file && !file.startsWith('.') ? ` while writing ${file}` : ''}`;
  const other: Record<string, string> = {
    ENOTDIR: 'a file where a folder is needed',
    ENAMETOOLONG: 'a path too long for the file system',
    EBUSY: 'a folder in use by another program (is one of its files open?)',
    EINVAL: 'a name the file system does not accept',
    ELOOP: 'a loop of symbolic links',
  };
  if (other[code]) return `${other[code]}${path ? ` at ${path}` : ''} (${code})`;
  return `an error${path ? ` at ${path}` : ''}: ${err?.message ?? String(e)}`;
}

function writeError(shown: string, e: unknown, after = ''): InputError {
  if (e instanceof InputError) return e;
  return new InputError(`--out ${shown}: expected a folder sim can write, found ${foundText(e)}${after}`);
}

/** Where --out is, refusing what can never be an output folder. No side effects. */
function locate(dir: string): Location {
  if (dir.trim() === '') throw new InputError(`--out: expected a folder path, found ${dir === '' ? 'an empty string' : 'only spaces'}`);
  const abs = resolve(dir);
  let real = abs;
  for (let hops = 0; hops < 40; hops++) {
    const st = lstatOrNull(real);
    if (!st?.isSymbolicLink()) break;
    real = resolve(dirname(real), readlinkSync(real));
  }
  if (dirname(real) === real) throw new InputError(`--out ${dir}: expected a folder below the root, found the root of the file system`);
  const l: Location = { shown: dir, abs, real, parent: dirname(real), base: basename(real) };
  const st = lstatOrNull(real);
  if (st && !st.isDirectory()) throw new InputError(`--out ${dir}: expected a folder for the outputs, found an existing file`);
  if (st) {
    const cwd = process.cwd();
    if (cwd === real) throw new InputError(`--out ${dir}: expected a folder for the outputs, found the current folder (sim replaces the whole folder)`);
    if (cwd.startsWith(real.endsWith(sep) ? real : real + sep)) throw new InputError(`--out ${dir}: expected a folder for the outputs, found a folder containing the current folder (sim replaces the whole folder)`);
  } else {
    // the nearest existing ancestor must be a folder
    for (let p = dirname(real); ; p = dirname(p)) {
      const a = lstatOrNull(p);
      if (a) {
        if (!statSync(p).isDirectory()) throw new InputError(`--out ${dir}: expected a folder path, found a file in the way: ${p} is a file (ENOTDIR)`);
        break;
      }
      if (dirname(p) === p) break;
    }
  }
  return l;
}

/** Refuse an existing --out that holds anything sim did not write (it would be deleted), or that sim may not write. */
function assertReplaceable(l: Location): void {
  const st = lstatOrNull(l.real);
  if (!st) return;
  if (!st.isDirectory()) throw new InputError(`--out ${l.shown}: expected a folder for the outputs, found an existing file`);
  const foreign = readdirSync(l.real, { withFileTypes: true })
    .filter((e) => !(e.isFile() && (OUTPUT_FILES.has(e.name) || OS_LITTER.has(e.name))))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
  if (foreign.length > 0) {
    const list = foreign.length > 3 ? `${foreign.slice(0, 3).join(', ')} and ${foreign.length - 3} more` : foreign.join(', ');
    throw new InputError(`--out ${l.shown}: expected a new or empty folder, or one sim wrote, found a folder with other files (${list}); sim replaces the whole folder, so choose another --out or move them`);
  }
  try {
    accessSync(l.real, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EACCES';
    throw new InputError(`--out ${l.shown}: expected a folder sim can write, found a read-only ${code === 'EROFS' ? 'file system' : 'folder'} (${code})`);
  }
}

interface LockHolder {
  pid: number;
  host: string;
}

function readHolder(path: string): LockHolder | null | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (isCode(e, 'ENOENT')) return null;
    return 'unreadable';
  }
  const [pid, host] = text.split('\n');
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 && host ? { pid: n, host } : 'unreadable';
}

function isAlive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true; // cannot tell: assume it runs
  if (h.pid === process.pid) return false; // an earlier process with our pid: dead
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return isCode(e, 'EPERM');
  }
}

/** Create a lock-like file with O_EXCL; false if it exists. */
function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if (isCode(e, 'EEXIST')) return false;
    throw e;
  }
  try {
    writeFileSync(fd, `${process.pid}\n${hostname()}\n`);
  } catch (e) {
    closeSync(fd);
    unlinkSync(path); // ours, and empty or partial (a full disk): would read as held by an unknown run
    throw e;
  }
  closeSync(fd);
  return true;
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported everywhere (Windows): the renames are still atomic, just not yet on disk
  }
}

function remove(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** Move a complete old- folder out of the way: rename to del- (so a partial delete is never mistaken for outputs), then delete. */
function trash(l: Location, path: string, id: string): void {
  const del = sibling(l, 'del', id);
  renameSync(path, del);
  try {
    remove(del);
  } catch {
    // e.g. a file still open on Windows: the next run deletes it
  }
}

/** Bring the folder back to "previous complete outputs or new complete outputs, nothing else" after a killed run. */
function recover(l: Location): void {
  const sib = siblings(l);
  for (const s of sib) if (s.state === 'tmp' || s.state === 'del') remove(s.path);
  const news = sib.filter((s) => s.state === 'new');
  const olds = sib.filter((s) => s.state === 'old');
  const keep = news.pop();
  for (const s of news) trash(l, s.path, s.id);
  if (keep) {
    if (lstatOrNull(l.real)) {
      assertReplaceable(l);
      const aside = sibling(l, 'old', keep.id);
      renameSync(l.real, aside);
      olds.push({ state: 'old', id: keep.id, path: aside });
    }
    renameSync(keep.path, l.real);
  } else if (!lstatOrNull(l.real) && olds.length > 0) {
    const back = olds.pop()!;
    renameSync(back.path, l.real);
  }
  for (const s of olds) trash(l, s.path, s.id);
}

const open = new Set<OutputFolder>();
let exitHooked = false;

/** Remove the temporary folder and the lock of every output folder not yet written (on Ctrl-C or any exit). */
export function cleanupPendingWrites(): void {
  for (const o of [...open]) o.release();
}

/** An output folder prepared (locked, checked, writable) and waiting for its files. */
export class OutputFolder {
  /** resolve(--out). */
  readonly dir: string;
  private tmp: string | null = null;
  private id = '';
  private locked = false;
  private committed = false;
  /** Files written in pieces into the temporary folder (stream()), and the descriptors still open. */
  private readonly streamed: string[] = [];
  private readonly openFds = new Set<number>();

  constructor(
    private readonly l: Location,
    private readonly io: WriteIo,
    /** Folders created for the parent path, outermost first: removed again if nothing is written. */
    private readonly created: string[],
  ) {
    this.dir = l.abs;
  }

  /** Lock, recover, check and create the temporary folder; release everything on failure. */
  prepare(): void {
    try {
      this.lock();
      crashPoint('after-lock');
      recover(this.l);
      assertReplaceable(this.l);
      this.tmp = mkdtempSync(sibling(this.l, 'tmp') + '-');
      this.id = this.tmp.slice(this.tmp.lastIndexOf('-') + 1);
      const probe = join(this.tmp, '.probe');
      writeNamed(this.io, probe, 'sim\n');
      unlinkSync(probe);
    } catch (e) {
      this.release();
      throw writeError(this.l.shown, e, '; nothing was written');
    }
    crashPoint('after-prepare');
  }

  private lock(): void {
    const path = sibling(this.l, 'lock');
    for (let attempt = 0; attempt < 5; attempt++) {
      if (tryCreate(path)) {
        this.locked = true;
        return;
      }
      const holder = readHolder(path);
      if (holder === null) continue; // released meanwhile
      if (holder === 'unreadable' || isAlive(holder)) throw this.inUse(path, holder);
      this.takeOver(path, holder);
    }
    throw this.inUse(path, 'unreadable');
  }

  private inUse(path: string, h: LockHolder | 'unreadable'): InputError {
    const who = h === 'unreadable' ? 'another sim run' : `sim process ${h.pid}${h.host === hostname() ? '' : ` on ${h.host}`}`;
    return new InputError(`--out ${this.l.shown}: expected a folder no other sim run is writing, found it in use by ${who} (lock file ${path}; delete it only if no sim run is going on)`);
  }

  /**
   * Remove a dead process's lock. A second lock, created with O_EXCL, makes the re-check and the removal
   * one step, so two runs that both found the same stale lock cannot both take it over.
   */
  private takeOver(path: string, stale: LockHolder): void {
    const guard = sibling(this.l, 'lock-takeover');
    if (!tryCreate(guard)) {
      const g = readHolder(guard);
      if (g !== null && (g === 'unreadable' || isAlive(g))) throw this.inUse(path, g === 'unreadable' ? stale : g);
      remove(guard); // left by a run killed while taking over
      if (!tryCreate(guard)) throw this.inUse(path, stale);
    }
    try {
      const again = readHolder(path);
      if (again !== null && again !== 'unreadable' && again.pid === stale.pid && again.host === stale.host) unlinkSync(path);
    } finally {
      unlinkSync(guard);
    }
  }

  /**
   * A file written in pieces (outputs that grow with the trials, e.g. ylt.csv), straight into the
   * temporary folder: it becomes part of the outputs only with the next write(), in the same swap as
   * the others, and is deleted with the temporary folder if the run fails. close() it before write().
   */
  stream(name: string): { write(text: string): void; close(): void } {
    const tmp = this.tmp;
    if (!tmp) throw new Error('output folder not prepared, or already written');
    if (!OUTPUT_FILES.has(name)) throw new Error(`${name} is not in OUTPUT_FILES (src/output/write.ts): add it there`);
    if (this.streamed.includes(name)) throw new Error(`internal: ${name} streamed twice`);
    const path = join(tmp, name);
    const fail = (e: unknown): never => {
      if (e && typeof e === 'object' && !(e as NodeJS.ErrnoException).path) (e as NodeJS.ErrnoException).path = path;
      throw writeError(this.l.shown, e, lstatOrNull(this.l.real) ? '; the previous outputs are unchanged' : '; nothing was written');
    };
    let fd = -1;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      fail(e);
    }
    this.openFds.add(fd);
    this.streamed.push(name);
    return {
      write: (text) => {
        if (!this.openFds.has(fd)) throw new Error(`internal: ${name} written after close`);
        try {
          writeSync(fd, text);
        } catch (e) {
          fail(e);
        }
      },
      close: () => {
        if (!this.openFds.delete(fd)) return;
        try {
          fsyncSync(fd);
          closeSync(fd);
        } catch (e) {
          fail(e);
        }
      },
    };
  }

  private closeStreams(): void {
    for (const fd of this.openFds) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.openFds.clear();
  }

  /**
   * Write the files and swap them in as the whole folder (see the top of this file), with the files
   * streamed before (stream()). Returns their paths. A failure while writing (a full disk) leaves the
   * previous outputs as they were.
   */
  write(files: Record<string, string>): string[] {
    const tmp = this.tmp;
    if (!tmp) throw new Error('output folder not prepared, or already written');
    for (const name of Object.keys(files)) if (!OUTPUT_FILES.has(name)) throw new Error(`${name} is not in OUTPUT_FILES (src/output/write.ts): add it there`);
    for (const name of Object.keys(files)) if (this.streamed.includes(name)) throw new Error(`internal: ${name} was streamed and is written again`);
    if (this.openFds.size > 0) throw new Error(`internal: a streamed file is still open (${this.streamed.join(', ')}): close it before write()`);
    const l = this.l;
    const before = lstatOrNull(l.real) ? '; the previous outputs are unchanged' : '; nothing was written';
    const newDir = sibling(l, 'new', this.id);
    const oldDir = sibling(l, 'old', this.id);
    try {
      let first = true;
      for (const [name, content] of Object.entries(files)) {
        writeNamed(this.io, join(tmp, name), content);
        if (first) crashPoint('writing');
        first = false;
      }
      fsyncDir(tmp);
      renameSync(tmp, newDir);
      this.tmp = null;
      fsyncDir(l.parent);
    } catch (e) {
      this.release();
      throw writeError(l.shown, e, before);
    }
    crashPoint('after-complete');
    const hadOld = lstatOrNull(l.real) !== null;
    try {
      if (hadOld) renameSync(l.real, oldDir);
    } catch (e) {
      remove(newDir);
      this.release();
      throw writeError(l.shown, e, before);
    }
    crashPoint('after-aside');
    try {
      renameSync(newDir, l.real);
    } catch (e) {
      try {
        if (hadOld) renameSync(oldDir, l.real);
        remove(newDir);
      } catch {
        // recovery in the next run finishes or undoes the swap
      }
      this.release();
      throw writeError(l.shown, e, before);
    }
    this.committed = true;
    crashPoint('after-swap');
    if (hadOld) {
      try {
        trash(l, oldDir, this.id);
      } catch {
        // the next run removes it (recovery)
      }
      crashPoint('after-trash');
    }
    fsyncDir(l.parent);
    crashPoint('before-unlock');
    this.release();
    return [...Object.keys(files), ...this.streamed].map((name) => join(l.abs, name));
  }

  /** Remove the temporary folder and the lock (and the parent folders created, if nothing was written). Idempotent. */
  release(): void {
    open.delete(this);
    this.closeStreams();
    if (this.tmp) {
      remove(this.tmp);
      this.tmp = null;
    }
    if (this.locked) {
      this.locked = false;
      const path = sibling(this.l, 'lock');
      const h = readHolder(path);
      if (h !== null && h !== 'unreadable' && h.pid === process.pid && h.host === hostname()) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    }
    if (!this.committed) {
      for (const d of [...this.created].reverse()) {
        try {
          rmdirSync(d);
        } catch {
          break; // not empty (someone else's now) or gone
        }
      }
      this.created.length = 0;
    }
  }

  /** Register for cleanup on exit (Ctrl-C, an input error found later, a crash in JavaScript). */
  track(): void {
    open.add(this);
    if (!exitHooked) {
      exitHooked = true;
      process.on('exit', cleanupPendingWrites);
    }
  }
}

/** mkdir -p the parent; returns the folders it created, outermost first. */
function makeParent(l: Location): string[] {
  const missing: string[] = [];
  for (let p = l.parent; !lstatOrNull(p); p = dirname(p)) {
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  try {
    mkdirSync(l.parent, { recursive: true });
  } catch (e) {
    for (const d of [...missing].reverse()) {
      try {
        rmdirSync(d);
      } catch {
        break;
      }
    }
    throw writeError(l.shown, e, '; nothing was written');
  }
  return missing;
}

/**
 * Check --out and get it ready before simulating: refuse what can never be an output folder, create
 * the parent folders, take the lock (exit 2 if another run holds it), recover from a killed run,
 * refuse a folder holding anything but sim's outputs, and prove the place writable. Errors are
 * InputErrors: one line, exit 2.
 */
export function prepareOutDir(dir: string, io: WriteIo = fsIo): OutputFolder {
  let o: OutputFolder;
  try {
    const l = locate(dir);
    assertReplaceable(l); // before creating anything: a refused folder is left untouched
    o = new OutputFolder(l, io, makeParent(l));
  } catch (e) {
    throw writeError(dir, e, '; nothing was written');
  }
  o.track();
  o.prepare();
  return o;
}
