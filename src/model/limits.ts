/**
 * Limits on user input, each checked before the input is used, with an error naming the input, the
 * limit and the fix:
 * - a values file holds at most MAX_VALUES_FILE_BYTES (read in bounded chunks: `-f /dev/zero` stops);
 * - a values file that is a pipe is read without blocking: no writer is an error at once, a writer that
 *   sends nothing for MAX_PIPE_WAIT_MS is an error then (`-f FIFO` never hangs); a terminal is refused;
 * - YAML aliases expand at most MAX_YAML_ALIASES times (the "billion laughs" stop here);
 * - values nest at most MAX_DEPTH maps/lists deep, a `--set` path has at most MAX_DEPTH keys;
 * - the keys `__proto__`, `constructor` and `prototype` are refused everywhere (files and --set);
 * - a ConfigMap's data stays under Kubernetes' 1 MiB (MAX_CONFIGMAP_BYTES, see validate.ts);
 * - an `--against` folder (cluster/folder.ts): each file within MAX_VALUES_FILE_BYTES, all of them within
 *   MAX_AGAINST_BYTES and MAX_AGAINST_FILES, the aliases and depth of values files, no link out of it.
 * Every check is linear in the size of the input.
 */
import { Lexer } from 'yaml';
import { AfcError } from '../errors.js';

export const MAX_VALUES_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_YAML_ALIASES = 100;
export const MAX_PIPE_WAIT_MS = 30_000;
export const MAX_AGAINST_BYTES = 16 * 1024 * 1024;
export const MAX_AGAINST_FILES = 10_000;
export const MAX_DEPTH = 64;
export const MAX_CONFIGMAP_BYTES = 1024 * 1024;
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a key is refused, or undefined. */
export const forbiddenKeyProblem = (key: string): string | undefined =>
  FORBIDDEN_KEYS.has(key) ? `the key "${key}" is not allowed (it would reach JavaScript's object prototype): rename or remove it` : undefined;

/**
 * Checks parsed data iteratively (no recursion): depth at most MAX_DEPTH, no forbidden key (unless
 * `forbidKeys` is false: manifests may hold any key, yaml gives them as own properties). `where` names the input ("values file \"x.yaml\""). Throws AfcError with the dotted path of the first problem.
 */
export function checkPlainInput(data: unknown, where: string, forbidKeys = true): void {
  const stack: [unknown, string, number][] = [[data, '', 0]];
  while (stack.length > 0) {
    const [node, path, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_DEPTH) {
      const shown = path.length > 60 ? `${path.slice(0, 60)}...` : path;
      throw new AfcError(`${where}: ${shown || '(top level)'} nests deeper than ${MAX_DEPTH} levels: values are never that deep; check the file`);
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push([node[i], `${path}[${i}]`, depth + 1]);
      continue;
    }
    for (const key of Object.keys(node)) {
      const at = path ? `${path}.${key}` : key;
      const bad = forbidKeys ? forbiddenKeyProblem(key) : undefined;
      if (bad) throw new AfcError(`${where}: ${at}: ${bad}`);
      stack.push([(node as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
}

/**
 * Why a YAML text nests flow collections (`[`, `{`) deeper than MAX_DEPTH, found by lexing alone
 * (linear, no nodes built), or undefined: a text of a million `[` would otherwise make yaml build
 * millions of nodes and overflow the stack. For multi-document texts (manifests) read by yaml itself.
 */
export function flowDepthProblem(text: string): string | undefined {
  let depth = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (lexeme === '[' || lexeme === '{') {
      if (++depth > MAX_DEPTH) return `nests flow collections ([ or {) deeper than ${MAX_DEPTH} levels`;
    } else if (lexeme === ']' || lexeme === '}') depth--;
  }
  return undefined;
}
