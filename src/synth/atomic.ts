/**
 * The output folder of `afc synth` (`--out`): afc owns only what it wrote.
 *
 * Every folder afc writes carries a marker file (OUTPUT_MARKER). An existing target is replaced only
 * when it is an afc output folder (the marker, or the exact files of an output written before markers
 * existed) or an empty folder; anything else is refused before anything is written, with one line
 * saying why and what to do:
 * - the empty string (an unset variable), `.`, `..`, the current folder or any folder above it;
 * - a file, a symbolic link, a device, a FIFO or socket, anything on a pseudo filesystem (/proc, /sys,
 *   /dev, cgroup, ...);
 * - a folder holding files tracked by git or a git repository, the afc CLI's own install folder;
 * - a folder holding a `-f` values file;
 * - a non-empty folder afc did not write (only this one may be overridden, with `--force`).
 *
 * The replace: files go to a new hidden sibling (`.<name>.tmp-<pid>-<random>`), which is renamed onto
 * the target when there is none (one rename), or, when there is one, the old folder is renamed to
 * `.<name>.old-<pid>-<random>` and the new one into place (two renames in one folder: a reader sees the
 * old folder, or for the microseconds between the renames none, then the new one; Linux has no atomic
 * exchange that Node can call, and a symlink swap would make helm warn about every chart).
 * On a failure the old folder is put back and the temporary one removed. Siblings left by a run that
 * was killed (its process is gone) are removed by the next run. Every filesystem error is an AfcError.
 */
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  statfsSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AfcError } from '../errors.js';

export type FileMap = ReadonlyMap<string, string>;

/**
 * Writes `files` (relative path → content) into `dir`, creating folders, in path order. A path that
 * leaves `dir`, or names one of `reserved` (relative paths), is refused before anything is written.
 */
export function writeFiles(dir: string, files: FileMap, reserved: readonly string[] = []): void {
  const entries = [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([rel, content]) => [rel, join(dir, rel), content] as const);
  for (const [rel, file] of entries) {
    if (!within(file, dir) || file === dir || reserved.some((r) => file === join(dir, r))) {
      throw new Error(`output file name "${rel}" is outside the output folder or reserved`);
    }
  }
  mkdirSync(dir, { recursive: true });
  for (const [, file, content] of entries) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** The marker file in every folder afc synth writes. */
export const OUTPUT_MARKER = '.afc-output';
export const OUTPUT_MARKER_TEXT =
  'This folder was written by afc synth. afc replaces it whole on the next synth with the same --out:\n' +
  'files added here are lost then. Delete this file and afc will refuse to replace the folder.\n';

export interface OutputOptions {
  /** Replace a non-empty folder that afc did not write (and nothing else). @default false */
  readonly force?: boolean;
  /** Files the run reads (`-f`): their folders, and the folders above them, are never replaced. */
  readonly inputs?: readonly string[];
  /** Folders that must never be replaced, nor any folder holding them (the CLI's own install). */
  readonly protect?: readonly string[];
  /** The flag that named the target, for messages. @default "--out" */
  readonly flag?: string;
}

/** What an existing folder is, for the replace decision. */
export type FolderState = 'empty' | 'afc-output' | 'foreign';

/** Facts about a target, gathered by outputFacts (read-only) and judged by outputProblem (pure). */
export interface OutputFacts {
  /** The target as given. */
  readonly raw: string;
  /** Absolute path, with symbolic links of its existing ancestors resolved. */
  readonly dest: string;
  /** The current folder (real path). */
  readonly cwd: string;
  /** `under-file`: a component of the path is a file, not a folder. */
  readonly kind: 'absent' | 'folder' | 'file' | 'symlink' | 'special' | 'under-file';
  readonly folder?: FolderState;
  /** A pseudo filesystem the target would be on (proc, sysfs, devtmpfs ...), if any. */
  readonly pseudoFs?: string;
  /** A file tracked by git, or a `.git` entry, inside the target (folders other than empty ones and afc outputs). */
  readonly gitEntry?: string;
  /** Real paths of the folders of the input files. */
  readonly inputDirs: readonly string[];
  /** Real paths of protected folders. */
  readonly protect: readonly string[];
}

const within = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);

const ADVICE = 'give a new folder, an empty one, or one afc wrote, e.g. --out dist/k3d';

