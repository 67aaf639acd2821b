/**
 * Builds the chart values for one synth: defaults, then platform overlays in order, then values files
 * (`-f`) in order, then `--set` assignments; validated as a whole. The platform overlays come from the
 * registry the caller passes (platforms/index.ts: `builtinPlatforms`).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { isatty } from 'node:tty';
import { Composer, Lexer, Parser, isScalar, visit, type Document } from 'yaml';
import { AfcError } from '../errors.js';
import { defaults } from './defaults/index.js';
import { clone, isPlainObject, mergeValues, type Plain } from './merge.js';
import { checkPlainInput, MAX_DEPTH, MAX_PIPE_WAIT_MS, MAX_VALUES_FILE_BYTES, MAX_YAML_ALIASES } from './limits.js';
import { parseSet } from './set.js';
import type { PlatformRegistry } from './overlay.js';
import type { Values } from './schema.js';
import { validateValues } from './validate.js';

export interface ValuesOptions {
  /** Platform overlay names (k3d, gcp, http, no_secrets / no-secrets, minikube), applied in order. */
  readonly platforms?: readonly string[];
  /** YAML values files, applied in order after the platforms. */
  readonly valuesFiles?: readonly string[];
  /** Helm-style `PATH=VALUE` assignments, applied last. */
  readonly sets?: readonly string[];
}

/** The canonical platform name, or an AfcError naming the known ones. */
export function platformName(name: string, registry: PlatformRegistry): string {
  const canonical = registry.aliases[name] ?? name;
  if (!registry.platforms[canonical]) {
    throw new AfcError(`unknown platform "${name}": use one of ${Object.keys(registry.platforms).join(', ')} (comma-separated, applied in order)`);
  }
  return canonical;
}

/**
 * `k3d,http` and repeated flags → canonical platform names of `registry`, in order. An empty list (`-p ""`,
 * an unset variable) or an empty name in one (`-p ,,`, `-p k3d,`) is an error naming `flag`: leaving `-p`
 * out is how the base platform is asked for.
 */
export function parsePlatformList(lists: readonly string[], registry: PlatformRegistry, flag = '--platform'): string[] {
  return lists.flatMap((list) => {
    const names = list.split(',').map((p) => p.trim());
    if (names.some((p) => p.length === 0)) {
      const what = list.trim() === '' ? 'is empty (an unset variable?)' : `"${list}" holds an empty platform name`;
      throw new AfcError(`${flag} ${what}: give platform names separated by single commas, e.g. ${flag} k3d,http, or leave ${flag} out for the base platform`);
    }
    return names.map((name) => platformName(name, registry));
  });
}

/** How a values file is read: the limits a test may shorten. */
export interface ReadLimits {
  /** How long a pipe's writer may send nothing (MAX_PIPE_WAIT_MS). */
  readonly pipeWaitMs?: number;
}

const cannotRead = (file: string, e: unknown): AfcError =>
  new AfcError(`values file "${file}" cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): check the path`);

/** Blocks this thread for `ms` milliseconds (a pipe's writer is given time to write). */
const sleep = (ms: number): void => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) as unknown as void;

/**
 * Opens a values file without ever blocking: a FIFO (named pipe) is opened non-blocking, since a
 * blocking open waits for a writer for ever and, the thread being blocked, no SIGINT or SIGTERM
 * handler runs. A terminal (`-f /dev/stdin` typed at) and a socket are refused.
 */
function openValuesFile(file: string): { fd: number; pipe: boolean } {
  let pipe = false;
  try {
    const st = statSync(file);
    if (st.isSocket()) throw new AfcError(`values file "${file}" is a socket: give a YAML file`);
    pipe = st.isFIFO();
  } catch (e) {
    if (e instanceof AfcError) throw e;
    throw cannotRead(file, e);
  }
  let fd: number;
  try {
    fd = openSync(file, pipe ? constants.O_RDONLY | constants.O_NONBLOCK : 'r');
  } catch (e) {
    throw cannotRead(file, e);
  }
  if (isatty(fd)) {
    closeSync(fd);
    throw new AfcError(`values file "${file}" is a terminal: give a YAML file, or pipe one in (cat values.yaml | afc ... -f /dev/stdin)`);
  }
  return { fd, pipe };
}

/**
 * The bytes of a values file, read in bounded chunks (a device or FIFO cannot make it grow without
 * end). A FIFO is read without blocking: one with no writer is refused at once, and a writer that
 * sends nothing for `pipeWaitMs` ends the read with an error, so `-f FIFO` never hangs.
 */
