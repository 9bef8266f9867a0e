/**
 * Where a report goes, checked before any work starts, and how it gets there atomically.
 *
 * The destination must be a new path (missing folders are created), an empty folder, or an
 * earlier actlab report folder — one that holds nothing but what a report writes — which is then
 * replaced as a whole. Anything else is refused with a {@link DestinationError}: an empty path, a
 * file, a device, a FIFO or socket, a folder holding other files, a path under /proc, /sys or
 * /dev (or any kernel filesystem), the current folder or one above it.
 *
 * The report is written into a staging folder beside the destination (same parent, so the same
 * filesystem), then renamed onto it in one step: readers see the old report or the new one,
 * never a mix. {@link ReportDestination.discard} removes the staging folder and any folder it
 * created, leaving the destination exactly as it was.
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statfsSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ActlabError } from '../errors.js';

/** A report destination that cannot be used, named with the reason. */
export class DestinationError extends ActlabError {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message, 'DESTINATION');
  }
}

/** Longest destination accepted (Linux's PATH_MAX), and longest name in it (NAME_MAX). */
export const MAX_PATH_BYTES = 4096;
export const MAX_NAME_BYTES = 255;

/** What a report writes at its top level; `figures/` holds *.svg, *.png and *.vl.json only. */
const REPORT_FILES = new Set(['index.html', 'report.md', 'results.json']);
const FIGURE_FILE = /^[\w.-]+\.(svg|png|vl\.json)$/;

/**
 * Filesystems a report never goes into (statfs magic numbers): proc, sysfs, cgroup (1 and 2),
 * debugfs, tracefs, securityfs, bpf, nsfs, binfmt_misc, devpts, configfs, efivarfs, mqueue,
 * pstore, fusectl, selinuxfs.
 */
const KERNEL_FILESYSTEMS = new Set([
  0x9fa0, 0x62656572, 0x27e0eb, 0x63677270, 0x64626720, 0x74726163, 0x73636673, 0xcafe4a11, 0x6e736673, 0x42494e4d, 0x1cd1, 0x62656570, 0xde5e81e4,
  0x19800202, 0x6165676c, 0x65735543, 0xf97cff8c,
]);
const KERNEL_TREES = ['/proc', '/sys', '/dev'];

/** How the destination is used: created, an empty folder filled, or an earlier report replaced. */
export type DestinationKind = 'new' | 'empty' | 'report';

export interface DestinationPlan {
  /** Absolute path of the destination (symbolic links to a folder resolved). */
  readonly dir: string;
  readonly kind: DestinationKind;
  /** The nearest folder that exists (the parent, unless folders must be created). */
  readonly existing: string;
  /** Folders to create, outermost first (for `new` only). */
  readonly create: readonly string[];
}

const describeType = (info: Stats) =>
  info.isFile() ? 'a file' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isFIFO() ? 'a FIFO' : info.isSocket() ? 'a socket' : 'not a folder';