/** Why the target must not be written, or undefined when it may be (pure). */
export function outputProblem(f: OutputFacts, opts: OutputOptions = {}): string | undefined {
  const flag = opts.flag ?? '--out';
  const name = `${flag} "${f.raw}"`;
  if (f.raw.trim() === '') return `${flag} is empty (an unset variable?): ${ADVICE}`;
  if (f.dest === f.cwd) return `${name} is the current folder, which afc would replace whole: ${ADVICE}`;
  if (within(f.cwd, f.dest)) return `${name} is a folder above the current one, which afc would replace whole: ${ADVICE}`;
  if (f.kind === 'special') return `${name} is a device, FIFO or socket, not a folder: choose another ${flag}`;
  if (f.pseudoFs !== undefined) return `${name} is on ${f.pseudoFs}, not a regular filesystem: write to a folder on disk, e.g. --out dist/k3d`;
  if (f.kind === 'file') return `${name} is a file, and afc writes a folder: remove the file or choose another ${flag}`;
  if (f.kind === 'under-file') return `${name} is inside a file, not a folder: choose another ${flag}`;
  if (f.kind === 'symlink') return `${name} is a symbolic link: give the folder it points to, or choose another ${flag}`;
  if (f.gitEntry !== undefined && f.folder !== 'afc-output') {
    return `${name} holds files tracked by git (${f.gitEntry}): choose a folder outside the sources, e.g. --out dist/k3d`;
  }
  for (const p of f.protect) {
    if (within(p, f.dest) || within(f.dest, p)) return `${name} would replace the afc CLI's own files (${p}): choose a folder outside it, e.g. --out dist/k3d`;
  }
  for (const d of f.inputDirs) {
    if (within(d, f.dest)) return `${name} holds the folder of the values file (${d}): choose another --out, e.g. --out dist/custom`;
  }
  if (f.kind !== 'folder' || f.folder === 'empty') return undefined;
  if (f.folder === 'foreign' && !opts.force) {
    return `${name} is a folder afc did not write (it has files and no ${OUTPUT_MARKER} marker): choose another --out, or add --force to replace it and everything in it`;
  }
  return undefined;
}

const errCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String((e as Error).message ?? e);

/** Pseudo filesystems (statfs magic numbers, linux/magic.h) and the mount points that are never disk. */
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0xcafe4a11: 'bpf',
  0x62656570: 'configfs',
  0x65735543: 'fusectl',
  0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs',
  0x42494e4d: 'binfmt_misc',
  0x19800202: 'mqueue',
};
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/** The nearest existing ancestor of an absolute path (itself if it exists), via lstat. */
function nearestExisting(abs: string): string {
  let p = abs;
  for (;;) {
    try {
      lstatSync(p);
      return p;
    } catch {
      const up = dirname(p);
      if (up === p) return p;
      p = up;
    }
  }
}

/** Absolute path with the symbolic links of its existing ancestors resolved (not of itself). */
function realDest(raw: string): string {
  const abs = resolve(raw);
  const parent = dirname(abs);
  const existing = nearestExisting(parent);
  let real: string;
  try {
    real = realpathSync(existing);
  } catch {
    real = existing;
  }
  return join(real, relative(existing, parent), basename(abs));
}

function folderState(dir: string, flag: string): FolderState {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw new AfcError(`${flag} "${dir}" cannot be read (${errCode(e)}): check its permissions or choose another ${flag}`);
  }
  if (entries.length === 0) return 'empty';
  if (entries.includes(OUTPUT_MARKER)) return 'afc-output';
  return isLegacyOutput(dir, entries) ? 'afc-output' : 'foreign';
}

/** Exactly the files of a plain output or a chart written by an afc without markers. */
const LEGACY_CHART = new Set(['Chart.yaml', 'values.yaml', 'values.schema.json', '.helmignore', 'README.md', 'templates']);
function isLegacyOutput(dir: string, entries: readonly string[], depth = 0): boolean {
  try {
    if (entries.length === 1 && entries[0] === 'afc-int.k8s.yaml') return lstatSync(join(dir, entries[0])).isFile();
    if (entries.includes('Chart.yaml')) {
      if (!entries.every((e) => LEGACY_CHART.has(e))) return false;
      if (!readFileSync(join(dir, 'Chart.yaml'), 'utf8').includes('generated by afc from the typed model')) return false;
      const templates = join(dir, 'templates');
      return readdirSync(templates, { withFileTypes: true }).every((t) => t.isFile() && /\.(yaml|tpl)$/.test(t.name));
    }
    // A matrix: every entry a combination folder (k3d+http, base) holding a legacy output.
    if (depth > 0) return false;
    return entries.every((e) => {
      const p = join(dir, e);
      return /^[a-z0-9_+]+(-helm)?$/.test(e) && lstatSync(p).isDirectory() && isLegacyOutput(p, readdirSync(p), depth + 1);
    });
  } catch {
    return false;
  }
}

