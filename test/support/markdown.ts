/** Markdown as GitHub renders it, as far as the docs tests need: heading anchors, links, option tables. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The lines outside fenced code blocks, with their 1-based numbers. */
export function proseLines(text: string): { line: string; n: number }[] {
  const out: { line: string; n: number }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((line, i) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (m) {
      if (fence === undefined) fence = m[1]![0]!;
      else if (m[1]![0] === fence) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ line, n: i + 1 });
  });
  return out;
}

/** A heading's anchor by GitHub's rules: the rendered text, lower-cased, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  const rendered = heading
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a page: its headings' (a repeated one gets -1, -2, ...) and its `<a id>`/`<a name>`. */
export function anchors(text: string): Set<string> {
  // github-slugger: a repeated slug gets -1, -2, ... (skipping any taken already).
  const occurrences = new Map<string, number>();
  const out = new Set<string>();
  for (const { line } of proseLines(text)) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const base = slug(h[1]!);
      let s = base;
      while (occurrences.has(s)) {
        occurrences.set(base, occurrences.get(base)! + 1);
        s = `${base}-${occurrences.get(base)!}`;
      }
      occurrences.set(s, 0);
      out.add(s);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]!);
  }
  return out;
}

/** The inline links of a page outside code: target and line. */
export function links(text: string): { target: string; n: number }[] {
  const out: { target: string; n: number }[] = [];
  for (const { line, n } of proseLines(text)) {
    for (const m of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: m[1]!, n });
  }
  return out;
}

/** The problems of the relative links of `file` (a path from `root`): a missing file, folder or anchor. */
export function brokenLinks(root: string, file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const problems: string[] = [];
  for (const { target, n } of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [path, fragment] = target.split('#', 2) as [string, string | undefined];
    const resolved = path === '' ? join(root, file) : resolve(join(root, dirname(file)), decodeURI(path));
    const where = `${file}:${n}: ${target}`;
    if (!resolved.startsWith(resolve(root))) problems.push(`${where}: outside the repository`);
    else if (!existsSync(resolved)) problems.push(`${where}: ${relative(root, resolved)} does not exist`);
    else if (fragment !== undefined) {
      if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) problems.push(`${where}: an anchor into a file that is not Markdown`);
      else if (!anchors(readFileSync(resolved, 'utf8')).has(fragment)) problems.push(`${where}: no anchor #${fragment} in ${relative(root, resolved)}`);
    }
  }
  return problems;
}

/** The Markdown files under `dir` (a path from `root`), recursively, sorted. */
export function markdownFiles(root: string, dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip.includes(path)) continue;
    if (entry.isDirectory()) out.push(...markdownFiles(root, path, skip));
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out.sort();
}

/** The flags (`-p`, `--platform`) in the first column of the tables headed "Option" in `text`. */
export function tableFlags(text: string): string[] {
  const flags: string[] = [];
  let inTable = false;
  for (const { line } of proseLines(text)) {
    const cells = line.startsWith('|') ? line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()) : undefined;
    if (!cells) inTable = false;
    else if (/^Option$/i.test(cells[0] ?? '')) inTable = true;
    else if (inTable && !/^:?-+:?$/.test(cells[0] ?? '')) {
      for (const m of (cells[0] ?? '').matchAll(/(?<![\w-])--?[A-Za-z0-9][\w-]*/g)) flags.push(m[0]);
    }
  }
  return flags;
}

/** The part of `text` under the first heading that starts with `` `afc PATH`` (up to a heading of its level or higher). */
export function commandSection(text: string, path: string): string | undefined {
  const prose = proseLines(text);
  const head = new RegExp(`^(#{1,6}) \`afc ${path}[\` ]`);
  const start = prose.findIndex(({ line }) => head.test(line));
  if (start < 0) return undefined;
  const level = head.exec(prose[start]!.line)![1]!.length;
  const next = prose.find(({ line }, i) => i > start && /^#{1,6} /.test(line) && /^#+/.exec(line)![0].length <= level);
  const lines = text.split('\n');
  return lines.slice(prose[start]!.n - 1, next ? next.n - 1 : lines.length).join('\n');
}