const reason = (error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${(e.message ?? '').replace(/^[A-Z]+: /, '').replace(/, \w+ .*$/, '')}` : String(error);
};

/**
 * The entries of `dir` that a report does not write (at most `limit` of them): none for an
 * earlier report folder or an empty one. Every entry is lstat'ed, never opened.
 */
function foreignEntries(dir: string, limit = 3): string[] {
  const foreign: string[] = [];
  for (const name of readdirSync(dir)) {
    const info = lstatSync(join(dir, name));
    if (REPORT_FILES.has(name) && info.isFile()) continue;
    if (name === 'figures' && info.isDirectory()) {
      for (const figure of readdirSync(join(dir, name))) {
        if (!FIGURE_FILE.test(figure) || !lstatSync(join(dir, name, figure)).isFile()) foreign.push(`figures/${figure}`);
      }
    } else foreign.push(name);
    if (foreign.length >= limit) break;
  }
  return foreign.slice(0, limit);
}

function insideKernelTree(path: string): boolean {
  return KERNEL_TREES.some((tree) => path === tree || path.startsWith(tree + sep)) && !path.startsWith('/dev/shm');
}

/** The real path of `path` (symbolic links resolved), or `path` itself when it cannot be resolved. */
function realOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The nearest existing folder above a destination that does not exist, and the folders to
 * create below it (outermost first, ending with the destination).
 */
function walkUp(dir: string, refuse: (why: string) => never): { existing: string; create: string[] } {
  const create: string[] = [];
  let existing = dir;
  for (;;) {
    create.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) refuse('has no existing folder above it');
    existing = parent;
    let above: Stats;
    try {
      above = lstatSync(existing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      if (code === 'ENOTDIR') refuse('goes through something that is not a folder');
      return refuse(`cannot be examined (${reason(error)})`);
    }
    if (above.isSymbolicLink()) {
      try {
        above = statSync(existing);
      } catch {
        refuse(`goes through a symbolic link that leads nowhere (${existing})`);
      }
    }
    if (!above.isDirectory()) refuse(`goes through ${describeType(above)} (${existing})`);
    break;
  }
  return { existing, create };
}

/** Refuses a destination in the kernel's trees or filesystems, or below a folder this process cannot write. */
function checkPlace(realDir: string, realExisting: string, refuse: (why: string) => never): void {
  if (insideKernelTree(realDir) || insideKernelTree(realExisting)) refuse('is inside /proc, /sys or /dev');
  try {
    if (KERNEL_FILESYSTEMS.has(Number(statfsSync(realExisting).type))) refuse('is on a kernel filesystem');
  } catch (error) {
    if (error instanceof DestinationError) throw error;
    refuse(`cannot be examined (${reason(error)})`);
  }
  try {
    accessSync(realExisting, constants.W_OK | constants.X_OK);
  } catch {
    refuse(`cannot be created: ${realExisting} is not writable`);
  }
}

/**
 * Checks a destination without touching the disk beyond reading: what is there, and whether a
 * report may go there. Throws a {@link DestinationError} naming what is allowed.
 */
export function checkDestination(text: string, cwd = process.cwd()): DestinationPlan {
  const refuse = (why: string): never => {
    const shown = text.length > 120 ? `${text.slice(0, 60)}…${text.slice(-40)}` : text;
    throw new DestinationError(`--out ${JSON.stringify(shown)} ${why}; give a new folder, an empty one, or an earlier actlab report folder (which is replaced)`, text);
  };
  if (text.trim() === '') refuse('is empty');
  if (text.includes('\0')) refuse('contains a NUL character');
  let dir = resolve(cwd, text);
  if (Buffer.byteLength(dir) > MAX_PATH_BYTES) refuse(`is longer than ${MAX_PATH_BYTES} bytes`);
  if (dir.split(sep).some((name) => Buffer.byteLength(name) > MAX_NAME_BYTES)) refuse(`has a name longer than ${MAX_NAME_BYTES} bytes`);
  if (dir === sep) refuse('is the root folder');
  let info: Stats | undefined;
  try {
    info = lstatSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') refuse('goes through something that is not a folder');
    if (code !== 'ENOENT') refuse(`cannot be examined (${reason(error)})`);
  }
  if (info?.isSymbolicLink()) {
    try {
      dir = realpathSync(dir);
      info = lstatSync(dir);
    } catch {
      refuse('is a symbolic link that leads nowhere');
    }
  }
  const realCwd = realOr(cwd);
  // Walk up to the nearest folder that exists; everything below it will be created.
  let create: string[] = [];
  let existing = dir;
  if (!info) {
    ({ existing, create } = walkUp(dir, refuse));
  } else {
    if (!info.isDirectory()) refuse(`exists and is ${describeType(info)}`);
    existing = dirname(dir);
  }
  let realExisting: string;
  try {
    realExisting = realpathSync(existing);
  } catch (error) {
    return refuse(`cannot be examined (${reason(error)})`);
  }
  const realDir = info ? dir : join(realExisting, relative(existing, dir));
  checkPlace(realDir, realExisting, refuse);
  if (realCwd === realDir || realCwd.startsWith(realDir + sep)) refuse('is the current folder or one above it');
  let kind: DestinationKind = 'new';
  if (info) {
    let foreign: string[];
    try {
      foreign = foreignEntries(dir);
    } catch (error) {
      return refuse(`cannot be read (${reason(error)})`);
    }
    if (foreign.length) refuse(`is a folder holding files a report does not write (${foreign.map((f) => JSON.stringify(f)).join(', ')})`);
    kind = readdirSync(dir).length === 0 ? 'empty' : 'report';
  }
  return { dir: realDir, kind, existing: realExisting, create: create.map((c) => join(realExisting, relative(existing, c))) };
}

/** Where a report is being written: its staging folder, until committed or discarded. */
export interface ReportDestination {
  readonly plan: DestinationPlan;
  /** The staging folder (beside the destination) that receives the files. */
  readonly staging: string;
  /** `open` while writing; `committed` once renamed into place; `discarded`; `kept` when the commit found the destination changed. */
  readonly state: 'open' | 'committed' | 'discarded' | 'kept';
  /** Writes one file of the report (below the staging folder), durably. */
  write(relativePath: string, data: string | Uint8Array): void;
  /** Renames the staging folder onto the destination (replacing an earlier report). */
  commit(): void;
  /** Removes the staging folder and the folders created for it; the destination is left as it was. */
  discard(): void;
}

/** Test seam: called at each step of writing and committing, with the step's name. */
export type StepHook = (step: string) => void;

function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_DIRECTORY);
    fsyncSync(fd);
  } catch {
    // Not every filesystem can sync a folder; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Removes the folders this run created, innermost first; empties `created`. */
function removeFolders(created: string[]): void {
  for (const folder of [...created].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      break; // not empty any more: someone else uses it now
    }
  }
  created.length = 0;
}

/** Writes a new file (never an existing one) and syncs it to disk before closing. */
function writeDurably(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates the missing folders above the destination (recorded in `created`; never
 * `recursive: true`, which loops forever in /proc), then the staging folder and its figures/.
 * On failure removes what it created and calls `fail`.
 */
function createFolders(plan: DestinationPlan, created: string[], staging: string, fail: (what: string, error: unknown) => never): string {
  for (const folder of plan.kind === 'new' ? plan.create.slice(0, -1) : []) {
    try {
      mkdirSync(folder);
      created.push(folder);
    } catch (error) {
      removeFolders(created);
      fail(`create ${folder}`, error);
    }
  }
  try {
    mkdirSync(staging);
    mkdirSync(join(staging, 'figures'));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    removeFolders(created);
    fail(`create a folder in ${dirname(staging)}`, error);
  }
  return staging;
}

/** Renames the staging folder onto the destination (an earlier report moved aside first, removed after). */
function moveIntoPlace(dir: string, kind: DestinationKind, staging: string, step: StepHook, aside: () => string): void {
  if (kind === 'report') {
    // Two renames, with no await between them: a signal handler cannot run in between.
    const old = aside();
    renameSync(dir, old);
    try {
      step('commit: old report moved aside');
      renameSync(staging, dir);
    } catch (error) {
      renameSync(old, dir);
      throw error;
    }
    // Done: the rest is tidying, and must not turn a written report into a failure.
    try {
      rmSync(old, { recursive: true, force: true });
    } catch {
      // left beside the report, named .actlab-report-old-*
    }
  } else {
    try {
      renameSync(staging, dir); // onto a missing path or an empty folder: one atomic step
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (kind !== 'empty' || (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM')) throw error;
      rmdirSync(dir);
      renameSync(staging, dir);
    }
  }
}

/**
 * Checks the destination ({@link checkDestination}), creates the missing folders above it and
 * a staging folder beside it. Call before the work starts: a destination that cannot take the
 * report fails here, in milliseconds.
 */
export function openDestination(text: string, options: { cwd?: string; step?: StepHook } = {}): ReportDestination {
  const plan = checkDestination(text, options.cwd);
  const step = options.step ?? (() => undefined);
  const created: string[] = [];
  const parent = dirname(plan.dir);
  const suffix = () => `${process.pid}-${randomBytes(4).toString('hex')}`;
  const fail = (what: string, error: unknown): never => {
    throw new DestinationError(`--out ${JSON.stringify(text)}: cannot ${what} (${reason(error)})`, text);
  };
  const removeCreated = () => removeFolders(created);
  const staging = createFolders(plan, created, join(parent, `.actlab-report-partial-${suffix()}`), fail);
  let state: ReportDestination['state'] = 'open';
  const destination: ReportDestination = {
    plan,
    staging,
    get state() {
      return state;
    },
    write(relativePath, data) {
      if (state !== 'open') throw new DestinationError(`the report destination is ${state}`, text);
      if (isAbsolute(relativePath) || relativePath.split(/[\\/]/).some((p) => p === '..' || p === '')) throw new DestinationError(`not a report file name: ${relativePath}`, text);
      step(`write ${relativePath}`);
      writeDurably(join(staging, relativePath), data);
    },
    commit() {
      if (state !== 'open') throw new DestinationError(`the report destination is ${state}`, text);
      step('commit');
      fsyncPath(join(staging, 'figures'));
      fsyncPath(staging);
      // The destination may have changed during the (long) computation: check it again.
      let now: DestinationPlan;
      try {
        now = checkDestination(plan.dir, options.cwd);
      } catch (error) {
        state = 'kept';
        throw new DestinationError(`${(error as Error).message.replace(/;.*$/, '')} now (it changed while the report was computed); the report was left in ${staging}`, text);
      }
      moveIntoPlace(plan.dir, now.kind, staging, step, () => join(parent, `.actlab-report-old-${suffix()}`));
      state = 'committed';
      created.length = 0;
      fsyncPath(parent);
    },
    discard() {
      if (state !== 'open') return;
      state = 'discarded';
      rmSync(staging, { recursive: true, force: true });
      removeCreated();
    },
  };
  return destination;
}