/**
 * node:child_process, loaded on first use: only the git check below needs it, and loading it costs every
 * `afc synth` 5 ms (bench/NOTES.md). Built-in modules resolve from any base path.
 */
const childProcess = (): typeof import('node:child_process') => createRequire('/')('node:child_process') as typeof import('node:child_process');

/** A file tracked by git inside `dir`, or a `.git` entry under it; undefined when there is none. */
function gitEntryIn(dir: string): string | undefined {
  try {
    const tracked = childProcess().execFileSync('git', ['-C', dir, 'ls-files', '-z', '--', '.'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    const first = tracked.split('\0')[0];
    if (first) return join(dir, first);
  } catch {
    // not inside a git work tree, or no git: look for repositories below
  }
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name === '.git') return join(d, e.name);
      if (e.isDirectory()) stack.push(join(d, e.name));
    }
  }
  return undefined;
}

function pseudoFsOf(dest: string): string | undefined {
  for (const root of PSEUDO_ROOTS) if (within(dest, root)) return root;
  try {
    return PSEUDO_FS[statfsSync(nearestExisting(dest)).type];
  } catch {
    return undefined;
  }
}

/** Gathers the facts about a target (read-only). */
export function outputFacts(raw: string, opts: OutputOptions = {}): OutputFacts {
  const flag = opts.flag ?? '--out';
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const cwd = real(process.cwd());
  const base = { raw, cwd, inputDirs: (opts.inputs ?? []).map((f) => real(dirname(resolve(f)))), protect: (opts.protect ?? []).map(real) };
  if (raw.trim() === '') return { ...base, dest: cwd, kind: 'folder' };
  const dest = realDest(raw);
  const pseudoFs = pseudoFsOf(dest);
  let st: Stats;
  try {
    st = lstatSync(dest);
  } catch (e) {
    if (errCode(e) === 'ENOENT') return { ...base, dest, kind: 'absent', pseudoFs };
    if (errCode(e) === 'ENOTDIR') return { ...base, dest, kind: 'under-file', pseudoFs };
    throw new AfcError(`${flag} "${raw}" cannot be examined (${errCode(e)}): check its permissions or choose another ${flag}`);
  }
  if (st.isSymbolicLink()) return { ...base, dest, kind: 'symlink', pseudoFs };
  if (st.isFile()) return { ...base, dest, kind: 'file', pseudoFs };
  if (!st.isDirectory()) return { ...base, dest, kind: 'special', pseudoFs };
  if (pseudoFs !== undefined || dest === cwd || within(cwd, dest)) return { ...base, dest, kind: 'folder', pseudoFs };
  const folder = folderState(dest, flag);
  // An afc output may be committed to git and is replaced all the same: no `git ls-files` run for it.
  const gitEntry = folder === 'empty' || folder === 'afc-output' ? undefined : gitEntryIn(dest);
  return { ...base, dest, kind: 'folder', folder, pseudoFs, gitEntry };
}

/** Checks a target and throws the AfcError that outputProblem describes; returns the facts. */
export function checkOutputTarget(raw: string, opts: OutputOptions = {}): OutputFacts {
  const facts = outputFacts(raw, opts);
  const problem = outputProblem(facts, opts);
  if (problem !== undefined) throw new AfcError(problem);
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Temporary siblings and interrupts.

const live = new Set<string>();
const STARTED = Date.now();

/** Temporary folders of a write in progress (removed by the interrupt handler). */
export const liveTempFolders = (): readonly string[] => [...live];

let handlersInstalled = false;
/**
 * SIGINT/SIGTERM: remove unfinished temporary folders, say what is left, exit 130/143. With a handler
 * installed, Node delivers the signal between synchronous steps, so a write is never cut in half.
 */
export function installInterruptCleanup(describe: () => string = () => ''): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      for (const p of live) rmSync(p, { recursive: true, force: true });
      live.clear();
      const state = describe();
      process.stderr.write(`afc: interrupted (${signal})${state ? `: ${state}` : ''}\n`);
      process.exit(code);
    });
  }
}