function readBounded(file: string, limits: ReadLimits = {}): Buffer {
  const { fd, pipe } = openValuesFile(file);
  const pipeWaitMs = limits.pipeWaitMs ?? MAX_PIPE_WAIT_MS;
  try {
    if (fstatSync(fd).isDirectory()) throw new AfcError(`values file "${file}" is a folder: give a YAML file`);
    const chunks: Buffer[] = [];
    let total = 0;
    let idleSince = Date.now();
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, MAX_VALUES_FILE_BYTES + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        if (pipe && (e as NodeJS.ErrnoException).code === 'EAGAIN') {
          // A writer holds the pipe open and has sent nothing yet.
          if (Date.now() - idleSince >= pipeWaitMs) {
            throw new AfcError(`values file "${file}" is a pipe whose writer sent nothing for ${pipeWaitMs / 1000} s: check the writer, or give a regular file`);
          }
          sleep(10);
          continue;
        }
        throw cannotRead(file, e);
      }
      if (n === 0) {
        // On a FIFO opened without blocking, end of file before any byte means no writer has it open.
        if (pipe && total === 0) {
          throw new AfcError(`values file "${file}" is a FIFO (named pipe) with no writer: start the writer first, or give a regular file`);
        }
        break;
      }
      idleSince = Date.now();
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_VALUES_FILE_BYTES) {
        throw new AfcError(`values file "${file}" is larger than the limit of ${MAX_VALUES_FILE_BYTES / 1024 / 1024} MiB: split it into several -f files, or check that it is the right file`);
      }
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Duplicate keys of every map of a parsed document, found in one pass (yaml's own check is quadratic). */
function duplicateKey(doc: Document): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          found = String(key);
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * yaml's parseDocument, with the lexemes counted on the way: flow collections (`[`, `{`) nested deeper
 * than MAX_DEPTH stop the parse at once (a file of brackets would otherwise build millions of nodes),
 * and a second document is refused with our own message.
 */
function parseBounded(text: string, where: string): Document {
  const parser = new Parser();
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
  let depth = 0;
  function* tokens() {
    for (const lexeme of new Lexer().lex(text)) {
      if (lexeme === '[' || lexeme === '{') {
        if (++depth > MAX_DEPTH) throw new AfcError(`${where} nests flow collections ([ or {) deeper than ${MAX_DEPTH} levels: values are never that deep; check the file`);
      } else if (lexeme === ']' || lexeme === '}') depth--;
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  let first: Document | undefined;
  for (const doc of composer.compose(tokens(), true, text.length)) {
    if (first) throw new AfcError(`${where} holds several YAML documents (separated by ---): a values file is one map; give each document its own -f file`);
    first = doc as Document;
  }
  return first!;
}

/** One values file as an overlay map (one argument: it is given to `map`). */
export const readValuesFile = (file: string): Plain => readValuesFileWith(file, {});

/** One values file as an overlay map, read within `limits` (tests shorten them). */
export function readValuesFileWith(file: string, limits: ReadLimits): Plain {
  const text = readBounded(file, limits).toString('utf8');
  const where = `values file "${file}"`;
  let data: unknown;
  try {
    const doc = parseBounded(text, where);
    const error = doc.errors[0];
    if (error) throw error;
    const dup = duplicateKey(doc);
    if (dup !== undefined) throw new AfcError(`${where} is not valid YAML: the key "${dup}" appears twice in one map: keep one`);
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (e instanceof AfcError) throw e;
    if (e instanceof RangeError || /call stack/i.test(String((e as Error).message))) throw new AfcError(`${where} nests too deeply to read (more than ${MAX_DEPTH} levels are refused): check the file`);
    const message = String((e as Error).message).split('\n')[0];
    if (/alias/i.test(message)) {
      throw new AfcError(`${where}: YAML aliases (*name) expand to more than ${MAX_YAML_ALIASES} copies: write the values out, or use fewer aliases`);
    }
    throw new AfcError(`${where} is not valid YAML: ${message}`);
  }
  if (data === null || data === undefined) return {};
  if (!isPlainObject(data)) throw new AfcError(`${where} must hold a map of values at the top level`);
  checkPlainInput(data, where);
  return data;
}

/** Merged, unvalidated values. */
export function mergeAll(opts: ValuesOptions, registry: PlatformRegistry): Plain {
  let values = clone(defaults) as Plain;
  for (const name of opts.platforms ?? []) values = mergeValues(values, registry.platforms[platformName(name, registry)]!.values as Plain);
  for (const file of opts.valuesFiles ?? []) values = mergeValues(values, readValuesFile(file));
  for (const set of opts.sets ?? []) values = mergeValues(values, parseSet(set));
  return values;
}

/**
 * Whether the inputs are static data only: the defaults and distinct platforms of a prevalidated
 * registry, no values file, no --set. Their merge is validated for every such platform sequence by
 * test/model/static-values.test.ts, so it is not validated again on every run.
 */
export function isStaticInput(opts: ValuesOptions, registry: PlatformRegistry): boolean {
  if (registry.prevalidated !== true) return false;
  if ((opts.valuesFiles?.length ?? 0) > 0 || (opts.sets?.length ?? 0) > 0) return false;
  const names = (opts.platforms ?? []).map((name) => platformName(name, registry));
  return new Set(names).size === names.length;
}

/** Merged and validated values; throws AfcError (one line per problem) on bad input. */
export function resolveValues(opts: ValuesOptions, registry: PlatformRegistry): Values {
  const merged = mergeAll(opts, registry);
  return isStaticInput(opts, registry) ? (merged as Values) : validateValues(merged);
}