const pidAlive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
};

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes temporary siblings of `dest` left by runs that were killed: `.<name>.tmp-<pid>-<hex>` and
 * `.<name>.old-<pid>-<hex>` whose process is gone and that hold the marker or nothing, and the
 * `.<name>.tmp-XXXXXX[.old]` folders of afc versions before markers, older than this run.
 */
export function removeStaleSiblings(dest: string): string[] {
  const parent = dirname(dest);
  const name = escapeRe(basename(dest));
  const ours = new RegExp(`^\\.${name}\\.(tmp|old)-(\\d+)-[0-9a-f]+$`);
  const legacy = new RegExp(`^\\.${name}\\.tmp-[A-Za-z0-9]{6}(\\.old)?$`);
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const e of entries) {
    const p = join(parent, e);
    const m = ours.exec(e);
    let stale = false;
    try {
      const st = lstatSync(p);
      if (!st.isDirectory()) continue;
      if (m) {
        const inside = readdirSync(p);
        stale = !pidAlive(Number(m[2])) && (inside.length === 0 || inside.includes(OUTPUT_MARKER));
      } else if (legacy.test(e)) {
        stale = st.mtimeMs < STARTED;
      }
      if (stale) {
        rmSync(p, { recursive: true, force: true });
        removed.push(p);
      }
    } catch {
      // not ours to worry about: a sibling we cannot read stays
    }
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------
// Writing.

const fsError = (what: string, path: string, e: unknown, flag: string): AfcError =>
  new AfcError(`cannot ${what} "${path}" (${errCode(e)}): check the permissions and free space there, or choose another ${flag}`);

/**
 * Writes `files` (relative path → content) plus the marker as the folder `target`, replacing an
 * earlier afc output there; refuses every other existing target (see the header).
 */
export function writeDirAtomic(target: string, files: FileMap, opts: OutputOptions = {}): void {
  const flag = opts.flag ?? '--out';
  const facts = checkOutputTarget(target, opts);
  const dest = facts.dest;
  const parent = dirname(dest);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw fsError('create the folder', parent, e, flag);
  }
  removeStaleSiblings(dest);
  // Unique among this process's runs by the pid and among its own by the random part (mkdirSync below
  // fails rather than reuse a folder); not a secret, so no node:crypto (3 ms to load).
  const id = `${process.pid}-${Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0')}`;
  const tmp = join(parent, `.${basename(dest)}.tmp-${id}`);
  const old = join(parent, `.${basename(dest)}.old-${id}`);
  try {
    mkdirSync(tmp, { mode: 0o777 });
  } catch (e) {
    throw fsError('create a folder in', parent, e, flag);
  }
  live.add(tmp);
  try {
    writeFileSync(join(tmp, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
    writeFiles(tmp, files, [OUTPUT_MARKER]);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    live.delete(tmp);
    if (e instanceof AfcError || !(e as NodeJS.ErrnoException).code) throw e;
    throw fsError('write in', parent, e, flag);
  }
  const hadTarget = facts.kind === 'folder' && facts.folder !== 'empty';
  try {
    if (hadTarget) renameSync(dest, old);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    live.delete(tmp);
    throw fsError('move aside the earlier output', dest, e, flag);
  }
  try {
    // rename(2) replaces an empty folder in one step.
    renameSync(tmp, dest);
    live.delete(tmp);
  } catch (e) {
    let restored = !hadTarget;
    if (hadTarget) {
      try {
        renameSync(old, dest);
        restored = true;
      } catch {
        // said below
      }
    }
    rmSync(tmp, { recursive: true, force: true });
    live.delete(tmp);
    if (!restored) {
      throw new AfcError(`cannot move the new output to "${dest}" (${errCode(e)}), nor the earlier output back: it is in "${old}"; restore it with: mv "${old}" "${dest}"`);
    }
    throw fsError('write', dest, e, flag);
  }
  if (hadTarget) {
    try {
      rmSync(old, { recursive: true, force: true });
    } catch (e) {
      process.stderr.write(`afc: warning: the earlier output moved to "${old}" could not be removed (${errCode(e)}): remove it by hand\n`);
    }
  }
}

/** Whether `dir` is a folder afc wrote (it holds the marker). */
export function isAfcOutput(dir: string): boolean {
  try {
    return statSync(join(dir, OUTPUT_MARKER)).isFile();
  } catch {
    return false;
  }
}
